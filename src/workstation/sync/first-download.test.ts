// A first download cut short half way, through the real engine into a real SQLite cache: what the queue
// answers while the leads arrive and after the network went, and that a lead shown early carries its
// callbacks (a call logged on it closes the one that is due). The server is a scripted transport here;
// sync_bootstrap's own pages are tested against PostgreSQL in tests/db.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CallingHours, ServerRow, SyncEntity } from '../cache/cache-port.js';
import type { CacheChange } from '../cache/cache-changes.js';
import { openCache, type Cache } from '../cache/open-cache.js';
import {
  MINUTE,
  NOW,
  serverCallback,
  serverDispositions,
  serverInteraction,
  serverLead,
  tempDataDir,
} from '../../../tests/support/cache-rows.js';
import { SyncEngine, type AuthPort } from './engine.js';
import { TransportError, type SyncTransport } from './transport.js';

const USER = 'd00d0000-0000-4000-8000-0000000000f1';
const PAGE = 2;
const iso = (ms: number) => new Date(ms).toISOString();
const auth: AuthPort = { ensureFresh: async () => 'ok', forceRefresh: async () => 'ok' };
/** The floor's own hours, unlike the default (09:00–21:00 Mon–Sat); Monday noon in India is inside. */
const FLOOR_HOURS: CallingHours = {
  window: { start: '10:00', end: '19:00', days: ['mon', 'tue', 'wed', 'thu', 'fri'] },
  updated_at: '2026-11-20T08:00:00.000Z',
};

/** Six leads by id; the fourth has a callback due ten minutes ago, as the server's trigger keeps it. */
function floor() {
  const leads = Array.from({ length: 6 }, (_, i) =>
    serverLead(USER, { id: `00000000-0000-4000-8000-00000000000${i + 1}`, name: `Lead ${i + 1}` }),
  );
  const due = NOW - 10 * MINUTE;
  const promised = leads[3]!;
  Object.assign(promised, { status: 'contacted', attempts: 1, callback_due_at: iso(due) });
  const callback = serverCallback(promised.id as string, { due_at: iso(due) });
  const rows: Record<SyncEntity | 'disposition', ServerRow[]> = {
    disposition: serverDispositions(),
    lead: leads,
    interaction: leads.map((lead) => serverInteraction(lead.id as string)),
    callback: [callback],
  };
  return { leads, promised, callback, rows };
}

/** sync_bootstrap's keyset pages over `rows`; the network goes when `cut` says so. */
function scriptedServer(
  rows: Record<SyncEntity | 'disposition', ServerRow[]>,
  cut: (entity: SyncEntity | 'disposition', after: string | null) => boolean,
): SyncTransport & { asked: string[] } {
  const asked: string[] = [];
  const keyOf = (entity: string, row: ServerRow) =>
    String(entity === 'disposition' ? row.code : row.id);
  return {
    asked,
    database: async () => 'db-1',
    push: async () => ({ last_seq: 0, results: [] }),
    pull: async (cursor) =>
      cursor === null
        ? { resync: true, cursor: 'v1:c1', changes: [], next: null }
        : { resync: false, changes: [], next: null, cursor },
    bootstrap: async (entity, after, limit) => {
      asked.push(`${entity}@${after ?? 'start'}`);
      if (cut(entity, after)) throw new TransportError('network', 'connection reset', 0, 'NETWORK');
      const sorted = [...rows[entity]].sort((a, b) =>
        keyOf(entity, a).localeCompare(keyOf(entity, b)),
      );
      const rest = sorted.filter((row) => after === null || keyOf(entity, row) > after);
      const page = rest.slice(0, limit);
      const more = rest.length > limit;
      return { rows: page, next_after: more ? keyOf(entity, page.at(-1)!) : null };
    },
    callingHours: async () => FLOOR_HOURS,
  };
}

let data: ReturnType<typeof tempDataDir>;
let cache: Cache;
let changes: CacheChange[];
let queueAtEachChange: number[];

function open(): Cache {
  return openCache({
    dataDir: data.dir,
    userId: USER,
    checkpointIntervalMs: 0,
    onChange: (change) => {
      changes.push(change);
      if (change.tables.includes('leads')) {
        queueAtEachChange.push(cache.queue({ now: NOW, limit: 50 }).length);
      }
    },
  });
}

function engineFor(transport: SyncTransport): SyncEngine {
  return new SyncEngine({
    cache,
    transport,
    auth,
    now: () => NOW,
    bootstrapPageSize: PAGE,
    periodicMs: 60 * 60_000,
  });
}

beforeEach(() => {
  data = tempDataDir();
  changes = [];
  queueAtEachChange = [];
  cache = open();
});
afterEach(() => {
  cache.close();
  data.remove();
});

describe('a first download cut short half way', () => {
  it('shows each page of leads as it arrives, the callback that is due included, and keeps them when the network goes', async () => {
    const { leads, promised, callback, rows } = floor();
    // The network goes at the third page of leads: four of six are in the cache, no history yet.
    const server = scriptedServer(
      rows,
      (entity, after) => entity === 'lead' && after === leads[3]!.id,
    );
    const round = await engineFor(server).syncOnce();

    expect(round).toMatchObject({ ok: false, error: { code: 'OFFLINE' } });
    // Callbacks come before leads, so a lead is never shown without the callback it owes.
    const entities = [...new Set(server.asked.map((asked) => asked.split('@')[0]))];
    expect(entities).toEqual(['disposition', 'callback', 'lead']);
    // Each page of leads was announced as it committed, and the queue had grown by it at that moment.
    // (The hours, then the callbacks, whose leads are not in yet, then two pages of two leads.)
    expect(queueAtEachChange).toEqual([0, 0, 2, 4]);
    expect(cache.getCursor()).toBeNull();
    // The hours were read before the download, so the screens had the floor's own from its start.
    expect(cache.callingHours()).toEqual(FLOOR_HOURS);
    const hoursAt = changes.findIndex((change) => change.tables.includes('floor_settings'));
    const firstLeadsAt = changes.findIndex((change) => change.tables.join() === 'leads,callbacks');
    expect(hoursAt).toBeGreaterThanOrEqual(0);
    expect(hoursAt).toBeLessThan(firstLeadsAt);

    const queue = cache.queue({ now: NOW, limit: 50 });
    expect(queue.map((entry) => [entry.lead.name, entry.reason])).toEqual([
      ['Lead 4', 'callback_overdue'],
      ['Lead 1', 'new'],
      ['Lead 2', 'new'],
      ['Lead 3', 'new'],
    ]);
    expect(cache.queueTotal(NOW)).toBe(4);
    expect(cache.leadWithHistory(promised.id as string)?.callbacks.map((c) => c.id)).toEqual([
      callback.id,
    ]);

    // A call on the callback lead during the download closes its callback, as after a full download.
    const call = cache.logCall({ leadId: promised.id as string, disposition: 'NA', now: NOW });
    expect(call.ok && call.kept.map((c) => [c.id, c.state])).toEqual([[callback.id, 'done']]);
    expect(cache.health().pending).toBe(2);
  });

  it('answers the same queue after a restart, and the whole one once the download finishes', async () => {
    const { leads, rows } = floor();
    let networkUp = false;
    const server = scriptedServer(
      rows,
      (entity, after) => !networkUp && entity === 'lead' && after === leads[3]!.id,
    );
    expect((await engineFor(server).syncOnce()).ok).toBe(false);

    // The workstation is closed mid-download and opened again: the leads already in are shown.
    cache.close();
    cache = open();
    expect(cache.queue({ now: NOW, limit: 50 }).map((entry) => entry.lead.name)).toEqual([
      'Lead 4',
      'Lead 1',
      'Lead 2',
      'Lead 3',
    ]);

    networkUp = true;
    changes = [];
    expect((await engineFor(server).syncOnce()).ok).toBe(true);
    expect(cache.getCursor()).toBe('v1:c1');
    expect(cache.queueTotal(NOW)).toBe(6);
    // History arrived last, each page announced before the download's end, so an open lead reads it.
    const history = changes.findIndex((change) => change.tables.join() === 'interactions');
    const end = changes.findIndex((change) => change.tables.length === 4);
    expect(history).toBeGreaterThanOrEqual(0);
    expect(history).toBeLessThan(end);
    expect(cache.leadWithHistory(leads[0]!.id as string)?.interactions).toHaveLength(1);
  });
});
