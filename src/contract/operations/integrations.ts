// email:*, payments:list: the admin's Integrations screen (issue 15). Online only, read through RLS (only
// admins see the email outbox and the payments); a dead email goes back to the queue through the
// database's email_requeue, which wants an active admin at aal2.
import { z } from 'zod';
import { idSchema, instantSchema, noArgsSchema } from '../wire-types';
import type { OperationGroup } from './spec';

export const EMAIL_STATES = ['queued', 'sending', 'sent', 'dead'] as const;
export const emailStateSchema = z.enum(EMAIL_STATES);
export type EmailState = z.infer<typeof emailStateSchema>;

/** The most rows one email:queue answers; the screen shows the newest. */
export const EMAIL_PAGE_MAX = 200;

export const emailSchema = z.object({
  id: idSchema,
  /** Which mail it is (callback_reminder, assessment_invitation, manager_digest, ...). */
  template: z.string(),
  recipient: z.string(),
  state: emailStateSchema,
  /** Claims so far; the email dies when it reaches max_attempts. */
  attempts: z.number().int().nonnegative(),
  max_attempts: z.number().int().positive(),
  /** Queued: not before then; sending: the lease's end. */
  next_attempt_at: instantSchema,
  /** Brevo's answer or the sender's reason the last attempt failed. */
  last_error: z.string().nullable(),
  created_at: instantSchema,
  updated_at: instantSchema,
  sent_at: instantSchema.nullable(),
});
export type Email = z.infer<typeof emailSchema>;

export const emailCountSchema = z.object({
  state: emailStateSchema,
  emails: z.number().int().nonnegative(),
  /** When the oldest email in this state was queued; null when there is none. */
  oldest_at: instantSchema.nullable(),
});
export type EmailCount = z.infer<typeof emailCountSchema>;

export const STRIPE_OUTCOMES = [
  'unlocked',
  'seats_added',
  'revoked',
  'already_applied',
  'awaiting_payment',
  'ignored',
] as const;

/** A Stripe webhook event as the server stored it, once by its id. */
export const stripeEventSchema = z.object({
  id: z.string(),
  type: z.string(),
  livemode: z.boolean(),
  received_at: instantSchema,
  /** What applying it did; null while it is being applied. */
  outcome: z.enum(STRIPE_OUTCOMES).nullable(),
  detail: z.string().nullable(),
});
export type StripeEvent = z.infer<typeof stripeEventSchema>;

export const purchaseSchema = z.object({
  id: idSchema,
  kind: z.enum(['assessment', 'seats']),
  /** The product's name, or null when the product has gone since. */
  product: z.string().nullable(),
  /** The buyer's email, or null when their account has gone since. */
  buyer: z.string().nullable(),
  seats: z.number().int().positive().nullable(),
  /** In the currency's smallest unit (paise, cents), as Stripe counts it. */
  amount_total: z.number().int().nonnegative(),
  currency: z.string(),
  status: z.string(),
  paid_at: instantSchema,
  refunded_at: instantSchema.nullable(),
});
export type Purchase = z.infer<typeof purchaseSchema>;

export const integrationsOperations = {
  /** Every state's count, and the newest emails in one state (dead by default: what needs a person). */
  'email:queue': {
    args: z.strictObject({
      state: emailStateSchema.default('dead'),
      limit: z.number().int().min(1).max(EMAIL_PAGE_MAX).default(50),
    }),
    result: z.object({ counts: z.array(emailCountSchema), emails: z.array(emailSchema) }),
  },
  /** Sends a dead email again (fresh attempts, due now); answers the queued row. */
  'email:requeue': { args: z.strictObject({ id: idSchema }), result: emailSchema },
  /** The newest Stripe events with what each did, and the newest purchases. */
  'payments:list': {
    args: noArgsSchema,
    result: z.object({
      events: z.array(stripeEventSchema),
      purchases: z.array(purchaseSchema),
    }),
  },
} as const satisfies OperationGroup;
