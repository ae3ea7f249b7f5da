// The server's sync answers, parsed on receipt: a wrong shape is a protocol error, never a guess.
import { z } from 'zod';
import { callingWindowSchema } from '../../domain/calling-window.js';
import type { CallingHours } from '../cache/cache-port.js';

const serverRowSchema = z.looseObject({ id: z.string() });
const entitySchema = z.enum(['lead', 'interaction', 'callback']);

export const pulledChangeSchema = z.discriminatedUnion('op', [
  z.object({ entity: entitySchema, id: z.string(), op: z.literal('upsert'), row: serverRowSchema }),
  z.object({ entity: entitySchema, id: z.string(), op: z.literal('remove') }),
]);

export const pullAnswerSchema = z.object({
  resync: z.boolean(),
  changes: z.array(pulledChangeSchema),
  next: z.string().nullable(),
  cursor: z.string().nullable(),
});
export type PullAnswer = z.infer<typeof pullAnswerSchema>;

export const bootstrapAnswerSchema = z.object({
  rows: z.array(z.looseObject({})),
  next_after: z.string().nullable(),
});
export type BootstrapAnswer = z.infer<typeof bootstrapAnswerSchema>;

export const pushResultSchema = z.object({
  seq: z.number().int().positive(),
  id: z.string(),
  status: z.enum(['applied', 'duplicate', 'rejected', 'conflict']),
  code: z.string().optional(),
  message: z.string().optional(),
  server_row: serverRowSchema.optional(),
  flag: z.string().optional(),
  /** On a duplicate: what the first delivery was answered (the stored answer's status). */
  original_status: z.enum(['applied', 'rejected', 'conflict']).optional(),
});

export const pushAnswerSchema = z.object({
  last_seq: z.number().int().nonnegative(),
  results: z.array(pushResultSchema),
  /** Why the batch stopped (docs/sync-protocol.md): a gap in the seqs, or a client id of another user. */
  error: z
    .object({
      code: z.enum(['SYNC_SEQ_GAP', 'SYNC_CLIENT_MISMATCH']),
      expected: z.number().int().optional(),
    })
    .optional(),
});
export type PushAnswer = z.infer<typeof pushAnswerSchema>;

/** The floor's calling hours as floor_settings (and set_calling_hours) give them; days once each, in week order. */
export const callingHoursRowSchema = z
  .object({
    calling_start: z.string(),
    calling_end: z.string(),
    calling_days: z.array(z.string()),
    updated_at: z.string(),
  })
  .transform((row, context): CallingHours => {
    const window = callingWindowSchema.safeParse({
      start: row.calling_start,
      end: row.calling_end,
      days: row.calling_days,
    });
    if (!window.success) {
      for (const issue of window.error.issues) context.addIssue({ ...issue, code: 'custom' });
      return z.NEVER;
    }
    return { window: window.data, updated_at: new Date(row.updated_at).toISOString() };
  });
