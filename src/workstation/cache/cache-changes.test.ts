// The cache reports what each committed write changed, so cache:changed needs no caller to remember it.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CacheChange } from './cache-changes.js';
import type { ServerRow } from './cache-port.js';
import {
  HOUR,
  NOW,
  seedCache,
  serverInteraction,
  serverLead,
  tempDataDir,
} from '../../../tests/support/cache-rows.js';
import { openCache, type Cache } from './open-cache.js';

const USER = 'c0ffee00-0000-4000-8000-000000000002';

let data: ReturnType<typeof tempDataDir>;
let cache: Cache;
let lead: ServerRow;
let other: ServerRow;
let changes: CacheChange[];

beforeEach(() => {
  data = tempDataDir();
  changes = [];
  cache = openCache({
    dataDir: data.dir,
    userId: USER,
    checkpointIntervalMs: 0,
    onChange: (change) => changes.push(change),
  });
  lead = serverLead(USER);
  other = serverLead(USER);
  seedCache(cache, [lead, other]);
  changes = [];
});
afterEach(() => {
  cache.close();
  data.remove();
});

describe('cache changes', () => {
  it('reports a logged call as a local change of the lead and its history, after it committed', () => {
    let pendingWhenTold = -1;
    cache.close();
    cache = openCache({
      dataDir: data.dir,
      userId: USER,
      checkpointIntervalMs: 0,
      onChange: (change) => {
        changes.push(change);
        pendingWhenTold = cache.health().pending;
      },
    });
    const done = cache.logCall({ leadId: lead.id, disposition: 'NA', now: NOW });
    expect(done.ok).toBe(true);
    expect(changes).toEqual([
      { tables: ['leads', 'interactions'], lead_ids: [lead.id], origin: 'local' },
    ]);
    expect(pendingWhenTold).toBe(1);
  });

  it('adds callbacks to the tables when the call promised one', () => {
    cache.logCall({ leadId: lead.id, disposition: 'CB', callbackAt: NOW + 2 * HOUR, now: NOW });
    expect(changes.at(-1)?.tables).toContain('callbacks');
  });

  it('reports each kind of local write with the lead it touched', () => {
    cache.addNote({ leadId: lead.id, content: 'asked for a brochure', now: NOW });
    cache.setStatus({ leadId: other.id, from: 'new', to: 'contacted', now: NOW });
    const scheduled = cache.scheduleCallback({ leadId: lead.id, dueAt: NOW + HOUR, now: NOW });
    if (!scheduled.ok) throw new Error(scheduled.message);
    cache.completeCallback({ callbackId: scheduled.callback.id, state: 'done', now: NOW });
    expect(changes).toEqual([
      { tables: ['interactions'], lead_ids: [lead.id], origin: 'local' },
      { tables: ['leads'], lead_ids: [other.id], origin: 'local' },
      { tables: ['callbacks', 'leads'], lead_ids: [lead.id], origin: 'local' },
      { tables: ['callbacks', 'leads'], lead_ids: [lead.id], origin: 'local' },
    ]);
  });

  it('reports nothing for a refused write', () => {
    const refused = cache.logCall({ leadId: lead.id, disposition: 'NO-SUCH-CODE', now: NOW });
    expect(refused.ok).toBe(false);
    expect(
      cache.addNote({ leadId: '00000000-0000-4000-8000-00000000dead', content: 'x', now: NOW }).ok,
    ).toBe(false);
    expect(changes).toEqual([]);
  });

  it('reports a pulled page as a server change of the leads it names', () => {
    const note = serverInteraction(other.id);
    cache.applyPulledPage(
      [
        {
          entity: 'lead',
          id: lead.id,
          op: 'upsert',
          row: { ...lead, name: 'Asha V.', version: 2 },
        },
        { entity: 'interaction', id: note.id, op: 'upsert', row: note },
      ],
      null,
      new Date(NOW).toISOString(),
    );
    expect(changes).toEqual([
      { tables: ['leads', 'interactions'], lead_ids: [lead.id, other.id], origin: 'server' },
    ]);
  });

  it('reports a revoked lead with its history and callbacks, and an empty page not at all', () => {
    cache.applyPulledPage([], 'cursor-1', new Date(NOW).toISOString());
    expect(changes).toEqual([]);
    cache.applyPulledPage(
      [{ entity: 'lead', id: lead.id, op: 'remove' }],
      null,
      new Date(NOW).toISOString(),
    );
    expect(changes).toEqual([
      { tables: ['leads', 'interactions', 'callbacks'], lead_ids: [lead.id], origin: 'server' },
    ]);
    expect(cache.leadWithHistory(lead.id)).toBeNull();
  });

  it('reports an acknowledged push as a server change of its leads only, once', () => {
    const done = cache.logCall({ leadId: lead.id, disposition: 'NA', now: NOW });
    if (!done.ok) throw new Error(done.message);
    const answer = { seq: done.seq, id: cache.pendingBatch(1)[0]!.id, status: 'applied' as const };
    changes = [];
    cache.acknowledge([answer], new Date(NOW).toISOString());
    expect(changes).toEqual([
      { tables: ['leads', 'interactions', 'callbacks'], lead_ids: [lead.id], origin: 'server' },
    ]);
    // The same answer again (a retried push) changed nothing and reports nothing.
    changes = [];
    cache.acknowledge([answer], new Date(NOW).toISOString());
    expect(changes).toEqual([]);
  });

  it('counts the queue again after any write, not from a stale count', () => {
    const before = cache.queueTotal(NOW);
    expect(before).toBe(2);
    expect(cache.queueTotal(NOW)).toBe(before);
    cache.logCall({ leadId: lead.id, disposition: 'DNC', now: NOW });
    expect(cache.queueTotal(NOW)).toBe(1);
    cache.applyPulledPage(
      [{ entity: 'lead', id: other.id, op: 'remove' }],
      null,
      new Date(NOW).toISOString(),
    );
    expect(cache.queueTotal(NOW)).toBe(0);
  });
});
