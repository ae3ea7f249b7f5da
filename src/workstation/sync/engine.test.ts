import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { CachePort } from '../cache/cache-port.js';
import { DEFAULT_BACKOFF, retryDelayMs } from './backoff.js';
import { SyncEngine, type AuthPort } from './engine.js';
import type { SyncTransport } from './transport.js';

/** The most a workstation waits between two tries while the server is unreachable. */
const RETRY_CAP_MS = 10_000;

/** A session that always finds the network gone, counting each round that tried. */
function offlineAuth(): AuthPort & { rounds: number } {
  const auth = {
    rounds: 0,
    ensureFresh: async () => {
      auth.rounds += 1;
      return 'offline' as const;
    },
    forceRefresh: async () => 'offline' as const,
  };
  return auth;
}

/** Only what a failed round reads: the health figures for the progress event. */
const idleCache = {
  health: () => ({
    pending: 0,
    oldest_pending_at: null,
    dead_letters: 0,
    last_push_at: null,
    last_pull_at: null,
  }),
} as unknown as CachePort;

const unusedTransport = {} as SyncTransport;

describe('the default retry back-off', () => {
  it('never waits more than 10 s, however many tries failed', () => {
    expect(DEFAULT_BACKOFF.maxMs).toBeLessThanOrEqual(RETRY_CAP_MS);
    for (let attempt = 1; attempt <= 100; attempt += 1) {
      expect(retryDelayMs(attempt, () => 1)).toBeLessThanOrEqual(RETRY_CAP_MS);
    }
  });
});

describe('SyncEngine retrying while offline', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('tries again at most 10 s after each failure, even after an hour of failures', async () => {
    const auth = offlineAuth();
    // random() = 1 takes the top of each jitter range: the longest wait the policy allows.
    const engine = new SyncEngine({
      cache: idleCache,
      transport: unusedTransport,
      auth,
      random: () => 1,
      periodicMs: 60 * 60_000,
    });
    engine.start();
    await vi.advanceTimersByTimeAsync(60 * 60_000);
    const roundsAfterAnHour = auth.rounds;
    // Exponential growth without a cap would have given up on frequent tries long ago (a dozen at most).
    expect(roundsAfterAnHour).toBeGreaterThan(300);
    for (let window = 0; window < 5; window += 1) {
      const before = auth.rounds;
      await vi.advanceTimersByTimeAsync(RETRY_CAP_MS);
      expect(auth.rounds).toBeGreaterThan(before);
    }
    await engine.stop();
  });
});
