// email:*, payments:list: the admin's Integrations screen, through RLS with the session's token. The
// database decides: only admins read the outbox and the payments, and email_requeue refuses with its
// own codes (FORBIDDEN, AAL2_REQUIRED, EMAIL_NOT_FOUND, EMAIL_NOT_DEAD), which serverFailure keeps.
import { z } from 'zod';
import {
  emailCountSchema,
  emailSchema,
  purchaseSchema,
  stripeEventSchema,
} from '../../contract/operations/integrations.js';
import { isFailure } from '../../domain/failure.js';
import { onlineRead } from './online-call.js';
import type { FeatureHandlers, ServiceContext } from './service-context.js';

const EMAIL_COLUMNS =
  'id, template, recipient, state, attempts, max_attempts, next_attempt_at, last_error, created_at, updated_at, sent_at';
const EVENT_COLUMNS = 'id, type, livemode, received_at, outcome, detail';
const PURCHASE_COLUMNS =
  'id, kind, seats, amount_total, currency, status, paid_at, refunded_at, buyer:profiles(email), product:products(name)';
/** The newest events and purchases the screen lists. */
const PAYMENTS_SHOWN = 100;

/** PostgREST writes timestamps with a +00:00 offset and counts as text on some paths; the contract wants Z and numbers. */
function wireRow(fields: Record<string, unknown>, instants: readonly string[]) {
  const row: Record<string, unknown> = { ...fields };
  for (const key of instants) {
    const value = row[key];
    if (typeof value === 'string') row[key] = new Date(value).toISOString();
  }
  return row;
}

function rowSchema<S extends z.ZodType>(
  schema: S,
  instants: readonly string[],
  numbers: readonly string[] = [],
) {
  return z.preprocess((row) => {
    if (typeof row !== 'object' || row === null) return row;
    const wired = wireRow(row as Record<string, unknown>, instants);
    for (const key of numbers) if (typeof wired[key] === 'string') wired[key] = Number(wired[key]);
    return wired;
  }, schema);
}

const emailRowSchema = rowSchema(emailSchema, [
  'next_attempt_at',
  'created_at',
  'updated_at',
  'sent_at',
]);
const countRowSchema = rowSchema(emailCountSchema, ['oldest_at'], ['emails']);
const eventRowSchema = rowSchema(stripeEventSchema, ['received_at']);
/** A purchase with its buyer's email and product's name flattened from the embeds. */
const purchaseRowSchema = z.preprocess((row) => {
  if (typeof row !== 'object' || row === null) return row;
  const { buyer, product, ...rest } = row as Record<string, unknown>;
  const named = (value: unknown, key: string) =>
    typeof value === 'object' && value !== null
      ? ((value as Record<string, unknown>)[key] ?? null)
      : null;
  return {
    ...wireRow(rest, ['paid_at', 'refunded_at']),
    buyer: named(buyer, 'email'),
    product: named(product, 'name'),
  };
}, purchaseSchema);

type IntegrationsOperation = 'email:queue' | 'email:requeue' | 'payments:list';

export function integrationsHandlers(
  context: ServiceContext,
): FeatureHandlers<IntegrationsOperation> {
  const client = context.workstation.session.client;
  return {
    'email:queue': async ({ state, limit }) => {
      const counts = await onlineRead(
        context,
        z.array(countRowSchema),
        'count the email queue',
        'the email queue',
        (signal) => client.rpc('email_outbox_counts').abortSignal(signal),
      );
      if (isFailure(counts)) return counts;
      const emails = await onlineRead(
        context,
        z.array(emailRowSchema),
        'read the email queue',
        'the email queue',
        (signal) =>
          client
            .from('email_outbox')
            .select(EMAIL_COLUMNS)
            .eq('state', state)
            .order('updated_at', { ascending: false })
            .limit(limit)
            .abortSignal(signal),
      );
      if (isFailure(emails)) return emails;
      return { counts, emails };
    },
    'email:requeue': ({ id }) =>
      onlineRead(context, emailRowSchema, 'send the email again', 'the email', (signal) =>
        client.rpc('email_requeue', { p_id: id }).abortSignal(signal),
      ),
    'payments:list': async () => {
      const events = await onlineRead(
        context,
        z.array(eventRowSchema),
        'read the Stripe events',
        'the Stripe events',
        (signal) =>
          client
            .from('stripe_events')
            .select(EVENT_COLUMNS)
            .order('received_at', { ascending: false })
            .limit(PAYMENTS_SHOWN)
            .abortSignal(signal),
      );
      if (isFailure(events)) return events;
      const purchases = await onlineRead(
        context,
        z.array(purchaseRowSchema),
        'read the purchases',
        'the purchases',
        (signal) =>
          client
            .from('purchases')
            .select(PURCHASE_COLUMNS)
            .order('paid_at', { ascending: false })
            .limit(PAYMENTS_SHOWN)
            .abortSignal(signal),
      );
      if (isFailure(purchases)) return purchases;
      return { events, purchases };
    },
  };
}
