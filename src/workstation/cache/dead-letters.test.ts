import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { PushResult, ServerRow } from './cache-port.js';
import { NOW, seedCache, serverLead, tempDataDir } from '../../../tests/support/cache-rows.js';
import { migrate, MIGRATIONS } from './migrations.js';
import { openCache, type Cache } from './open-cache.js';

const USER = 'd00d0000-0000-4000-8000-000000000002';
const LATER = NOW + 60_000;
const iso = (ms: number) => new Date(ms).toISOString();

let data: ReturnType<typeof tempDataDir>;
let cache: Cache;
let lead: ServerRow;

beforeEach(() => {
  data = tempDataDir();
  cache = openCache({ dataDir: data.dir, userId: USER, checkpointIntervalMs: 0 });
  lead = serverLead(USER, { name: 'Asha Iyer', version: 2 });
  seedCache(cache, [lead]);
});
afterEach(() => {
  cache.close();
  data.remove();
});

/** Logs a call and has the server answer it with `answer`; returns the call's seq. */
function refusedCall(answer: Pick<PushResult, 'status' | 'code' | 'message' | 'server_row'>): {
  seq: number;
  interactionId: string;
} {
  const call = cache.logCall({ leadId: lead.id, disposition: 'NA', notes: 'rang out', now: NOW });
  if (!call.ok) throw new Error(call.message);
  const entry = cache.pendingBatch(10).find((e) => e.seq === call.seq);
  cache.acknowledge([{ seq: call.seq, id: entry?.id ?? '', ...answer }], iso(NOW));
  return { seq: call.seq, interactionId: call.interaction.id };
}

const dnc = { status: 'rejected', code: 'DNC_LIST', message: 'On the do-not-call list.' } as const;

describe('retrying a dead letter', () => {
  it('queues the same intent under a new seq and id, and settles the letter as retried', () => {
    const refused = refusedCall(dnc);
    const [letter] = cache.deadLetters();
    expect(cache.leadWithHistory(lead.id)?.lead.attempts).toBe(0);

    const done = cache.retryDeadLetter(refused.seq, LATER);
    if (!done.ok) throw new Error(done.message);

    expect(done.seq).toBeGreaterThan(refused.seq);
    const [queued] = cache.pendingBatch(10);
    expect(queued).toMatchObject({ seq: done.seq, op: 'log_call', args: letter?.args });
    expect(queued?.id).not.toBe(letter?.id);
    expect(done.deadLetter).toMatchObject({
      seq: refused.seq,
      resolution: 'retried',
      resolved_at: iso(LATER),
      retried_as: done.seq,
    });
    expect(cache.deadLetters()).toEqual([]);
    expect(cache.health()).toMatchObject({ pending: 1, dead_letters: 0 });
    // The call shows again, waiting on the new seq, and its effect on the lead is replayed.
    const view = cache.leadWithHistory(lead.id);
    expect(view?.lead.attempts).toBe(1);
    expect(view?.interactions.find((i) => i.id === refused.interactionId)?.sync).toEqual({
      state: 'pending',
      seq: done.seq,
    });
    expect(view?.deadLetters.map((d) => [d.seq, d.resolution])).toEqual([[refused.seq, 'retried']]);
  });

  it('a retried write refused again becomes a new open dead letter', () => {
    const refused = refusedCall(dnc);
    const done = cache.retryDeadLetter(refused.seq, LATER);
    if (!done.ok) throw new Error(done.message);
    const [queued] = cache.pendingBatch(10);
    cache.acknowledge([{ seq: done.seq, id: queued?.id ?? '', ...dnc }], iso(LATER));
    expect(cache.deadLetters().map((d) => d.seq)).toEqual([done.seq]);
  });

  it('refuses a conflict, an unknown seq and one already settled, changing nothing', () => {
    const conflict = refusedCall({
      status: 'conflict',
      code: 'SYNC_CONFLICT',
      server_row: { ...lead, status: 'qualified', version: 5 },
    });
    expect(cache.retryDeadLetter(conflict.seq, LATER)).toMatchObject({
      ok: false,
      code: 'DEAD_LETTER_NOT_RETRYABLE',
    });
    expect(cache.retryDeadLetter(999, LATER)).toMatchObject({
      ok: false,
      code: 'DEAD_LETTER_NOT_FOUND',
    });
    const rejected = refusedCall(dnc);
    expect(cache.retryDeadLetter(rejected.seq, LATER).ok).toBe(true);
    expect(cache.retryDeadLetter(rejected.seq, LATER)).toMatchObject({
      ok: false,
      code: 'DEAD_LETTER_NOT_FOUND',
    });
    expect(cache.pendingBatch(10)).toHaveLength(1);
    expect(cache.deadLetters().map((d) => d.seq)).toEqual([conflict.seq]);
  });
});

describe('dismissing a dead letter', () => {
  it('takes it off the open list and keeps it, with the refused call, on the lead', () => {
    const refused = refusedCall(dnc);
    const done = cache.dismissDeadLetter(refused.seq, LATER);
    if (!done.ok) throw new Error(done.message);
    expect(done.deadLetter).toMatchObject({ resolution: 'dismissed', retried_as: null });
    expect(cache.deadLetters()).toEqual([]);
    expect(cache.health()).toMatchObject({ pending: 0, dead_letters: 0 });
    const view = cache.leadWithHistory(lead.id);
    expect(view?.interactions.find((i) => i.id === refused.interactionId)?.sync).toMatchObject({
      state: 'rejected',
      code: 'DNC_LIST',
    });
    expect(cache.dismissDeadLetter(refused.seq, LATER)).toMatchObject({
      ok: false,
      code: 'DEAD_LETTER_NOT_FOUND',
    });
    expect(cache.retryDeadLetter(refused.seq, LATER)).toMatchObject({
      ok: false,
      code: 'DEAD_LETTER_NOT_FOUND',
    });
  });
});

describe('the settling migration', () => {
  it('keeps the dead letters of an older file open', () => {
    const refused = refusedCall(dnc);
    cache.close();
    // Take the file back to schema 2, as an older workstation left it, with its dead letter.
    const db = new Database(cache.path);
    db.exec(
      'DROP INDEX dead_letters_open; ALTER TABLE dead_letters DROP COLUMN resolution; ' +
        'ALTER TABLE dead_letters DROP COLUMN resolved_at; ALTER TABLE dead_letters DROP COLUMN retried_as',
    );
    db.pragma('user_version = 2');
    expect(migrate(db, MIGRATIONS.slice(0, 3))).toBe(3);
    db.close();
    cache = openCache({ dataDir: data.dir, userId: USER, checkpointIntervalMs: 0 });
    expect(cache.deadLetters()).toEqual([
      expect.objectContaining({ seq: refused.seq, resolution: null }),
    ]);
  });
});
