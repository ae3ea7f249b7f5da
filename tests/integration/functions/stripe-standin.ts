import { createHmac, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

// A local stand-in for Stripe: POST /v1/checkout/sessions (form-encoded, Bearer secret key,
// Idempotency-Key answered with the first answer again, as Stripe does for 24 h) that records every
// request and injects faults (a 4xx, a 5xx, a hang); and Stripe's side of the webhook: the events a
// completed or refunded session sends, signed as Stripe signs them (t=..., v1=HMAC-SHA256).

export const STAND_IN_SECRET_KEY = 'sk_test_stand_in';
export const STAND_IN_WEBHOOK_SECRET = 'whsec_stand_in';

/**
 * The Stripe variables the checkout and webhook functions read, pointed at this stand-in; `overrides`
 * adds or replaces some (a file's own timeout or rate limit).
 */
export function stripeFunctionsEnv(
  standIn: Pick<StripeStandIn, 'url'>,
  overrides: Record<string, string> = {},
): Record<string, string> {
  return {
    STRIPE_API_URL: standIn.url,
    STRIPE_SECRET_KEY: STAND_IN_SECRET_KEY,
    STRIPE_WEBHOOK_SECRET: STAND_IN_WEBHOOK_SECRET,
    STRIPE_SUCCESS_URL: 'https://talentg.test/paid',
    STRIPE_CANCEL_URL: 'https://talentg.test/cancelled',
    STRIPE_TIMEOUT_MS: '5000',
    ...overrides,
  };
}

export type Fault = 'none' | 'bad_request' | 'server_error' | 'hang';

export interface RecordedCheckout {
  authorization: string | undefined;
  idempotencyKey: string | undefined;
  contentType: string | undefined;
  /** The form's fields as sent, e.g. `line_items[0][price_data][unit_amount]`. */
  form: Record<string, string>;
  answer: Fault | 'created' | 'replayed' | 'unauthorized';
}

export interface StandInSession {
  id: string;
  url: string;
  form: Record<string, string>;
  paymentIntent: string;
}

export interface StripeStandIn {
  url: string;
  requests: RecordedCheckout[];
  /** Sessions created, by id. */
  sessions: Map<string, StandInSession>;
  /** The answer to the next checkout requests; 'none' creates sessions. */
  fault: Fault;
  close(): Promise<void>;
}

function readForm(req: IncomingMessage): Promise<Record<string, string>> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () =>
      resolve(Object.fromEntries(new URLSearchParams(Buffer.concat(chunks).toString('utf8')))),
    );
    req.on('error', reject);
  });
}

function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

const stripeId = (prefix: string) => `${prefix}_test_${randomBytes(12).toString('hex')}`;

export async function startStripeStandIn(): Promise<StripeStandIn> {
  const requests: RecordedCheckout[] = [];
  const sessions = new Map<string, StandInSession>();
  const byIdempotencyKey = new Map<string, unknown>();

  const server = createServer((req, res) => {
    void (async () => {
      if (req.method !== 'POST' || req.url !== '/v1/checkout/sessions') {
        return json(res, 404, {
          error: { type: 'invalid_request_error', message: 'Unrecognized request URL' },
        });
      }
      const form = await readForm(req);
      const record = (answer: RecordedCheckout['answer']) =>
        requests.push({
          authorization: req.headers.authorization,
          idempotencyKey: req.headers['idempotency-key'] as string | undefined,
          contentType: req.headers['content-type'],
          form,
          answer,
        });
      if (req.headers.authorization !== `Bearer ${STAND_IN_SECRET_KEY}`) {
        record('unauthorized');
        return json(res, 401, {
          error: { type: 'invalid_request_error', message: 'Invalid API Key provided' },
        });
      }
      const fault = standIn.fault;
      if (fault === 'hang') {
        record(fault);
        return; // never answered: the function's timeout must end it
      }
      if (fault === 'server_error') {
        record(fault);
        return json(res, 500, {
          error: { type: 'api_error', message: 'Something went wrong on Stripe' },
        });
      }
      if (fault === 'bad_request') {
        record(fault);
        return json(res, 400, {
          error: {
            type: 'invalid_request_error',
            code: 'parameter_invalid_integer',
            message: 'Invalid integer',
          },
        });
      }
      const key = req.headers['idempotency-key'] as string | undefined;
      if (key && byIdempotencyKey.has(key)) {
        record('replayed');
        return json(res, 200, byIdempotencyKey.get(key));
      }
      const id = stripeId('cs');
      const session = {
        id,
        url: `https://checkout.stripe.com/c/pay/${id}`,
        form,
        paymentIntent: stripeId('pi'),
      };
      sessions.set(id, session);
      const answer = { id, object: 'checkout.session', url: session.url, status: 'open' };
      if (key) byIdempotencyKey.set(key, answer);
      record('created');
      json(res, 200, answer);
    })().catch((error: unknown) => json(res, 500, { message: String(error) }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const standIn: StripeStandIn = {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    sessions,
    fault: 'none',
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  return standIn;
}

/** The metadata[...] fields of a recorded form, as the session's metadata object. */
function metadataOf(form: Record<string, string>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(form)
      .filter(([key]) => /^metadata\[[^\]]+\]$/.test(key))
      .map(([key, value]) => [key.slice('metadata['.length, -1), value]),
  );
}

/** A Stripe event as Stripe posts it: { id, object: 'event', type, created, livemode, data: { object } }. */
export function stripeEvent(type: string, object: Record<string, unknown>, id = stripeId('evt')) {
  return {
    id,
    object: 'event',
    api_version: '2025-03-31.basil',
    created: Math.floor(Date.now() / 1000),
    livemode: false,
    pending_webhooks: 1,
    type,
    data: { object },
  };
}

/** checkout.session.completed for a session the stand-in created, paid, as Stripe reports it. */
export function completedEvent(session: StandInSession, paymentStatus = 'paid') {
  return stripeEvent('checkout.session.completed', {
    id: session.id,
    object: 'checkout.session',
    mode: 'payment',
    status: 'complete',
    payment_status: paymentStatus,
    client_reference_id: session.form.client_reference_id ?? null,
    customer_email: session.form.customer_email ?? null,
    amount_total: Number(session.form['line_items[0][price_data][unit_amount]']),
    currency: session.form['line_items[0][price_data][currency]'],
    payment_intent: session.paymentIntent,
    metadata: metadataOf(session.form),
  });
}

/** charge.refunded for a session's payment, whole or in part. */
export function refundedEvent(session: StandInSession, whole = true) {
  const amount = Number(session.form['line_items[0][price_data][unit_amount]']);
  return stripeEvent('charge.refunded', {
    id: stripeId('ch'),
    object: 'charge',
    amount,
    amount_refunded: whole ? amount : 1,
    refunded: whole,
    payment_intent: session.paymentIntent,
    metadata: metadataOf(session.form),
  });
}

/** Stripe-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, `<t>.<raw body>`)> for each secret. */
export function stripeSignature(rawBody: string, secrets: string[], timestamp: number): string {
  const v1 = secrets.map(
    (secret) =>
      `v1=${createHmac('sha256', secret).update(`${timestamp}.${rawBody}`).digest('hex')}`,
  );
  return [`t=${timestamp}`, ...v1].join(',');
}

export interface Delivery {
  secrets?: string[];
  /** Unix seconds; defaults to now. */
  timestamp?: number;
  /** A header to send instead of the computed one. */
  signature?: string;
}

/** POSTs `rawBody` to the stack's stripe-webhook the way Stripe delivers it. */
export function deliverToWebhook(
  stackUrl: string,
  rawBody: string,
  {
    secrets = [STAND_IN_WEBHOOK_SECRET],
    timestamp = Math.floor(Date.now() / 1000),
    signature,
  }: Delivery = {},
): Promise<Response> {
  return fetch(`${stackUrl}/functions/v1/stripe-webhook`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json; charset=utf-8',
      'user-agent': 'Stripe/1.0 (+https://stripe.com/docs/webhooks)',
      'stripe-signature': signature ?? stripeSignature(rawBody, secrets, timestamp),
    },
    body: rawBody,
  });
}
