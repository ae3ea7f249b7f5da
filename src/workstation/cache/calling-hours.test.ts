// The floor's calling hours in the cache and the sync engine: kept across a reopen, judged by the queue
// and the dial check, announced only when they change, and asked of the server on a timer or a poke,
// never on every round.
import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { WEEKDAYS } from '../../domain/calling-window.js';
import {
  HOUR,
  NOW,
  seedCache,
  serverLead,
  tempDataDir,
} from '../../../tests/support/cache-rows.js';
import { SyncEngine } from '../sync/engine.js';
import { TransportError, type SyncTransport } from '../sync/transport.js';
import type { CacheChange } from './cache-changes.js';
import type { CallingHours } from './cache-port.js';
import { openCache, type Cache } from './open-cache.js';

/** Sunday 2026-11-22 12:00 in India: outside the default Mon–Sat hours, inside all-week ones. */
const SUNDAY = NOW - 24 * HOUR;
const ALL_WEEK: CallingHours = {
  window: { start: '00:00', end: '24:00', days: [...WEEKDAYS] },
  updated_at: '2026-11-21T08:00:00.000Z',
};

const dirs: { remove(): void }[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) dir.remove();
});

function cacheIn(dir: string, userId: string, changes: CacheChange[] = []): Cache {
  return openCache({
    dataDir: dir,
    userId,
    checkpointIntervalMs: 0,
    onChange: (change) => changes.push(change),
  });
}

describe('the calling hours in the cache', () => {
  it('judge the queue and the dial check, and survive a reopen (offline: the last known ones)', () => {
    const data = tempDataDir();
    dirs.push(data);
    const userId = randomUUID();
    const changes: CacheChange[] = [];
    let cache = cacheIn(data.dir, userId, changes);
    seedCache(cache, [serverLead(userId)]);
    expect(cache.callingHours()).toBeNull();
    expect(cache.queue({ now: SUNDAY, limit: 10 })).toHaveLength(0);
    expect(cache.queueTotal(SUNDAY)).toBe(0);

    changes.length = 0;
    cache.applyCallingHours(ALL_WEEK);
    expect(changes).toEqual([
      { tables: ['leads', 'floor_settings'], lead_ids: null, origin: 'server' },
    ]);
    expect(cache.queue({ now: SUNDAY, limit: 10 })).toHaveLength(1);
    expect(cache.queueTotal(SUNDAY)).toBe(1);

    cache.close();
    cache = cacheIn(data.dir, userId);
    expect(cache.callingHours()).toEqual(ALL_WEEK);
    expect(cache.callingWindow()).toEqual(ALL_WEEK.window);
    expect(cache.queue({ now: SUNDAY, limit: 10 })).toHaveLength(1);
    cache.close();
  });

  it('announce no leads when the server sends the hours the cache already judges by, and nothing for the same hours again', () => {
    const data = tempDataDir();
    dirs.push(data);
    const changes: CacheChange[] = [];
    const cache = cacheIn(data.dir, randomUUID(), changes);
    // The first answer equals the default the cache was using: no lead moves, but the hours are known
    // now (floor:calling-hours answers their updated_at), which the hours panels wait for.
    cache.applyCallingHours({
      window: { start: '09:00', end: '21:00', days: ['sat', 'fri', 'thu', 'wed', 'tue', 'mon'] },
      updated_at: '2026-11-20T08:00:00.000Z',
    });
    cache.applyCallingHours(ALL_WEEK);
    cache.applyCallingHours(ALL_WEEK);
    expect(changes).toEqual([
      { tables: ['floor_settings'], lead_ids: null, origin: 'server' },
      { tables: ['leads', 'floor_settings'], lead_ids: null, origin: 'server' },
    ]);
    cache.close();
  });
});

describe('the sync engine and the calling hours', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  function engineOver(callingHours: () => Promise<CallingHours | null>) {
    const data = tempDataDir();
    dirs.push(data);
    const cache = cacheIn(data.dir, randomUUID());
    const asked = { hours: 0 };
    const transport: SyncTransport = {
      database: async () => 'db-1',
      push: async () => ({ last_seq: 0, results: [] }),
      pull: async () => ({ resync: false, changes: [], next: null, cursor: 'v1:1' }),
      bootstrap: async () => ({ rows: [], next_after: null }),
      callingHours: () => {
        asked.hours += 1;
        return callingHours();
      },
    };
    let clock = NOW;
    const engine = new SyncEngine({
      cache,
      transport,
      auth: { ensureFresh: async () => 'ok', forceRefresh: async () => 'ok' },
      now: () => clock,
      periodicMs: 30_000,
    });
    return {
      cache,
      engine,
      asked,
      advance: (ms: number) => {
        clock += ms;
      },
    };
  }

  it('asks on the first round, then once per period or after a poke, not on every round', async () => {
    const rig = engineOver(async () => ALL_WEEK);
    expect((await rig.engine.syncOnce()).ok).toBe(true);
    expect(rig.asked.hours).toBe(1);
    expect(rig.cache.callingHours()).toEqual(ALL_WEEK);

    // A push after each key press is a round too: none of them asks again within the period.
    await rig.engine.syncOnce();
    rig.advance(29_000);
    await rig.engine.syncOnce();
    expect(rig.asked.hours).toBe(1);

    rig.advance(1_000);
    await rig.engine.syncOnce();
    expect(rig.asked.hours).toBe(2);

    // A realtime change of floor_settings: the very next round asks (start() is off, so no round runs itself).
    rig.engine.pokeCallingHours();
    await rig.engine.syncOnce();
    expect(rig.asked.hours).toBe(3);
    rig.cache.close();
  });

  it('keeps syncing with the last known hours when the server cannot give them', async () => {
    let answer: () => Promise<CallingHours | null> = async () => ALL_WEEK;
    const rig = engineOver(() => answer());
    await rig.engine.syncOnce();

    // An older server without floor_settings: the round still succeeds.
    answer = async () => {
      throw new TransportError('protocol', 'floor_settings: no such table', 404, 'PGRST205');
    };
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    rig.engine.pokeCallingHours();
    expect((await rig.engine.syncOnce()).ok).toBe(true);
    expect(warn).toHaveBeenCalledOnce();
    warn.mockRestore();
    expect(rig.cache.callingHours()).toEqual(ALL_WEEK);

    // Unreachable is offline, as for the rest of the round; the hours stay.
    answer = async () => {
      throw new TransportError('network', 'fetch failed', 0, '');
    };
    rig.engine.pokeCallingHours();
    expect((await rig.engine.syncOnce()).error).toMatchObject({ code: 'OFFLINE' });
    expect(rig.cache.callingHours()).toEqual(ALL_WEEK);
    rig.cache.close();
  });
});
