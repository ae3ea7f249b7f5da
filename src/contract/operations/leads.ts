// The call queue, one lead with its history, search, and status moves.
import { z } from 'zod';
import { DIAL_BLOCK_CODES } from '../../domain/dnc';
import { callbackSchema, interactionSchema, leadSchema } from '../records';
import { idSchema, instantSchema, leadStatusSchema, queueReasonSchema } from '../wire-types';
import type { OperationGroup } from './spec';

/** Callback entries carry the time the callback was promised for; the others do not. */
export const queueEntrySchema = z.discriminatedUnion('reason', [
  z.object({
    reason: queueReasonSchema.extract(['callback_overdue', 'callback_due']),
    due_at: instantSchema,
    lead: leadSchema,
  }),
  z.object({ reason: queueReasonSchema.extract(['new', 'recycled']), lead: leadSchema }),
]);
export type WireQueueEntry = z.infer<typeof queueEntrySchema>;

export const queueArgsSchema = z.strictObject({
  limit: z.number().int().min(1).max(200).default(20),
  /** Entries to skip, in calling order: a long queue is read page by page as it scrolls. */
  offset: z.number().int().min(0).default(0),
});

export const queueResultSchema = z.object({
  /** In calling order (src/domain/queue.ts). */
  entries: z.array(queueEntrySchema),
  /** Leads callable now, of which `entries` are the `limit` starting at `offset`. */
  total: z.number().int().nonnegative(),
  /** The clock the queue was judged at (callback due times, calling windows). */
  as_of: instantSchema,
});

/** Whether the lead may be dialled now, and if not the first reason why (src/domain/dnc.ts). */
export const dialVerdictSchema = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true) }),
  z.object({ ok: z.literal(false), code: z.enum(DIAL_BLOCK_CODES), message: z.string() }),
]);

export const getLeadArgsSchema = z.strictObject({ lead_id: idSchema });

export const leadWithHistorySchema = z.object({
  lead: leadSchema,
  /** Newest first. */
  history: z.array(interactionSchema),
  /** Pending first, then the closed ones, newest first. */
  callbacks: z.array(callbackSchema),
  dial: dialVerdictSchema,
});

export const searchLeadsArgsSchema = z.strictObject({
  /** Matched against name, phone (any formatting), email and company. */
  query: z.string().trim().min(1).max(200),
  statuses: z.array(leadStatusSchema).min(1).optional(),
  limit: z.number().int().min(1).max(100).default(25),
});

export const searchLeadsResultSchema = z.object({
  leads: z.array(leadSchema),
  /** More leads matched than `limit`. */
  truncated: z.boolean(),
});

export const setStatusArgsSchema = z
  .strictObject({
    lead_id: idSchema,
    /** The status the person saw: if the lead has moved since, the answer is LEAD_CHANGED. */
    from: leadStatusSchema,
    to: leadStatusSchema,
  })
  .refine((move) => move.from !== move.to, {
    message: 'The lead already has this status.',
    path: ['to'],
  });

export const leadsOperations = {
  'leads:queue': { args: queueArgsSchema, result: queueResultSchema },
  /** LEAD_NOT_FOUND when the lead is not (or no longer) visible to this user. */
  'leads:get': { args: getLeadArgsSchema, result: leadWithHistorySchema },
  'leads:search': { args: searchLeadsArgsSchema, result: searchLeadsResultSchema },
  /** STATUS_MOVE_NOT_ALLOWED, LEAD_CHANGED, LEAD_NOT_FOUND; the answer is the lead after the move. */
  'leads:set-status': { args: setStatusArgsSchema, result: z.object({ lead: leadSchema }) },
} as const satisfies OperationGroup;
