import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { PulledChange, ServerRow } from './cache-port.js';
import { CacheError } from './cache-error.js';
import {
  HOUR,
  NOW,
  seedCache,
  serverCallback,
  serverDispositions,
  serverInteraction,
  serverLead,
  snapshot,
  tempDataDir,
} from '../../../tests/support/cache-rows.js';
import { openCache, type Cache } from './open-cache.js';

const USER = 'd00d0000-0000-4000-8000-000000000001';
const iso = (ms: number) => new Date(ms).toISOString();

let data: ReturnType<typeof tempDataDir>;
let cache: Cache;
let lead: ServerRow;
let other: ServerRow;

beforeEach(() => {
  data = tempDataDir();
  cache = openCache({ dataDir: data.dir, userId: USER, checkpointIntervalMs: 0 });
  lead = serverLead(USER, { name: 'Kiran Rao', version: 3 });
  other = serverLead(USER, { name: 'Ravi Menon' });
  seedCache(cache, [lead, other]);
});
afterEach(() => {
  cache.close();
  data.remove();
});

const upsert = (entity: PulledChange['entity'], row: ServerRow): PulledChange => ({
  entity,
  id: row.id,
  op: 'upsert',
  row,
});
const remove = (entity: PulledChange['entity'], id: string): PulledChange => ({
  entity,
  id,
  op: 'remove',
});

function logNa(leadId = lead.id) {
  const done = cache.logCall({ leadId, disposition: 'NA', notes: 'rang out', now: NOW });
  if (!done.ok) throw new Error(done.message);
  return done;
}

describe('applyPulledPage', () => {
  it('applies a page of upserts, and applying it again gives the same state', () => {
    const call = serverInteraction(lead.id);
    const callback = serverCallback(lead.id, { due_at: iso(NOW + HOUR) });
    const page = [
      upsert('lead', { ...lead, attempts: 1, callback_due_at: iso(NOW + HOUR), version: 4 }),
      upsert('interaction', call),
      upsert('callback', callback),
      upsert('lead', { ...lead, attempts: 1, callback_due_at: iso(NOW + HOUR), version: 4 }),
    ];
    cache.applyPulledPage(page, 'c1', iso(NOW));
    const once = snapshot(cache.path);
    cache.applyPulledPage(page, 'c1', iso(NOW));
    expect(snapshot(cache.path)).toEqual(once);
    const view = cache.leadWithHistory(lead.id);
    expect(view?.lead).toMatchObject({ attempts: 1, callback_due_at: NOW + HOUR, version: 4 });
    expect(view?.interactions.map((i) => [i.id, i.sync.state])).toEqual([[call.id, 'synced']]);
    expect(view?.callbacks.map((c) => c.id)).toEqual([callback.id]);
  });

  it('stores the cursor only with the last page of a pull', () => {
    cache.applyPulledPage([upsert('lead', { ...lead, name: 'Kiran R.' })], null, iso(NOW));
    expect(cache.getCursor()).toBe('c0');
    cache.applyPulledPage([], 'c2', iso(NOW + 1000));
    expect(cache.getCursor()).toBe('c2');
    expect(cache.health()).toMatchObject({ cursor: 'c2', last_pull_at: iso(NOW + 1000) });
  });

  it('applies nothing of a page with a row it cannot read (CACHE_ROW_INVALID), cursor included', () => {
    const before = snapshot(cache.path);
    const broken = { ...other, status: 'archived' } as ServerRow;
    let thrown: unknown;
    try {
      cache.applyPulledPage(
        [upsert('lead', { ...lead, name: 'changed' }), upsert('lead', broken)],
        'c9',
        iso(NOW),
      );
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(CacheError);
    expect((thrown as CacheError).code).toBe('CACHE_ROW_INVALID');
    expect(snapshot(cache.path)).toEqual(before);
  });

  it('replays pending intents over a newer server row of the lead', () => {
    const call = logNa();
    const status = cache.setStatus({ leadId: lead.id, to: 'qualified', now: NOW + 1 });
    expect(status.ok).toBe(true);
    // A manager renamed the lead and raised its priority; the server has not seen our call yet.
    cache.applyPulledPage(
      [upsert('lead', { ...lead, name: 'Kiran Rao (VIP)', priority: 7, version: 5 })],
      'c1',
      iso(NOW),
    );
    expect(cache.leadWithHistory(lead.id)?.lead).toMatchObject({
      name: 'Kiran Rao (VIP)',
      priority: 7,
      version: 5,
      attempts: 1,
      last_contact_at: NOW,
      status: 'qualified',
    });
    expect(cache.leadWithHistory(lead.id)?.interactions.map((i) => [i.id, i.sync.state])).toEqual([
      [call.interaction.id, 'pending'],
    ]);
  });

  it('shows the server status when it moved away from what a pending set_status expects', () => {
    expect(cache.setStatus({ leadId: lead.id, to: 'contacted', now: NOW }).ok).toBe(true);
    cache.applyPulledPage(
      [upsert('lead', { ...lead, status: 'lost', version: 4 })],
      'c1',
      iso(NOW),
    );
    expect(cache.leadWithHistory(lead.id)?.lead.status).toBe('lost');
    expect(cache.pendingBatch(10)).toHaveLength(1);
  });

  it('keeps a pending interaction visible until the server row with its id arrives, then shows that row', () => {
    const call = logNa();
    cache.acknowledge(
      [{ seq: call.seq, id: cache.pendingBatch(1)[0]?.id ?? '', status: 'applied' }],
      iso(NOW),
    );
    expect(cache.leadWithHistory(lead.id)?.interactions.map((i) => i.sync.state)).toEqual(['sent']);
    const confirmed = serverInteraction(lead.id, {
      id: call.interaction.id,
      content: 'rang out',
      occurred_at: iso(NOW),
    });
    cache.applyPulledPage(
      [
        upsert('lead', {
          ...lead,
          attempts: 1,
          last_contact_at: iso(NOW),
          recycle_at: iso(NOW + 2 * HOUR),
          version: 4,
        }),
        upsert('interaction', confirmed),
      ],
      'c1',
      iso(NOW),
    );
    const view = cache.leadWithHistory(lead.id);
    expect(view?.interactions).toEqual([
      expect.objectContaining({
        id: call.interaction.id,
        local_seq: null,
        sync: { state: 'synced' },
      }),
    ]);
    expect(view?.lead).toMatchObject({ attempts: 1, version: 4 });
  });

  it('drops a removed lead with its history and callbacks, keeps its outbox entries, and replays them when it comes back', () => {
    const callback = serverCallback(lead.id);
    cache.applyPulledPage(
      [upsert('interaction', serverInteraction(lead.id)), upsert('callback', callback)],
      'c1',
      iso(NOW),
    );
    const call = logNa();
    cache.applyPulledPage([remove('lead', lead.id)], 'c2', iso(NOW));
    expect(cache.leadWithHistory(lead.id)).toBeNull();
    expect(
      snapshot(cache.path, ['interactions', 'callbacks', 'callback_server', 'lead_server']),
    ).toEqual({
      interactions: [],
      callbacks: [],
      callback_server: [],
      lead_server: [expect.objectContaining({ id: other.id })],
    });
    expect(cache.pendingBatch(10).map((e) => e.seq)).toEqual([call.seq]);
    expect(cache.health().pending).toBe(1);

    cache.applyPulledPage([upsert('lead', { ...lead, version: 6 })], 'c3', iso(NOW));
    const back = cache.leadWithHistory(lead.id);
    expect(back?.lead.attempts).toBe(1);
    expect(back?.interactions.map((i) => [i.id, i.sync.state])).toEqual([
      [call.interaction.id, 'pending'],
    ]);
  });

  it('removes a single interaction or callback the server no longer shows', () => {
    const call = serverInteraction(lead.id);
    const callback = serverCallback(lead.id);
    cache.applyPulledPage(
      [upsert('interaction', call), upsert('callback', callback)],
      'c1',
      iso(NOW),
    );
    cache.applyPulledPage(
      [remove('interaction', call.id), remove('callback', callback.id)],
      'c2',
      iso(NOW),
    );
    const view = cache.leadWithHistory(lead.id);
    expect(view?.interactions).toEqual([]);
    expect(view?.callbacks).toEqual([]);
  });
});

describe('acknowledge', () => {
  it('takes applied and duplicate answers out of the outbox and records the push time', () => {
    const first = logNa();
    const second = logNa(other.id);
    const [a, b] = cache.pendingBatch(10);
    cache.acknowledge(
      [
        { seq: first.seq, id: a?.id ?? '', status: 'applied' },
        { seq: second.seq, id: b?.id ?? '', status: 'duplicate' },
      ],
      iso(NOW + 5000),
    );
    expect(cache.pendingBatch(10)).toEqual([]);
    expect(cache.deadLetters()).toEqual([]);
    expect(cache.health()).toMatchObject({
      pending: 0,
      oldest_pending_at: null,
      dead_letters: 0,
      last_push_at: iso(NOW + 5000),
    });
    // Optimistic effects stay until the pull brings the server's row.
    expect(cache.leadWithHistory(lead.id)?.lead.attempts).toBe(1);
  });

  it('moves a rejected intent to dead letters, reverts its effect, and keeps the call visible marked rejected', () => {
    const call = logNa();
    const note = cache.addNote({ leadId: lead.id, content: 'still pending', now: NOW + 1 });
    if (!note.ok) throw new Error(note.message);
    const [entry] = cache.pendingBatch(1);
    cache.acknowledge(
      [
        {
          seq: call.seq,
          id: entry?.id ?? '',
          status: 'rejected',
          code: 'FORBIDDEN',
          message: 'Not your lead.',
        },
      ],
      iso(NOW),
    );

    expect(cache.deadLetters()).toEqual([
      expect.objectContaining({
        seq: call.seq,
        op: 'log_call',
        status: 'rejected',
        code: 'FORBIDDEN',
        message: 'Not your lead.',
        failed_at: iso(NOW),
      }),
    ]);
    expect(cache.health()).toMatchObject({ pending: 1, dead_letters: 1 });
    const view = cache.leadWithHistory(lead.id);
    expect(view?.lead).toMatchObject({ attempts: 0, last_contact_at: null, recycle_at: null });
    expect(view?.interactions.map((i) => [i.id, i.sync])).toEqual(
      expect.arrayContaining([
        [
          call.interaction.id,
          { state: 'rejected', seq: call.seq, code: 'FORBIDDEN', message: 'Not your lead.' },
        ],
        [note.interaction.id, { state: 'pending', seq: note.seq }],
      ]),
    );
    expect(view?.deadLetters.map((d) => d.seq)).toEqual([call.seq]);
  });

  it("applies a conflict's server row and shows it under the remaining intents", () => {
    const move = cache.setStatus({ leadId: lead.id, to: 'contacted', now: NOW });
    if (!move.ok) throw new Error(move.message);
    const [entry] = cache.pendingBatch(1);
    const serverRow = { ...lead, status: 'qualified', version: 7 };
    cache.acknowledge(
      [{ seq: move.seq, id: entry?.id ?? '', status: 'conflict', server_row: serverRow }],
      iso(NOW),
    );
    expect(cache.leadWithHistory(lead.id)?.lead).toMatchObject({ status: 'qualified', version: 7 });
    expect(cache.deadLetters()[0]).toMatchObject({
      status: 'conflict',
      code: 'SYNC_CONFLICT',
      server_row: serverRow,
    });
  });

  it('keeps a refusal that comes back as a duplicate (the first answer was lost) as a dead letter', () => {
    const call = logNa();
    const note = cache.addNote({ leadId: other.id, content: 'applied the first time', now: NOW });
    if (!note.ok) throw new Error(note.message);
    const [callEntry, noteEntry] = cache.pendingBatch(2);
    cache.acknowledge(
      [
        {
          seq: call.seq,
          id: callEntry?.id ?? '',
          status: 'duplicate',
          original_status: 'rejected',
          code: 'DNC_LEAD',
          message: 'On the DNC list.',
        },
        { seq: note.seq, id: noteEntry?.id ?? '', status: 'duplicate', original_status: 'applied' },
      ],
      iso(NOW),
    );
    expect(cache.deadLetters()).toEqual([
      expect.objectContaining({ seq: call.seq, status: 'rejected', code: 'DNC_LEAD' }),
    ]);
    expect(cache.pendingBatch(10)).toEqual([]);
  });

  it('dead-letters an answer for another mutation under the same seq instead of dropping the entry', () => {
    const call = logNa();
    cache.acknowledge([{ seq: call.seq, id: 'not-the-entry-id', status: 'applied' }], iso(NOW));
    expect(cache.deadLetters()).toEqual([
      expect.objectContaining({ seq: call.seq, status: 'rejected', code: 'INVALID_MUTATION' }),
    ]);
  });

  it('is idempotent: the same answers twice change nothing the second time', () => {
    logNa();
    const results = cache
      .pendingBatch(10)
      .map((e) => ({ seq: e.seq, id: e.id, status: 'rejected' as const, code: 'FORBIDDEN' }));
    cache.acknowledge(results, iso(NOW));
    const once = snapshot(cache.path);
    cache.acknowledge(results, iso(NOW));
    expect(snapshot(cache.path)).toEqual(once);
  });
});

describe('resync', () => {
  it('replaces the server rows, drops what was not sent again, and keeps pending writes replayed on top', () => {
    const oldCall = serverInteraction(other.id);
    cache.applyPulledPage(
      [upsert('interaction', oldCall), upsert('callback', serverCallback(other.id))],
      'c1',
      iso(NOW),
    );
    const call = logNa();
    const gone = logNa(other.id);

    cache.beginResync();
    cache.applyBootstrapRows('lead', [{ ...lead, priority: 5, version: 9 }]);
    cache.applyBootstrapRows('interaction', []);
    cache.applyBootstrapRows('callback', []);
    cache.applyBootstrapRows(
      'disposition',
      serverDispositions().filter((d) => d.code !== 'DEC'),
    );
    cache.finishResync('r1', iso(NOW + 1000));

    expect(cache.getCursor()).toBe('r1');
    expect(cache.leadWithHistory(other.id)).toBeNull();
    expect(cache.leadWithHistory(lead.id)?.lead).toMatchObject({
      priority: 5,
      version: 9,
      attempts: 1,
    });
    expect(cache.leadWithHistory(lead.id)?.interactions.map((i) => i.id)).toEqual([
      call.interaction.id,
    ]);
    expect(cache.pendingBatch(10).map((e) => e.seq)).toEqual([call.seq, gone.seq]);
    expect(cache.dispositions().map((d) => d.code)).not.toContain('DEC');
    expect(cache.logCall({ leadId: lead.id, disposition: 'DEC', now: NOW })).toMatchObject({
      ok: false,
      code: 'DISPOSITION_UNKNOWN',
    });
  });
});
