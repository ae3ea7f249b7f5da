// The outbox: appending intents, handing batches to the sync engine, and recording the server's answers.
// Nothing here deletes an entry without an answer for it, and a refusal always lands in dead_letters.
import { createHash, randomUUID } from 'node:crypto';
import type { CacheCore } from './cache-core.js';
import { serverTransaction } from './durability.js';
import type {
  DeadLetter,
  MutationOp,
  OutboxEntry,
  PushResult,
  ServerRow,
  SyncHealth,
} from './cache-port.js';
import { isMutationId, readIntent, type Intent, type IntentArgs } from './intents.js';
import { rederiveLeads, serverLead } from './overlay-store.js';
import { callbackFromServer, leadFromServer } from './server-json.js';
import { deadLetterFromRow, toIso, type DeadLetterRow, type OutboxRow } from './rows.js';

/** The seq the next append will get; call it inside the write's transaction. */
export function nextSeq(core: CacheCore): number {
  return (core.sql.outboxNextSeq.get() as { seq: number }).seq;
}

/** Appends `intent` (its seq from nextSeq in the same transaction) as an outbox row on `leadId`. */
export function appendIntent(
  core: CacheCore,
  intent: Intent,
  leadId: string | null,
  at: number,
): void {
  core.sql.outboxAppend.run(
    intent.seq,
    intent.id,
    intent.op,
    JSON.stringify(intent.args),
    intent.user_id,
    leadId,
    at,
  );
}

/** An intent stamped for this cache's user; the id is the mutation's, the server dedups on (client, seq). */
export function newIntent<K extends MutationOp>(
  core: CacheCore,
  seq: number,
  op: K,
  args: IntentArgs[K],
  at: number | string,
): Intent {
  const createdAt = typeof at === 'string' ? at : toIso(at);
  return { seq, id: randomUUID(), op, args, user_id: core.userId, created_at: createdAt } as Intent;
}

/**
 * What an entry this version cannot read is sent as: an op no server knows, which it refuses with no effect
 * and records under the seq, so the seqs after it are not stopped by SYNC_SEQ_GAP.
 */
const UNREADABLE_OP = 'unreadable_outbox_entry';

/**
 * The id a row is sent under: its own when it is a uuid (so a resend of what the server already has is a
 * duplicate), else one made from the row, the same on every resend.
 */
function sentId(row: OutboxRow): string {
  if (isMutationId(row.id)) return row.id;
  const hex = createHash('sha256')
    .update(`${row.seq}:${String(row.id)}`)
    .digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-8${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

function outgoing(row: OutboxRow): OutboxEntry {
  const read = readIntent(row);
  if (read.ok) return read.intent;
  return {
    seq: row.seq,
    id: sentId(row),
    // Not one of ours on purpose: the server's answer to it is a refusal that changes nothing.
    op: UNREADABLE_OP as MutationOp,
    args: {},
    user_id: row.user_id,
    created_at: toIso(typeof row.created_at === 'number' ? row.created_at : 0),
  };
}

/** The oldest entries to push; one this version cannot read goes as a stand-in (and becomes a dead letter). */
export function pendingBatch(core: CacheCore, limit: number): OutboxEntry[] {
  return (core.sql.outboxBatch.all(core.userId, limit) as OutboxRow[]).map(outgoing);
}

function unreadableMessage(reason: string): string {
  return (
    `This change was saved in a form this version of the workstation cannot read (${reason}), so it was ` +
    'not sent; your other changes keep syncing. Dismiss it, and do it again on the lead if it still needs doing.'
  );
}

/**
 * A duplicate repeats the first answer (its original_status): a refusal whose first answer never
 * reached us must still land in dead letters, not vanish as "already applied".
 */
function refusal(result: PushResult): 'rejected' | 'conflict' | null {
  if (result.status === 'rejected' || result.status === 'conflict') return result.status;
  if (result.status === 'duplicate') {
    const first = result.original_status;
    return first === 'rejected' || first === 'conflict' ? first : null;
  }
  return null;
}

/** A conflict's server row is the server's state now: cache it unless a newer one is already here. */
function applyAnsweredRow(
  core: CacheCore,
  intent: Intent,
  leadId: string | null,
  row: ServerRow,
  touched: Set<string>,
): void {
  if (row.id === leadId) {
    const incoming = leadFromServer(row);
    const cached = serverLead(core, incoming.id);
    if (cached !== null && cached.version > incoming.version) return;
    core.sql.leadServerUpsert.run(incoming.id, JSON.stringify(row), core.epoch());
    touched.add(incoming.id);
    return;
  }
  const callbackId = 'callback_id' in intent.args ? intent.args.callback_id : undefined;
  if (callbackId === row.id) {
    const callback = callbackFromServer(row);
    core.sql.callbackServerUpsert.run(
      callback.id,
      callback.lead_id,
      JSON.stringify(row),
      core.epoch(),
    );
    touched.add(callback.lead_id);
  }
}

/** The dead letter of `entry`: the server's code and message, or why this version could not read it. */
function deadLetterOf(
  entry: OutboxRow,
  id: string,
  result: PushResult,
  status: 'rejected' | 'conflict',
  unreadable: string | null,
  failedAt: number,
): Record<string, unknown> {
  const mismatch = id !== result.id;
  let code = result.code ?? (status === 'conflict' ? 'SYNC_CONFLICT' : 'INVALID_MUTATION');
  let message =
    result.message ??
    (status === 'conflict' ? 'The server row changed first.' : 'Refused by the server.');
  if (unreadable !== null) {
    code = 'OUTBOX_ENTRY_INVALID';
    message = unreadableMessage(unreadable);
  } else if (mismatch) {
    code = 'INVALID_MUTATION';
    message = `The server holds another mutation (${result.id}) under seq ${result.seq}.`;
  }
  return {
    seq: entry.seq,
    id,
    op: String(entry.op),
    args: typeof entry.args === 'string' ? entry.args : JSON.stringify(entry.args ?? null),
    user_id: entry.user_id,
    lead_id: typeof entry.lead_id === 'string' ? entry.lead_id : null,
    created_at: Number.isFinite(entry.created_at) ? entry.created_at : failedAt,
    status,
    code,
    message,
    server_row: result.server_row === undefined ? null : JSON.stringify(result.server_row),
    failed_at: failedAt,
  };
}

/**
 * What an acknowledgment changed: the leads of its entries and of the rows it re-derived, or null when
 * an entry named no lead (then any may have changed); `entries` is 0 when every answer was a repeat.
 */
export interface Acknowledged {
  readonly entries: number;
  readonly leadIds: readonly string[] | null;
}

export function acknowledge(
  core: CacheCore,
  results: readonly PushResult[],
  at: string,
): Acknowledged {
  const { sql } = core;
  const failedAt = Date.parse(at);
  // The server's answers can be had again by pushing again, so this commit need not wait for the disk.
  return serverTransaction(core.db, (): Acknowledged => {
    const touched = new Set<string>();
    const leads = new Set<string>();
    let everyEntryNamesALead = true;
    let entries = 0;
    let highest = Number(core.metaGet('acked_seq') ?? 0);
    for (const result of results) {
      const entry = sql.outboxBySeq.get(result.seq) as OutboxRow | undefined;
      if (entry === undefined) continue; // already acknowledged: answers may repeat
      entries += 1;
      if (typeof entry.lead_id === 'string') leads.add(entry.lead_id);
      else everyEntryNamesALead = false;
      const read = readIntent(entry);
      const id = sentId(entry);
      const mismatch = id !== result.id;
      const status = mismatch ? 'rejected' : refusal(result);
      if (status !== null) {
        const unreadable = read.ok ? null : read.reason;
        sql.deadLetterInsert.run(deadLetterOf(entry, id, result, status, unreadable, failedAt));
        if (typeof entry.lead_id === 'string') touched.add(entry.lead_id);
        if (result.server_row !== undefined && !mismatch && read.ok) {
          applyAnsweredRow(core, read.intent, entry.lead_id, result.server_row, touched);
        }
      }
      sql.outboxDelete.run(entry.seq);
      highest = Math.max(highest, entry.seq);
    }
    core.metaSet('acked_seq', highest);
    core.metaSet('last_push_at', at);
    // Refused intents' optimistic effects go: the server's row plus what is still pending.
    rederiveLeads(core, touched);
    for (const leadId of touched) leads.add(leadId);
    return { entries, leadIds: everyEntryNamesALead ? [...leads] : null };
  });
}

export function deadLetters(core: CacheCore): DeadLetter[] {
  return (core.sql.deadLettersOpen.all() as DeadLetterRow[]).map(deadLetterFromRow);
}

export function health(core: CacheCore): SyncHealth {
  const stats = core.sql.outboxStats.get(core.userId) as { pending: number; oldest: number | null };
  const text = (value: string | number | null) => (value === null ? null : String(value));
  return {
    pending: stats.pending,
    // A damaged entry's time may be no number; the oldest readable one stands for the queue's age.
    oldest_pending_at: typeof stats.oldest === 'number' ? toIso(stats.oldest) : null,
    dead_letters: (core.sql.deadLetterCount.get() as { count: number }).count,
    cursor: text(core.metaGet('cursor')),
    last_push_at: text(core.metaGet('last_push_at')),
    last_pull_at: text(core.metaGet('last_pull_at')),
  };
}

/** How many outbox entries wait on each lead (the contract's pending_writes). */
export function pendingCounts(core: CacheCore): Map<string, number> {
  const counts = new Map<string, number>();
  for (const row of core.sql.outboxCountsByLead.all(core.userId) as {
    lead_id: string | null;
    pending: number;
  }[]) {
    if (row.lead_id !== null) counts.set(row.lead_id, row.pending);
  }
  return counts;
}
