import { randomUUID } from 'node:crypto';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { deadLetterSchema, MUTATION_OPS } from '../../contract/operations/sync.js';
import { deadLetterToWire } from '../services/wire-sync.js';
import type { OutboxEntry, PushResult, ServerRow } from './cache-port.js';
import { NOW, seedCache, serverLead, tempDataDir } from '../../../tests/support/cache-rows.js';
import { openCache, type Cache } from './open-cache.js';

const USER = 'd00d0000-0000-4000-8000-00000000000b';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const iso = (ms: number) => new Date(ms).toISOString();

let data: ReturnType<typeof tempDataDir>;
let cache: Cache;
let lead: ServerRow;

beforeEach(() => {
  data = tempDataDir();
  cache = openCache({ dataDir: data.dir, userId: USER, checkpointIntervalMs: 0 });
  lead = serverLead(USER, { name: 'Meera Pillai' });
  seedCache(cache, [lead]);
});
afterEach(() => {
  cache.close();
  data.remove();
});

/**
 * sync_push as docs/sync-protocol.md has it, as far as these tests need: seqs in order without gaps
 * (a gap stops the batch), a uuid id or the whole call fails, an op it does not know refused with no effect.
 */
function pushServer() {
  let lastSeq = 0;
  const received = new Map<number, OutboxEntry>();
  const answers = new Map<number, PushResult>();
  return {
    received,
    push(batch: readonly OutboxEntry[]): { results: PushResult[]; error?: string } {
      const results: PushResult[] = [];
      for (const entry of batch) {
        if (!UUID.test(entry.id)) throw new Error('22023: every mutation needs a uuid id');
        if (entry.seq <= lastSeq) {
          const first = answers.get(entry.seq)!;
          results.push({
            ...first,
            status: 'duplicate',
            original_status: first.status as 'applied',
          });
          continue;
        }
        if (entry.seq > lastSeq + 1)
          return { results, error: `SYNC_SEQ_GAP expected ${lastSeq + 1}` };
        const known = (MUTATION_OPS as readonly string[]).includes(entry.op);
        const answer: PushResult = known
          ? { seq: entry.seq, id: entry.id, status: 'applied' }
          : {
              seq: entry.seq,
              id: entry.id,
              status: 'rejected',
              code: 'INVALID_MUTATION',
              message: `unknown op ${entry.op}`,
            };
        received.set(entry.seq, entry);
        answers.set(entry.seq, answer);
        lastSeq = entry.seq;
        results.push(answer);
      }
      return { results };
    },
  };
}

/** What the engine's push loop does: batches of `size` until the outbox is empty; a stop fails the test. */
function pushAll(server: ReturnType<typeof pushServer>, size: number): void {
  for (let round = 0; round < 100; round++) {
    const batch = cache.pendingBatch(size);
    if (batch.length === 0) return;
    const answer = server.push(batch);
    cache.acknowledge(answer.results, iso(NOW + 60_000));
    if (answer.error !== undefined) throw new Error(answer.error);
  }
  throw new Error('the outbox never emptied');
}

/** Writes outbox rows straight into the cache file, as an older version or a damaged disk left them. */
function insertRaw(
  rows: readonly { seq: number; op: string; args: string; id?: string; created_at?: unknown }[],
): void {
  const db = new Database(cache.path);
  try {
    const insert = db.prepare(
      'INSERT INTO outbox (seq, id, op, args, user_id, lead_id, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
    );
    for (const row of rows) {
      insert.run(
        row.seq,
        row.id ?? randomUUID(),
        row.op,
        row.args,
        USER,
        lead.id,
        row.created_at ?? NOW,
      );
    }
  } finally {
    db.close();
  }
}

function logNa(now = NOW) {
  const done = cache.logCall({ leadId: lead.id, disposition: 'NA', notes: 'rang out', now });
  if (!done.ok) throw new Error(done.message);
  return done;
}

describe('outbox entries this version cannot read', () => {
  it('become dead letters with their reason while the entries around them still push, in seq order', () => {
    const first = logNa();
    const note = JSON.stringify({ lead_id: lead.id, content: 'hi', occurred_at: iso(NOW) });
    insertRaw([
      { seq: 2, op: 'add_note', args: '{"interaction_id": "9b1c' },
      { seq: 3, op: 'log_call_v0', args: note },
      {
        seq: 4,
        op: 'log_call',
        args: JSON.stringify({
          interaction_id: randomUUID(),
          lead_id: lead.id,
          disposition: 'NA',
          notes: '',
          occurred_at: iso(NOW),
          status_from: 'new',
        }),
      },
      { seq: 5, op: 'add_note', args: note, id: 'note-5' },
    ]);
    const last = logNa(NOW + 1000);
    expect(last.seq).toBe(6);

    const server = pushServer();
    pushAll(server, 2);

    expect([...server.received.keys()]).toEqual([1, 2, 3, 4, 5, 6]);
    expect(server.received.get(1)).toMatchObject({ op: 'log_call', args: { disposition: 'NA' } });
    expect(server.received.get(6)).toMatchObject({ op: 'log_call', args: { notes: 'rang out' } });
    // The unreadable ones went as stand-ins the server refuses, never as what they might have meant.
    for (const seq of [2, 3, 4, 5]) {
      expect(server.received.get(seq)).toMatchObject({ op: 'unreadable_outbox_entry', args: {} });
    }
    expect(server.received.get(5)?.id).toMatch(UUID);

    const letters = cache.deadLetters();
    expect(letters.map((l) => [l.seq, l.status, l.code])).toEqual([
      [2, 'rejected', 'OUTBOX_ENTRY_INVALID'],
      [3, 'rejected', 'OUTBOX_ENTRY_INVALID'],
      [4, 'rejected', 'OUTBOX_ENTRY_INVALID'],
      [5, 'rejected', 'OUTBOX_ENTRY_INVALID'],
    ]);
    expect(letters[0]?.message).toContain('its arguments are not a JSON object');
    expect(letters[1]?.message).toContain('this version knows no operation "log_call_v0"');
    expect(letters[2]?.message).toContain('args.status_to is missing');
    expect(letters[3]?.message).toContain('its id "note-5" is not a uuid');
    expect(letters[0]?.message).toMatch(/other changes keep syncing\. Dismiss it/);
    expect(letters[3]?.id).toBe(server.received.get(5)?.id);
    expect(cache.health()).toMatchObject({ pending: 0, dead_letters: 4 });
    expect(first.seq).toBe(1);

    // The Sync view can show every one of them (the contract's op list cannot name log_call_v0).
    for (const letter of letters) {
      expect(deadLetterSchema.safeParse(deadLetterToWire(letter)).success).toBe(true);
    }
  });

  it('leave the lead, its history and the pulls working, with only the readable intents replayed', () => {
    logNa();
    insertRaw([
      { seq: 2, op: 'set_status', args: 'null' },
      {
        seq: 3,
        op: 'log_call',
        args: JSON.stringify({ lead_id: lead.id }),
        created_at: 'yesterday',
      },
    ]);
    logNa(NOW + 1000);
    // A pull re-derives the lead from the server's row and every pending intent it can read.
    cache.applyPulledPage(
      [{ entity: 'lead', id: lead.id, op: 'upsert', row: { ...lead, priority: 5, version: 2 } }],
      'c1',
      iso(NOW + 2000),
    );
    const view = cache.leadWithHistory(lead.id);
    expect(view?.lead).toMatchObject({ priority: 5, attempts: 2, version: 2 });
    expect(view?.pending.map((entry) => entry.seq)).toEqual([1, 2, 3, 4]);
    expect(view?.interactions).toHaveLength(2);
    expect(cache.health()).toMatchObject({ pending: 4, oldest_pending_at: iso(NOW) });
  });

  it('sends the same stand-in again when its answer was lost, and the resend settles it once', () => {
    insertRaw([{ seq: 1, op: 'add_note', args: '[]', id: 'not-a-uuid' }]);
    const server = pushServer();
    const sent = cache.pendingBatch(10);
    server.push(sent); // the answer never arrives
    const again = cache.pendingBatch(10);
    expect(again).toEqual(sent);
    cache.acknowledge(server.push(again).results, iso(NOW));
    expect(cache.health()).toMatchObject({ pending: 0, dead_letters: 1 });
    expect(cache.deadLetters()[0]).toMatchObject({ seq: 1, code: 'OUTBOX_ENTRY_INVALID' });
  });

  it('cannot be retried (it would only be refused again), and stays open to dismiss', () => {
    insertRaw([{ seq: 1, op: 'add_note', args: '{oops' }]);
    pushAll(pushServer(), 10);
    const retried = cache.retryDeadLetter(1, NOW + 5000);
    expect(retried).toMatchObject({ ok: false, code: 'DEAD_LETTER_NOT_RETRYABLE' });
    expect(cache.pendingBatch(10)).toEqual([]);
    expect(cache.deadLetters().map((letter) => letter.seq)).toEqual([1]);
    expect(cache.dismissDeadLetter(1, NOW + 6000).ok).toBe(true);
    expect(cache.leadWithHistory(lead.id)?.lead.attempts).toBe(0);
  });
});
