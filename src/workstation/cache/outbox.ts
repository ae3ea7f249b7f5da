// The outbox: appending intents, handing batches to the sync engine, and recording the server's answers.
// Nothing here deletes an entry without an answer for it, and a refusal always lands in dead_letters.
import { randomUUID } from 'node:crypto';
import type { CacheCore } from './cache-core.js';
import type {
  DeadLetter,
  MutationOp,
  OutboxEntry,
  PushResult,
  ServerRow,
  SyncHealth,
} from './cache-port.js';
import type { Intent, IntentArgs } from './intents.js';
import { rederiveLeads, serverLead } from './overlay-store.js';
import { callbackFromServer, leadFromServer } from './server-json.js';
import {
  deadLetterFromRow,
  entryFromRow,
  toIso,
  type DeadLetterRow,
  type OutboxRow,
} from './rows.js';

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

export function pendingBatch(core: CacheCore, limit: number): OutboxEntry[] {
  return (core.sql.outboxBatch.all(core.userId, limit) as OutboxRow[]).map(entryFromRow);
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
  entry: OutboxRow,
  row: ServerRow,
  touched: Set<string>,
): void {
  if (row.id === entry.lead_id) {
    const incoming = leadFromServer(row);
    const cached = serverLead(core, incoming.id);
    if (cached !== null && cached.version > incoming.version) return;
    core.sql.leadServerUpsert.run(incoming.id, JSON.stringify(row), core.epoch());
    touched.add(incoming.id);
    return;
  }
  const args = JSON.parse(entry.args) as { callback_id?: unknown };
  if (args.callback_id === row.id) {
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

export function acknowledge(core: CacheCore, results: readonly PushResult[], at: string): void {
  const { sql } = core;
  const failedAt = Date.parse(at);
  core.db
    .transaction(() => {
      const touched = new Set<string>();
      let highest = Number(core.metaGet('acked_seq') ?? 0);
      for (const result of results) {
        const entry = sql.outboxBySeq.get(result.seq) as OutboxRow | undefined;
        if (entry === undefined) continue; // already acknowledged: answers may repeat
        const mismatch = entry.id !== result.id;
        const status = mismatch ? 'rejected' : refusal(result);
        if (status !== null) {
          sql.deadLetterInsert.run({
            ...entry,
            status,
            code: mismatch
              ? 'INVALID_MUTATION'
              : (result.code ?? (status === 'conflict' ? 'SYNC_CONFLICT' : 'INVALID_MUTATION')),
            message: mismatch
              ? `The server holds another mutation (${result.id}) under seq ${result.seq}.`
              : (result.message ??
                (status === 'conflict'
                  ? 'The server row changed first.'
                  : 'Refused by the server.')),
            server_row: result.server_row === undefined ? null : JSON.stringify(result.server_row),
            failed_at: failedAt,
          });
          if (entry.lead_id !== null) touched.add(entry.lead_id);
          if (result.server_row !== undefined && !mismatch) {
            applyAnsweredRow(core, entry, result.server_row, touched);
          }
        }
        sql.outboxDelete.run(entry.seq);
        highest = Math.max(highest, entry.seq);
      }
      core.metaSet('acked_seq', highest);
      core.metaSet('last_push_at', at);
      // Refused intents' optimistic effects go: the server's row plus what is still pending.
      rederiveLeads(core, touched);
    })
    .immediate();
}

export function deadLetters(core: CacheCore): DeadLetter[] {
  return (core.sql.deadLettersOpen.all() as DeadLetterRow[]).map(deadLetterFromRow);
}

export function health(core: CacheCore): SyncHealth {
  const stats = core.sql.outboxStats.get(core.userId) as { pending: number; oldest: number | null };
  const text = (value: string | number | null) => (value === null ? null : String(value));
  return {
    pending: stats.pending,
    oldest_pending_at: stats.oldest === null ? null : toIso(stats.oldest),
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
