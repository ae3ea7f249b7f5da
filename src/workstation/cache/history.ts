// One lead with its history and callbacks, each row marked with where it stands in sync.
import type { CacheCore } from './cache-core.js';
import type { DeadLetter, OutboxEntry } from './cache-port.js';
import {
  callbackFromRow,
  deadLetterFromRow,
  entryFromRow,
  interactionFromRow,
  leadFromTuple,
  type CachedCallback,
  type CachedInteraction,
  type CachedLead,
  type DeadLetterRow,
  type LeadTuple,
  type OutboxRow,
} from './rows.js';

/**
 * synced: the server's row. pending: waits in the outbox. sent: accepted, the server's row not pulled yet.
 * rejected / conflict: in dead letters, with the server's code.
 */
export type SyncMark =
  | { readonly state: 'synced' }
  | { readonly state: 'pending' | 'sent'; readonly seq: number }
  | {
      readonly state: 'rejected' | 'conflict';
      readonly seq: number;
      readonly code: string;
      readonly message: string;
    };

export interface LeadWithHistory {
  readonly lead: CachedLead;
  /** Newest first. */
  readonly interactions: readonly (CachedInteraction & { readonly sync: SyncMark })[];
  /** Pending ones first (soonest due first), then the closed ones, newest first. */
  readonly callbacks: readonly (CachedCallback & { readonly sync: SyncMark })[];
  /** The intents on this lead still waiting for the server, oldest first. */
  readonly pending: readonly OutboxEntry[];
  readonly deadLetters: readonly DeadLetter[];
}

const SYNCED: SyncMark = { state: 'synced' };

export function leadWithHistory(core: CacheCore, leadId: string): LeadWithHistory | null {
  const { sql } = core;
  const row = sql.leadById.get(leadId) as LeadTuple | undefined;
  if (row === undefined) return null;
  const pending = (sql.outboxOfLead.all(leadId) as OutboxRow[]).map(entryFromRow);
  const deadLetters = (sql.deadLettersOfLead.all(leadId) as DeadLetterRow[]).map(deadLetterFromRow);
  const pendingSeqs = new Set(pending.map((entry) => entry.seq));
  const deadBySeq = new Map(deadLetters.map((letter) => [letter.seq, letter]));
  const mark = (seq: number | null): SyncMark => {
    if (seq === null) return SYNCED;
    if (pendingSeqs.has(seq)) return { state: 'pending', seq };
    const dead = deadBySeq.get(seq);
    if (dead !== undefined)
      return { state: dead.status, seq, code: dead.code, message: dead.message };
    return { state: 'sent', seq };
  };
  const interactions = (sql.interactionsOfLead.all(leadId) as object[]).map((r) => {
    const interaction = interactionFromRow(r);
    return { ...interaction, sync: mark(interaction.local_seq) };
  });
  const callbacks = (sql.callbacksOfLead.all(leadId) as object[])
    .map((r) => {
      const callback = callbackFromRow(r);
      return { ...callback, sync: mark(callback.local_seq) };
    })
    .sort((a, b) => {
      const aPending = a.state === 'pending';
      if (aPending !== (b.state === 'pending')) return aPending ? -1 : 1;
      return aPending ? a.due_at - b.due_at : b.due_at - a.due_at;
    });
  return { lead: leadFromTuple(row), interactions, callbacks, pending, deadLetters };
}
