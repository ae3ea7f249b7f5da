// Sync health the telecaller can see (DESIGN.md section 6, "Visible health"): progress, pending writes, dead letters.
import { z } from 'zod';
import { ERROR_CODES } from '../errors';
import { idSchema, instantSchema, noArgsSchema } from '../wire-types';
import type { OperationGroup } from './spec';

export const SYNC_PHASES = [
  'idle',
  'pushing',
  'pulling',
  'bootstrapping',
  'offline',
  'error',
] as const;

/** The sync:progress event and the answer of sync:status and sync:now. */
export const syncProgressSchema = z
  .object({
    phase: z.enum(SYNC_PHASES),
    /** Work of the running phase (mutations pushed, changes pulled, rows bootstrapped); 0/0 when idle. */
    done: z.number().int().nonnegative(),
    total: z.number().int().nonnegative(),
    /** Outbox entries not yet accepted by the server. */
    pending: z.number().int().nonnegative(),
    oldest_pending_at: instantSchema.nullable(),
    last_push_at: instantSchema.nullable(),
    last_pull_at: instantSchema.nullable(),
    dead_letters: z.number().int().nonnegative(),
    /** Why the phase is error or offline; null otherwise. */
    last_error: z.object({ code: z.enum(ERROR_CODES), message: z.string() }).nullable(),
  })
  .refine((progress) => progress.done <= progress.total, {
    message: 'done cannot exceed total.',
    path: ['done'],
  });
export type SyncProgress = z.infer<typeof syncProgressSchema>;

/** The outbox intents of docs/sync-protocol.md ("Operations"). */
export const MUTATION_OPS = [
  'log_call',
  'add_note',
  'set_status',
  'schedule_callback',
  'complete_callback',
  'update_contact',
] as const;

/** A write the server refused or found in conflict: kept and shown, never dropped (DESIGN.md section 6). */
export const deadLetterSchema = z.object({
  /** The mutation's client-generated id and per-client sequence number. */
  id: idSchema,
  seq: z.number().int().positive(),
  status: z.enum(['rejected', 'conflict']),
  /** The server's code (e.g. FORBIDDEN, DNC_LEAD), or SYNC_CONFLICT for a conflict. */
  code: z.enum(ERROR_CODES),
  message: z.string(),
  /** What the person did, exactly as it was queued. */
  intent: z.object({
    /** `unreadable`: an outbox entry this version could not read (OUTBOX_ENTRY_INVALID); its args are {}. */
    op: z.enum([...MUTATION_OPS, 'unreadable']),
    args: z.record(z.string(), z.unknown()),
  }),
  lead_id: idSchema.nullable(),
  /** The server's row at the time of a conflict. */
  server_row: z.record(z.string(), z.unknown()).nullable(),
  created_at: instantSchema,
  failed_at: instantSchema,
  /** How the person settled it: dismissed, or retried under the seq `retried_as`; null while open. */
  resolution: z.enum(['dismissed', 'retried']).nullable(),
  resolved_at: instantSchema.nullable(),
  retried_as: z.number().int().positive().nullable(),
});
export type DeadLetter = z.infer<typeof deadLetterSchema>;

/** Why the server applied a write otherwise than the person meant (sync.conflicts.kind). */
export const CONFLICT_KINDS = [
  'status_conflict',
  'status_move_not_allowed',
  'field_conflict',
  'lead_reassigned',
] as const;

export const CONFLICT_SETTLEMENTS = ['kept', 'restored'] as const;

/**
 * A write the server logged as a conflict (DESIGN.md section 6): a status move from a status the lead
 * no longer had, a move the state machine refused, a contact field changed since its base value, or a
 * late write on a lead that had been reassigned. The writer and every manager see it.
 */
export const syncConflictSchema = z.object({
  id: z.number().int().positive(),
  occurred_at: instantSchema,
  /** Who made the write. */
  user_id: idSchema,
  lead_id: idSchema.nullable(),
  op: z.enum(MUTATION_OPS),
  kind: z.enum(CONFLICT_KINDS),
  /** The contact field or `status`; null for a late write on a reassigned lead. */
  field: z.string().nullable(),
  /** What the writer's change was based on, what it tried, and what the server had. */
  base: z.json().nullable(),
  attempted: z.json().nullable(),
  server: z.json().nullable(),
  client_id: idSchema,
  seq: z.number().int().positive(),
  mutation_id: idSchema,
  /**
   * How a manager settled it: kept (the written value stays) or restored (the overwritten contact
   * field put back); all three null while it is open.
   */
  settlement: z.enum(CONFLICT_SETTLEMENTS).nullable(),
  settled_at: instantSchema.nullable(),
  settled_by: idSchema.nullable(),
});
export type SyncConflict = z.infer<typeof syncConflictSchema>;

export const syncOperations = {
  'sync:status': { args: noArgsSchema, result: syncProgressSchema },
  /**
   * Pushes and pulls at once and answers the status after the attempt; a failed attempt is
   * reported in phase and last_error, not as an error answer. NOT_SIGNED_IN without a session.
   */
  'sync:now': { args: noArgsSchema, result: syncProgressSchema },
  /** The open ones (not yet dismissed or retried), oldest first. */
  'sync:dead-letters': {
    args: noArgsSchema,
    result: z.object({ dead_letters: z.array(deadLetterSchema) }),
  },
  /**
   * Queues a rejected write again as a new mutation (same intent, new seq) for the server to judge
   * again, e.g. after a manager took the number off the do-not-call list. A conflict cannot be retried
   * (DEAD_LETTER_NOT_RETRYABLE); an unknown or settled one is DEAD_LETTER_NOT_FOUND.
   */
  'sync:retry-dead-letter': {
    args: z.strictObject({ seq: z.number().int().positive() }),
    result: z.object({ dead_letter: deadLetterSchema, queued_seq: z.number().int().positive() }),
  },
  /**
   * After SYNC_OTHER_DATABASE (the server was reset or replaced, or the URL names another project): sets
   * this cache aside under a new name, never deleting it, and starts a fresh one from the server. The
   * pending writes stay in the file set aside (pending_kept says how many). SYNC_SAME_DATABASE when the
   * cache is the server's own; OFFLINE (and the other sync codes) when the server cannot say.
   */
  'sync:adopt-server': {
    args: noArgsSchema,
    result: z.object({
      /** Where the old cache file now is. */
      kept_as: z.string().min(1),
      pending_kept: z.number().int().nonnegative(),
    }),
  },
  /**
   * The logged conflicts, oldest first, from the server (online only: OFFLINE without it): a
   * telecaller's own, every one for a manager or admin. Page with `after` = the last page's next_after.
   */
  'sync:conflicts': {
    args: z.strictObject({
      after: z.number().int().nonnegative().optional(),
      limit: z.number().int().min(1).max(1000).optional(),
    }),
    result: z.object({
      conflicts: z.array(syncConflictSchema),
      /** The id to pass as `after` for the next page; null when this page was the last. */
      next_after: z.number().int().positive().nullable(),
    }),
  },
  /**
   * A manager or admin settles a logged conflict (online only): kept, or restored, which puts a
   * contact field back to the value the write overwrote. FORBIDDEN for a telecaller;
   * CONFLICT_NOT_FOUND, CONFLICT_ALREADY_SETTLED, CONFLICT_NOT_RESTORABLE (not a contact field's),
   * CONFLICT_MOVED_ON (the field changed again since), LEAD_NOT_FOUND.
   */
  'sync:settle-conflict': {
    args: z.strictObject({
      id: z.number().int().positive(),
      settlement: z.enum(CONFLICT_SETTLEMENTS),
    }),
    result: z.object({
      id: z.number().int().positive(),
      settlement: z.enum(CONFLICT_SETTLEMENTS),
      settled_at: instantSchema,
    }),
  },
  /** Marks a dead letter seen; it leaves the open list and stays on the lead's history. */
  'sync:dismiss-dead-letter': {
    args: z.strictObject({ seq: z.number().int().positive() }),
    result: z.object({ dead_letter: deadLetterSchema }),
  },
} as const satisfies OperationGroup;
