import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Failure } from '../../domain/failure.js';
import type { ServerRow } from './cache-port.js';
import {
  HOUR,
  MINUTE,
  NOW,
  seedCache,
  serverCallback,
  serverLead,
  snapshot,
  tempDataDir,
} from '../../../tests/support/cache-rows.js';
import { openCache, type Cache } from './open-cache.js';

const USER = 'c0ffee00-0000-4000-8000-000000000001';
const iso = (ms: number) => new Date(ms).toISOString();

let data: ReturnType<typeof tempDataDir>;
let cache: Cache;
let fresh: ServerRow;
let contacted: ServerRow;
let lost: ServerRow;

beforeEach(() => {
  data = tempDataDir();
  cache = openCache({ dataDir: data.dir, userId: USER, checkpointIntervalMs: 0 });
  fresh = serverLead(USER, { name: 'Asha Verma', version: 4 });
  contacted = serverLead(USER, {
    status: 'contacted',
    attempts: 2,
    last_contact_at: iso(NOW - 5 * HOUR),
  });
  lost = serverLead(USER, { status: 'lost', attempts: 6 });
  seedCache(cache, [fresh, contacted, lost]);
});
afterEach(() => {
  cache.close();
  data.remove();
});

function expectFailure(result: { ok: boolean }, code: string): void {
  expect(result.ok).toBe(false);
  expect((result as Failure).code).toBe(code);
}

/** A trigger written through another connection, so the cache's own statement fails mid-transaction. */
function failInsertsInto(table: string): void {
  const db = new Database(cache.path);
  try {
    db.exec(
      `CREATE TRIGGER fail_${table} BEFORE INSERT ON ${table} BEGIN SELECT RAISE(ABORT, 'injected failure'); END`,
    );
  } finally {
    db.close();
  }
}

describe('logCall', () => {
  it('updates the lead by the domain rules, records the call and queues log_call, all committed on return', () => {
    const done = cache.logCall({
      leadId: fresh.id,
      disposition: 'NA',
      notes: 'no pickup',
      durationSeconds: 12,
      now: NOW,
    });
    if (!done.ok) throw new Error(done.message);
    expect(done.lead).toMatchObject({
      status: 'new',
      attempts: 1,
      last_contact_at: NOW,
      recycle_at: NOW + 120 * MINUTE,
    });
    expect(done.fate).toEqual({ kind: 'recycle', at: NOW + 120 * MINUTE });

    // Read back through another connection: it is in the file, not only in memory.
    const rows = snapshot(cache.path, ['leads', 'interactions', 'outbox']);
    expect(rows.leads?.find((l) => (l as { id: string }).id === fresh.id)).toMatchObject({
      attempts: 1,
      last_contact_at: NOW,
      recycle_at: NOW + 120 * MINUTE,
    });
    expect(rows.interactions).toEqual([
      expect.objectContaining({
        id: done.interaction.id,
        type: 'call',
        disposition: 'NA',
        content: 'no pickup',
        local_seq: done.seq,
      }),
    ]);
    const [entry] = cache.pendingBatch(10);
    expect(entry).toMatchObject({
      seq: done.seq,
      op: 'log_call',
      user_id: USER,
      created_at: iso(NOW),
    });
    expect(entry?.args).toEqual({
      interaction_id: done.interaction.id,
      lead_id: fresh.id,
      disposition: 'NA',
      notes: 'no pickup',
      duration_seconds: 12,
      occurred_at: iso(NOW),
      status_from: 'new',
      status_to: 'new',
    });
  });

  it('schedules the callback a callback disposition asks for, in the same intent', () => {
    const due = NOW + 2 * HOUR;
    const done = cache.logCall({
      leadId: fresh.id,
      disposition: 'CB',
      callbackAt: due,
      callbackNote: 'after lunch',
      now: NOW,
    });
    if (!done.ok) throw new Error(done.message);
    expect(done.lead).toMatchObject({ status: 'contacted', callback_due_at: due });
    expect(done.callback).toMatchObject({
      lead_id: fresh.id,
      due_at: due,
      state: 'pending',
      scope: 'personal',
      owner_id: USER,
    });
    expect(cache.pendingBatch(10)[0]?.args).toMatchObject({
      status_from: 'new',
      status_to: 'contacted',
      callback: {
        callback_id: done.callback?.id,
        due_at: iso(due),
        scope: 'personal',
        note: 'after lunch',
      },
    });
    expect(cache.leadWithHistory(fresh.id)?.callbacks.map((c) => c.id)).toEqual([
      done.callback?.id,
    ]);
  });

  it('closes the callbacks the call answers (due by now) with it, and leaves a later one pending', () => {
    const due = serverCallback(contacted.id, { due_at: iso(NOW - 10 * MINUTE) });
    const soon = serverCallback(contacted.id, { due_at: iso(NOW + 4 * MINUTE) });
    const later = serverCallback(contacted.id, { due_at: iso(NOW + 3 * HOUR) });
    cache.applyPulledPage(
      [
        {
          entity: 'lead',
          id: contacted.id,
          op: 'upsert',
          row: { ...contacted, callback_due_at: iso(NOW - 10 * MINUTE), version: 2 },
        },
        ...[due, soon, later].map((row) => ({
          entity: 'callback' as const,
          id: row.id as string,
          op: 'upsert' as const,
          row,
        })),
      ],
      'c1',
      iso(NOW),
    );
    const done = cache.logCall({ leadId: contacted.id, disposition: 'NA', now: NOW });
    if (!done.ok) throw new Error(done.message);
    expect(done.kept.map((c) => [c.id, c.state])).toEqual([
      [due.id, 'done'],
      [soon.id, 'done'],
    ]);
    // The lead leaves the callback group for the later promise, in the same commit.
    expect(done.lead.callback_due_at).toBe(NOW + 3 * HOUR);
    expect(cache.leadWithHistory(contacted.id)?.lead.callback_due_at).toBe(NOW + 3 * HOUR);
    expect(cache.pendingBatch(10).map((entry) => [entry.op, entry.args])).toEqual([
      ['log_call', expect.objectContaining({ disposition: 'NA' })],
      ['complete_callback', { callback_id: due.id, state: 'done' }],
      ['complete_callback', { callback_id: soon.id, state: 'done' }],
    ]);
  });

  it('answers no kept callbacks for a lead without a due one', () => {
    const done = cache.logCall({ leadId: fresh.id, disposition: 'NA', now: NOW });
    expect(done).toMatchObject({ ok: true, kept: [] });
    expect(cache.pendingBatch(10)).toHaveLength(1);
  });

  it('flags a do-not-call outcome on the lead at once, so it leaves the queue', () => {
    const done = cache.logCall({ leadId: contacted.id, disposition: 'DNC', now: NOW });
    expect(done).toMatchObject({ ok: true, lead: { do_not_call: true, status: 'lost' } });
    expect(cache.queue({ now: NOW, limit: 10 }).map((e) => e.lead.id)).not.toContain(contacted.id);
  });

  it.each([
    ['an unknown disposition', { disposition: 'ZZ' }, 'DISPOSITION_UNKNOWN'],
    ['a callback without a time', { disposition: 'CB' }, 'CALLBACK_TIME_REQUIRED'],
    [
      'a time on a non-callback outcome',
      { disposition: 'NA', callbackAt: NOW + HOUR },
      'CALLBACK_TIME_NOT_ALLOWED',
    ],
    ['a callback in the past', { disposition: 'CB', callbackAt: NOW - MINUTE }, 'CALLBACK_IN_PAST'],
    ['an over-long duration', { disposition: 'NA', durationSeconds: 90_000 }, 'INVALID_REQUEST'],
  ])('refuses %s with the domain code and writes nothing', (_name, fields, code) => {
    const before = snapshot(cache.path);
    expectFailure(cache.logCall({ leadId: fresh.id, now: NOW, ...fields }), code);
    expect(snapshot(cache.path)).toEqual(before);
  });

  it('answers LEAD_NOT_FOUND for a lead that is not cached', () => {
    expectFailure(cache.logCall({ leadId: USER, disposition: 'NA', now: NOW }), 'LEAD_NOT_FOUND');
  });
});

describe('the other writes', () => {
  it('addNote records a note and queues add_note', () => {
    const done = cache.addNote({ leadId: fresh.id, content: '  prefers Hindi  ', now: NOW });
    if (!done.ok) throw new Error(done.message);
    expect(done.interaction).toMatchObject({
      type: 'note',
      content: 'prefers Hindi',
      disposition: null,
    });
    expect(cache.pendingBatch(10)[0]).toMatchObject({
      op: 'add_note',
      args: {
        interaction_id: done.interaction.id,
        lead_id: fresh.id,
        content: 'prefers Hindi',
        occurred_at: iso(NOW),
      },
    });
    expectFailure(cache.addNote({ leadId: fresh.id, content: '   ', now: NOW }), 'INVALID_REQUEST');
  });

  it("addNote leaves the lead's server and pending callbacks in place", () => {
    const promised = serverCallback(contacted.id, { due_at: iso(NOW + HOUR) });
    cache.applyPulledPage(
      [{ entity: 'callback', id: promised.id, op: 'upsert', row: promised }],
      null,
      iso(NOW),
    );
    const scheduled = cache.scheduleCallback({
      leadId: contacted.id,
      dueAt: NOW + 2 * HOUR,
      note: '',
      scope: 'personal',
      now: NOW,
    });
    if (!scheduled.ok) throw new Error(scheduled.message);
    const before = cache
      .leadWithHistory(contacted.id)!
      .callbacks.map((callback) => callback.id)
      .sort();
    expect(before).toHaveLength(2);

    expect(cache.addNote({ leadId: contacted.id, content: 'a note', now: NOW }).ok).toBe(true);

    expect(
      cache
        .leadWithHistory(contacted.id)!
        .callbacks.map((callback) => callback.id)
        .sort(),
    ).toEqual(before);
  });

  it('setStatus moves the lead and sends the cached server version as base_version', () => {
    const done = cache.setStatus({ leadId: fresh.id, to: 'qualified', from: 'new', now: NOW });
    expect(done).toMatchObject({ ok: true, lead: { status: 'qualified', version: 4 } });
    expect(cache.pendingBatch(10)[0]).toMatchObject({
      op: 'set_status',
      args: { lead_id: fresh.id, from: 'new', to: 'qualified', base_version: 4 },
    });
  });

  it('setStatus refuses a move the state machine forbids (STATUS_MOVE_NOT_ALLOWED) or a stale view (LEAD_CHANGED)', () => {
    const before = snapshot(cache.path);
    expectFailure(
      cache.setStatus({ leadId: lost.id, to: 'contacted', now: NOW }),
      'STATUS_MOVE_NOT_ALLOWED',
    );
    expectFailure(
      cache.setStatus({ leadId: fresh.id, from: 'contacted', to: 'lost', now: NOW }),
      'LEAD_CHANGED',
    );
    expect(snapshot(cache.path)).toEqual(before);
  });

  it('lets a manager reopen a lost lead', () => {
    cache.close();
    cache = openCache({
      dataDir: data.dir,
      userId: USER,
      actor: 'manager',
      checkpointIntervalMs: 0,
    });
    expect(cache.setStatus({ leadId: lost.id, to: 'contacted', now: NOW })).toMatchObject({
      ok: true,
      lead: { status: 'contacted' },
    });
  });

  it('scheduleCallback adds a pending callback, moves callback_due_at to the earliest, and queues schedule_callback', () => {
    const due = NOW + 3 * HOUR;
    const done = cache.scheduleCallback({
      leadId: contacted.id,
      dueAt: due,
      note: 'call back',
      scope: 'anyone',
      now: NOW,
    });
    if (!done.ok) throw new Error(done.message);
    expect(done.callback).toMatchObject({
      state: 'pending',
      due_at: due,
      scope: 'anyone',
      owner_id: null,
      note: 'call back',
    });
    expect(done.lead.callback_due_at).toBe(due);
    expect(cache.pendingBatch(10)[0]).toMatchObject({
      op: 'schedule_callback',
      args: {
        callback_id: done.callback.id,
        lead_id: contacted.id,
        due_at: iso(due),
        note: 'call back',
        scope: 'anyone',
      },
    });
    expectFailure(
      cache.scheduleCallback({ leadId: contacted.id, dueAt: NOW - 1, now: NOW }),
      'CALLBACK_IN_PAST',
    );
    expectFailure(
      cache.scheduleCallback({ leadId: lost.id, dueAt: due, now: NOW }),
      'STATUS_MOVE_NOT_ALLOWED',
    );
  });

  it('completeCallback closes it, recomputes callback_due_at, and does nothing for a closed one', () => {
    const early = serverCallback(contacted.id, { due_at: iso(NOW + HOUR) });
    const later = serverCallback(contacted.id, { due_at: iso(NOW + 5 * HOUR) });
    cache.applyPulledPage(
      [
        {
          entity: 'lead',
          id: contacted.id,
          op: 'upsert',
          row: { ...contacted, callback_due_at: iso(NOW + HOUR), version: 2 },
        },
        { entity: 'callback', id: early.id, op: 'upsert', row: early },
        { entity: 'callback', id: later.id, op: 'upsert', row: later },
      ],
      'c1',
      iso(NOW),
    );
    const done = cache.completeCallback({ callbackId: early.id, state: 'done', now: NOW });
    expect(done).toMatchObject({ ok: true, seq: 1, callback: { state: 'done', closed_at: NOW } });
    expect(cache.leadWithHistory(contacted.id)?.lead.callback_due_at).toBe(NOW + 5 * HOUR);
    expect(cache.pendingBatch(10)[0]).toMatchObject({
      op: 'complete_callback',
      args: { callback_id: early.id, state: 'done' },
    });

    expect(
      cache.completeCallback({ callbackId: early.id, state: 'cancelled', now: NOW }),
    ).toMatchObject({ ok: true, seq: null });
    expect(cache.pendingBatch(10)).toHaveLength(1);
    expectFailure(
      cache.completeCallback({ callbackId: USER, state: 'done', now: NOW }),
      'CALLBACK_NOT_FOUND',
    );
  });

  it('updateContact writes the fields, derives phone_e164 from a typed phone, and sends the old values as base', () => {
    const done = cache.updateContact({
      leadId: fresh.id,
      set: {
        name: 'Asha V. Sharma',
        phone: '098765 43210',
        email: 'asha@example.in',
        time_zone: 'Asia/Dubai',
      },
      now: NOW,
    });
    expect(done).toMatchObject({
      ok: true,
      lead: {
        name: 'Asha V. Sharma',
        phone: '098765 43210',
        phone_e164: '+919876543210',
        email: 'asha@example.in',
        time_zone: 'Asia/Dubai',
      },
    });
    expect(cache.pendingBatch(10)[0]).toMatchObject({
      op: 'update_contact',
      args: {
        lead_id: fresh.id,
        base: {
          name: 'Asha Verma',
          phone: fresh.phone,
          phone_e164: fresh.phone_e164,
          email: null,
          time_zone: 'Asia/Kolkata',
        },
        set: {
          name: 'Asha V. Sharma',
          phone: '098765 43210',
          phone_e164: '+919876543210',
          email: 'asha@example.in',
          time_zone: 'Asia/Dubai',
        },
      },
    });
    expect(cache.searchLeads('sharma', 5).map((l) => l.id)).toEqual([fresh.id]);
  });

  it.each([
    [{ email: 'not-an-email' }, 'INVALID_REQUEST'],
    [{ name: '' }, 'INVALID_REQUEST'],
    [{ assigned_to: USER }, 'INVALID_REQUEST'],
    [{ phone: '12' }, 'PHONE_TOO_SHORT'],
    [{ time_zone: 'Mars/Olympus' }, 'INVALID_TIME_ZONE'],
  ])('updateContact refuses %j with %s and writes nothing', (set, code) => {
    const before = snapshot(cache.path);
    expectFailure(cache.updateContact({ leadId: fresh.id, set, now: NOW }), code);
    expect(snapshot(cache.path)).toEqual(before);
  });
});

describe('a write and its outbox entry are one transaction', () => {
  const writes: [string, () => { ok: boolean }][] = [
    [
      'logCall',
      () =>
        cache.logCall({ leadId: fresh.id, disposition: 'CB', callbackAt: NOW + HOUR, now: NOW }),
    ],
    ['addNote', () => cache.addNote({ leadId: fresh.id, content: 'x', now: NOW })],
    ['setStatus', () => cache.setStatus({ leadId: fresh.id, to: 'contacted', now: NOW })],
    [
      'scheduleCallback',
      () => cache.scheduleCallback({ leadId: fresh.id, dueAt: NOW + HOUR, now: NOW }),
    ],
    [
      'updateContact',
      () => cache.updateContact({ leadId: fresh.id, set: { company: 'Tata' }, now: NOW }),
    ],
  ];

  it.each(writes)(
    '%s: when appending the intent fails, its changes to the cached rows roll back too',
    (_name, write) => {
      failInsertsInto('outbox');
      const before = snapshot(cache.path);
      expect(write).toThrow(/injected failure/);
      expect(snapshot(cache.path)).toEqual(before);
    },
  );

  it('logCall: when the interaction insert fails after the lead update, the lead and outbox are unchanged', () => {
    failInsertsInto('interactions');
    const before = snapshot(cache.path);
    expect(() => cache.logCall({ leadId: fresh.id, disposition: 'NA', now: NOW })).toThrow(
      /injected failure/,
    );
    expect(snapshot(cache.path)).toEqual(before);
    expect(cache.leadWithHistory(fresh.id)?.lead.attempts).toBe(0);
  });
});

describe('outbox sequence numbers', () => {
  it('are monotonic across acknowledge, dead letters and reopen, and never reused', () => {
    const seqs: number[] = [];
    const note = () => {
      const done = cache.addNote({ leadId: fresh.id, content: `n${seqs.length}`, now: NOW });
      if (!done.ok) throw new Error(done.message);
      seqs.push(done.seq);
    };
    note();
    note();
    note();
    const batch = cache.pendingBatch(10);
    // The newest entry leaves the outbox: max(seq) of the table drops, the next seq must not.
    cache.acknowledge(
      batch.map((e) => ({
        seq: e.seq,
        id: e.id,
        status: e.seq === 2 ? ('rejected' as const) : ('applied' as const),
        code: 'FORBIDDEN',
      })),
      iso(NOW),
    );
    expect(cache.pendingBatch(10)).toEqual([]);
    note();
    cache.close();
    cache = openCache({ dataDir: data.dir, userId: USER, checkpointIntervalMs: 0 });
    note();
    cache.acknowledge(
      cache.pendingBatch(10).map((e) => ({ seq: e.seq, id: e.id, status: 'applied' as const })),
      iso(NOW),
    );
    cache.close();
    cache = openCache({ dataDir: data.dir, userId: USER, checkpointIntervalMs: 0 });
    note();
    expect(seqs).toEqual([1, 2, 3, 4, 5, 6]);
    expect(cache.deadLetters().map((d) => d.seq)).toEqual([2]);
  });
});
