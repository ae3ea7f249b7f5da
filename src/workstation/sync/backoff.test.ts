import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { retryDelayMs } from './backoff.js';

const policy = { baseMs: 500, maxMs: 60_000 };

describe('retryDelayMs', () => {
  it('stays between half the base and the capped exponential ceiling', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 60 }), fc.double({ min: 0, max: 1, noNaN: true }), (attempt, r) => {
        const delay = retryDelayMs(attempt, () => r, policy);
        const ceiling = Math.min(policy.maxMs, policy.baseMs * 2 ** (attempt - 1));
        expect(delay).toBeGreaterThanOrEqual(policy.baseMs / 2);
        expect(delay).toBeLessThanOrEqual(ceiling);
      }),
    );
  });

  it('grows with the attempt number until the cap', () => {
    const top = (attempt: number) => retryDelayMs(attempt, () => 1, policy);
    expect(top(1)).toBe(500);
    expect(top(2)).toBe(1000);
    expect(top(5)).toBe(8000);
    expect(top(30)).toBe(60_000);
  });

  it('by default waits at most 10 s, however many tries failed', () => {
    expect(retryDelayMs(5, () => 1)).toBe(8000);
    expect(retryDelayMs(6, () => 1)).toBe(10_000);
    expect(retryDelayMs(60, () => 1)).toBe(10_000);
  });

  it('spreads clients that fail together (jitter)', () => {
    const delays = new Set(Array.from({ length: 50 }, () => retryDelayMs(6, Math.random, policy)));
    expect(delays.size).toBeGreaterThan(40);
  });
});
