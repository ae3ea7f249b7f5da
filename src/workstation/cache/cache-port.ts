// What the sync engine and the services need from the local cache; open-cache.ts implements it on better-sqlite3.
// Wire shapes (pull changes, push answers, mutations) are those of docs/sync-protocol.md.
import type { MUTATION_OPS } from '../../contract/operations/sync.js';
import type { CallingWindow } from '../../domain/calling-window.js';

export type SyncEntity = 'lead' | 'interaction' | 'callback';

/** A row as the server's JSON gives it: snake_case columns, timestamps ISO strings. */
export type ServerRow = Readonly<Record<string, unknown>> & { readonly id: string };

export type PulledChange =
  | {
      readonly entity: SyncEntity;
      readonly id: string;
      readonly op: 'upsert';
      readonly row: ServerRow;
    }
  | { readonly entity: SyncEntity; readonly id: string; readonly op: 'remove' };

/** The intents of docs/sync-protocol.md; the contract's list is the one source. */
export type MutationOp = (typeof MUTATION_OPS)[number];

/** An outbox entry: an intent with its client id and per-client sequence number. */
export interface OutboxEntry {
  readonly seq: number;
  readonly id: string;
  readonly op: MutationOp;
  readonly args: Readonly<Record<string, unknown>>;
  readonly user_id: string;
  /** ISO */
  readonly created_at: string;
}

export type PushStatus = 'applied' | 'duplicate' | 'rejected' | 'conflict';

export interface PushResult {
  readonly seq: number;
  readonly id: string;
  readonly status: PushStatus;
  readonly code?: string;
  readonly message?: string;
  readonly server_row?: ServerRow;
  readonly flag?: string;
  /** On a duplicate: the status the first delivery was answered with. */
  readonly original_status?: 'applied' | 'rejected' | 'conflict';
}

export interface DeadLetter extends OutboxEntry {
  /** The lead its intent is about (the outbox's column); null for an intent on no lead. */
  readonly lead_id: string | null;
  readonly status: 'rejected' | 'conflict';
  readonly code: string;
  readonly message: string;
  readonly server_row: ServerRow | null;
  /** ISO */
  readonly failed_at: string;
  /** Settled by the person: dismissed, or retried under the seq `retried_as`; null while open. */
  readonly resolution: 'dismissed' | 'retried' | null;
  /** ISO */
  readonly resolved_at: string | null;
  readonly retried_as: number | null;
}

/** The floor's calling hours as the server last gave them (floor_settings). */
export interface CallingHours {
  readonly window: CallingWindow;
  /** ISO: when a manager last changed them on the server. */
  readonly updated_at: string;
}

export interface SyncHealth {
  readonly pending: number;
  /** ISO of the oldest pending entry, null when the outbox is empty. */
  readonly oldest_pending_at: string | null;
  readonly dead_letters: number;
  readonly cursor: string | null;
  readonly last_push_at: string | null;
  readonly last_pull_at: string | null;
}

export interface CachePort {
  /** Stable per cache file; the server binds it to the user on first push. */
  readonly clientId: string;
  readonly userId: string;

  /** The oldest pending entries in seq order, at most `limit`. */
  pendingBatch(limit: number): OutboxEntry[];
  /**
   * Records the server's answers in one transaction: applied/duplicate leave the outbox,
   * rejected/conflict move to dead letters (a conflict's server_row is applied to the cache).
   */
  acknowledge(results: readonly PushResult[], at: string): void;

  /** The server database (sync_database()) this cache was filled from; null until the first check. */
  databaseId(): string | null;
  bindDatabase(id: string): void;

  getCursor(): string | null;
  /**
   * Applies one pull page in one transaction, re-applies pending intents on top of the leads it
   * touched, and stores `cursor` in the same transaction when given (the last page).
   */
  applyPulledPage(changes: readonly PulledChange[], cursor: string | null, at: string): void;
  /** Starts a resync: server rows fetched from now on replace the cache's; the outbox is kept. */
  beginResync(): void;
  applyBootstrapRows(entity: SyncEntity | 'disposition', rows: readonly ServerRow[]): void;
  /** Ends a resync: drops server rows not seen since beginResync, re-applies pending intents, stores the cursor. */
  finishResync(cursor: string, at: string): void;
  /** Keeps the floor's calling hours; new ones report every lead changed (what is callable now moved). */
  applyCallingHours(hours: CallingHours): void;

  health(): SyncHealth;
  /** The open dead letters (not dismissed or retried), oldest first. */
  deadLetters(): DeadLetter[];
  close(): void;
}
