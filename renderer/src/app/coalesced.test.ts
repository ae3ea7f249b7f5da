import { describe, expect, it } from 'vitest';
import { coalesced } from './coalesced';

describe('coalesced', () => {
  it('runs once more, not once per request, for requests that arrive during a run', async () => {
    let runs = 0;
    let release: () => void = () => undefined;
    const read = coalesced(async () => {
      runs += 1;
      if (runs === 1) await new Promise<void>((resolve) => (release = resolve));
    });
    const first = read();
    const second = read();
    const third = read();
    expect(second).toBe(first);
    expect(third).toBe(first);
    release();
    await first;
    expect(runs).toBe(2);
  });

  it('starts a fresh run after the last one settled, also when it failed', async () => {
    let runs = 0;
    const read = coalesced(async () => {
      runs += 1;
      if (runs === 1) throw new Error('offline');
    });
    await expect(read()).rejects.toThrow('offline');
    await read();
    expect(runs).toBe(2);
  });
});
