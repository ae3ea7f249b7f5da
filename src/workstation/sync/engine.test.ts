import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { CachePort } from '../cache/cache-port.js';
import { DEFAULT_BACKOFF, retryDelayMs } from './backoff.js';
import { SyncEngine, type AuthPort } from './engine.js';
import { TransportError, type SyncTransport } from './transport.js';

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

describe("SyncEngine and the server's rate limit", () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  /** One pending entry; the server refuses the first push with 429 and Retry-After: 30. */
  function rateLimitedFloor() {
    const calls = { push: 0, pull: 0 };
    const entry = {
      seq: 1,
      id: 'm-1',
      op: 'add_note',
      args: {},
      created_at: '2026-12-07T10:00:00Z',
    };
    let pending = [entry];
    const cache = {
      ...idleCache,
      clientId: 'client-1',
      health: () => ({ ...idleCache.health(), pending: pending.length }),
      databaseId: () => 'db-1',
      bindDatabase: () => {},
      pendingBatch: () => pending,
      acknowledge: () => {
        pending = [];
      },
      getCursor: () => 'v1:1',
      applyPulledPage: () => {},
    } as unknown as CachePort;
    const transport: SyncTransport = {
      database: async () => 'db-1',
      push: async () => {
        calls.push += 1;
        if (calls.push === 1) {
          throw new TransportError('rate_limited', 'sync_push: Too many', 429, 'PT429', 30_000);
        }
        return { last_seq: 1, results: [{ seq: 1, id: 'm-1', status: 'applied' }] };
      },
      pull: async () => {
        calls.pull += 1;
        return { resync: false, changes: [], next: null, cursor: 'v1:2' };
      },
      bootstrap: async () => ({ rows: [], next_after: null }),
      callingHours: async () => null,
    };
    const auth: AuthPort = { ensureFresh: async () => 'ok', forceRefresh: async () => 'ok' };
    return { calls, cache, transport, auth };
  }

  it('sends nothing before Retry-After, whatever pokes or asks it, and shows SYNC_RATE_LIMITED', async () => {
    const floor = rateLimitedFloor();
    const errors: (string | undefined)[] = [];
    const engine = new SyncEngine({
      ...floor,
      random: () => 0,
      periodicMs: 60 * 60_000,
      onProgress: (progress) => errors.push(progress.error?.code),
    });
    engine.start();
    await vi.advanceTimersByTimeAsync(0);
    expect(floor.calls.push).toBe(1);
    expect(errors.at(-1)).toBe('SYNC_RATE_LIMITED');

    // A person pressing "sync now" and a local write's poke inside the window go nowhere.
    const asked = await engine.syncOnce();
    expect(asked.error).toMatchObject({ code: 'SYNC_RATE_LIMITED', retry: true });
    expect(asked.error?.retryAfterMs).toBeGreaterThan(29_000);
    engine.poke();
    await vi.advanceTimersByTimeAsync(29_900);
    expect(floor.calls).toEqual({ push: 1, pull: 0 });

    // The ordinary back-off (0.25 s here) would have retried long ago; Retry-After decides.
    await vi.advanceTimersByTimeAsync(200);
    expect(floor.calls.push).toBe(2);
    expect(floor.calls.pull).toBe(1);
    expect(errors.at(-1)).toBeUndefined();
    await engine.stop();
  });
});
