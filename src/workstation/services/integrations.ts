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
import { serverRowSchema } from './server-row.js';
import type { FeatureHandlers, ServiceContext } from './service-context.js';

const EMAIL_COLUMNS =
  'id, template, recipient, state, attempts, max_attempts, next_attempt_at, last_error, created_at, updated_at, sent_at';
const EVENT_COLUMNS = 'id, type, livemode, received_at, outcome, detail';
const PURCHASE_COLUMNS =
  'id, kind, seats, amount_total, currency, status, paid_at, refunded_at, buyer:profiles(email), product:products(name)';
/** The newest events and purchases the screen lists. */
const PAYMENTS_SHOWN = 100;

const emailRowSchema = serverRowSchema(emailSchema, {
  instants: ['next_attempt_at', 'created_at', 'updated_at', 'sent_at'],
});
const countRowSchema = serverRowSchema(emailCountSchema, {
  instants: ['oldest_at'],
  numbers: ['emails'],
});
const eventRowSchema = serverRowSchema(stripeEventSchema, { instants: ['received_at'] });
/** A purchase with its buyer's email and product's name flattened from the embeds. */
const purchaseRowSchema = z.preprocess(
  (row) => {
    if (typeof row !== 'object' || row === null) return row;
    const { buyer, product, ...rest } = row as Record<string, unknown>;
    const named = (value: unknown, key: string) =>
      typeof value === 'object' && value !== null
        ? ((value as Record<string, unknown>)[key] ?? null)
        : null;
    return { ...rest, buyer: named(buyer, 'email'), product: named(product, 'name') };
  },
  serverRowSchema(purchaseSchema, { instants: ['paid_at', 'refunded_at'] }),
);

type IntegrationsOperation = 'email:queue' | 'email:requeue' | 'payments:list';

export function integrationsHandlers(
  context: ServiceContext,
): FeatureHandlers<IntegrationsOperation> {
  const client = context.workstation.session.client;
  return {
    // The counts and the rows are independent reads: asked together, answered in one round trip's time.
    'email:queue': async ({ state, limit }) => {
      const [counts, emails] = await Promise.all([
        onlineRead(
          context,
          z.array(countRowSchema),
          'count the email queue',
          'the email queue',
          (signal) => client.rpc('email_outbox_counts').abortSignal(signal),
        ),
        onlineRead(
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
        ),
      ]);
      if (isFailure(counts)) return counts;
      if (isFailure(emails)) return emails;
      return { counts, emails };
    },
    'email:requeue': ({ id }) =>
      onlineRead(context, emailRowSchema, 'send the email again', 'the email', (signal) =>
        client.rpc('email_requeue', { p_id: id }).abortSignal(signal),
      ),
    'payments:list': async () => {
      const [events, purchases] = await Promise.all([
        onlineRead(
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
        ),
        onlineRead(
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
        ),
      ]);
      if (isFailure(events)) return events;
      if (isFailure(purchases)) return purchases;
      return { events, purchases };
    },
  };
}
