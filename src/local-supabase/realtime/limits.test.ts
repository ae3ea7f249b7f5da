import { describe, expect, it } from 'vitest';
import {
  DEFAULT_REALTIME_LIMITS,
  RealtimeLimits,
  TOO_MANY_CHANNELS,
  TOO_MANY_JOINS,
  TOO_MANY_USERS,
} from './limits.js';

function limitsAt(start: number) {
  let now = start;
  const limits = new RealtimeLimits(
    { ...DEFAULT_REALTIME_LIMITS, maxJoinsPerSecond: 3, maxEventsPerSecond: 2 },
    () => now,
  );
  return { limits, advance: (ms: number) => (now += ms) };
}

describe('Realtime tenant limits', () => {
  it('refuses joins past the rate within a second, and takes them again the next second', () => {
    const { limits, advance } = limitsAt(10_000);
    const joins = () => Array.from({ length: 4 }, () => limits.refuseJoin(1, 0));
    expect(joins()).toEqual([undefined, undefined, undefined, TOO_MANY_JOINS]);
    advance(999);
    expect(limits.refuseJoin(1, 0)).toBe(TOO_MANY_JOINS);
    advance(1);
    expect(joins()).toEqual([undefined, undefined, undefined, TOO_MANY_JOINS]);
  });

  it('refuses events past the rate within a second', () => {
    const { limits, advance } = limitsAt(0);
    expect([limits.takeEvent(), limits.takeEvent(), limits.takeEvent()]).toEqual([
      true,
      true,
      false,
    ]);
    advance(1000);
    expect(limits.takeEvent()).toBe(true);
  });

  it('checks connected users and channels per client before counting a join', () => {
    const { limits } = limitsAt(0);
    expect(limits.refuseJoin(201, 0)).toBe(TOO_MANY_USERS);
    expect(limits.refuseJoin(1, 100)).toBe(TOO_MANY_CHANNELS);
    // Neither refusal spent one of the second's three joins.
    expect([limits.refuseJoin(1, 0), limits.refuseJoin(1, 0), limits.refuseJoin(1, 0)]).toEqual([
      undefined,
      undefined,
      undefined,
    ]);
  });

  it('names a handshake header longer than max_header_length', () => {
    const { limits } = limitsAt(0);
    expect(limits.overlongHeader({ host: 'x', 'x-long': 'a'.repeat(4097) })).toBe('x-long');
    expect(limits.overlongHeader({ host: 'x', 'x-fits': 'a'.repeat(4096) })).toBeUndefined();
  });
});
