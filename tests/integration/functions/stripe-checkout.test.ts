import type { SupabaseClient } from '@supabase/supabase-js';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { RunningStack } from '../../../src/local-supabase/stack.js';
import { signedInClient } from '../../support/services-rig.js';
import { startTestStack } from '../../support/stack.js';
import {
  completedEvent,
  deliverToWebhook,
  STAND_IN_SECRET_KEY,
  startStripeStandIn,
  stripeFunctionsEnv,
  type StripeStandIn,
} from './stripe-standin.js';

// supabase/functions/stripe-checkout on the embedded stack against a recording Stripe stand-in, called
// with a signed-in person's token as the app calls it; and the whole purchase: a paid assessment that
// its buyer can start only after Stripe's webhook reports the payment.

const USER = '00000000-0000-4000-8000-000000000005';
const ASSESSMENT = '00000000-0000-4000-8000-00000000a002';
const ASSESSMENT_PRODUCT = '00000000-0000-4000-8000-0000000000f1';
const SEATS_PRODUCT = '00000000-0000-4000-8000-0000000000f2';
const RETIRED_PRODUCT = '00000000-0000-4000-8000-0000000000f3';
const UNKNOWN_PRODUCT = '00000000-0000-4000-8000-0000000000ff';
const TIMEOUT_MS = 1500;

let stack: RunningStack;
let stripe: StripeStandIn;
const tokens: Record<'user' | 'tc1' | 'manager' | 'admin', string> = {
  user: '',
  tc1: '',
  manager: '',
  admin: '',
};
let userClient: SupabaseClient;
const stderr = vi.spyOn(process.stderr, 'write');
/** Every request this file sent to stripe-checkout, with the user it was sent as (if any). */
const sent: { user: string | undefined }[] = [];

beforeAll(async () => {
  stripe = await startStripeStandIn();
  stack = await startTestStack({
    seed: true,
    auth: { rateLimit: false },
    functionsEnv: stripeFunctionsEnv(stripe, {
      STRIPE_SUCCESS_URL: 'https://talentg.test/paid?session={CHECKOUT_SESSION_ID}',
      STRIPE_TIMEOUT_MS: String(TIMEOUT_MS),
      // Above what one person does in this file, except the admin who runs into it on purpose; a
      // day-long window, since a fixed window starts on the clock and a minute's could end mid-test.
      STRIPE_CHECKOUT_RATE_LIMIT: '12/86400',
    }),
  });
  await stack.db.query(
    `insert into public.products (id, kind, name, assessment_id, seats, unit_amount, currency, is_active) values
       ($1, 'assessment', 'Communication assessment', $4, null, 49900, 'inr', true),
       ($2, 'seats', 'Five seats', null, 5, 250000, 'inr', true),
       ($3, 'seats', 'Retired pack', null, 10, 400000, 'inr', false)`,
    [ASSESSMENT_PRODUCT, SEATS_PRODUCT, RETIRED_PRODUCT, ASSESSMENT],
  );
  userClient = await signedInClient(stack, 'user@talentg.test');
  for (const who of ['user', 'tc1', 'manager', 'admin'] as const) {
    const client = who === 'user' ? userClient : await signedInClient(stack, `${who}@talentg.test`);
    tokens[who] = (await client.auth.getSession()).data.session!.access_token;
  }
}, 120_000);

afterAll(async () => {
  stderr.mockRestore();
  await stack?.close();
  await stripe?.close();
});

beforeEach(() => {
  stripe.fault = 'none';
  stripe.requests.length = 0;
});

interface Envelope {
  success: boolean;
  data?: { id: string; url: string };
  error?: { code: string; message: string; field?: string };
}

async function checkout(
  body: unknown,
  token: string = tokens.user,
): Promise<{ status: number; envelope: Envelope; headers: Headers }> {
  sent.push({ user: Object.entries(tokens).find(([, value]) => value === token)?.[0] });
  const response = await fetch(`${stack.url}/functions/v1/stripe-checkout`, {
    method: 'POST',
    headers: {
      apikey: stack.anonKey,
      authorization: `Bearer ${token}`,
      'content-type': 'application/json',
    },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return {
    status: response.status,
    envelope: (await response.json()) as Envelope,
    headers: response.headers,
  };
}

describe('stripe-checkout', () => {
  it('creates a Checkout Session for the signed-in buyer and answers its url and id', async () => {
    const { status, envelope } = await checkout({ product_id: ASSESSMENT_PRODUCT });
    expect(status).toBe(200);
    const session = stripe.sessions.get(envelope.data!.id)!;
    expect(envelope).toEqual({ success: true, data: { id: session.id, url: session.url } });
    const [request, ...others] = stripe.requests;
    expect(others).toEqual([]);
    expect(request).toMatchObject({
      authorization: `Bearer ${STAND_IN_SECRET_KEY}`,
      contentType: 'application/x-www-form-urlencoded',
      idempotencyKey: expect.stringMatching(
        new RegExp(`^talentg-checkout-${USER}-${ASSESSMENT_PRODUCT}-`),
      ),
      answer: 'created',
    });
    expect(request!.form).toEqual({
      mode: 'payment',
      client_reference_id: USER,
      customer_email: 'user@talentg.test',
      success_url: 'https://talentg.test/paid?session={CHECKOUT_SESSION_ID}',
      cancel_url: 'https://talentg.test/cancelled',
      'line_items[0][quantity]': '1',
      'line_items[0][price_data][currency]': 'inr',
      'line_items[0][price_data][unit_amount]': '49900',
      'line_items[0][price_data][product_data][name]': 'Communication assessment',
      'metadata[talentg_user_id]': USER,
      'metadata[talentg_product_id]': ASSESSMENT_PRODUCT,
      'metadata[talentg_kind]': 'assessment',
      'metadata[talentg_assessment_id]': ASSESSMENT,
      'payment_intent_data[metadata][talentg_user_id]': USER,
      'payment_intent_data[metadata][talentg_product_id]': ASSESSMENT_PRODUCT,
      'payment_intent_data[metadata][talentg_kind]': 'assessment',
      'payment_intent_data[metadata][talentg_assessment_id]': ASSESSMENT,
    });
  });

  it('gives a retry with the app’s idempotency_key the same session, through Stripe’s Idempotency-Key', async () => {
    const first = await checkout({
      product_id: ASSESSMENT_PRODUCT,
      idempotency_key: 'attempt-0001',
    });
    const retry = await checkout({
      product_id: ASSESSMENT_PRODUCT,
      idempotency_key: 'attempt-0001',
    });
    expect(retry.envelope.data).toEqual(first.envelope.data);
    expect(stripe.requests.map((request) => request.answer)).toEqual(['created', 'replayed']);
    expect(stripe.requests[0]!.idempotencyKey).toBe(stripe.requests[1]!.idempotencyKey);
  });

  it('refuses unknown and retired products, bad bodies, seats for a telecaller and callers without a session, with codes', async () => {
    expect(await checkout({ product_id: UNKNOWN_PRODUCT })).toMatchObject({
      status: 404,
      envelope: { success: false, error: { code: 'PRODUCT_NOT_FOUND' } },
    });
    expect(await checkout({ product_id: RETIRED_PRODUCT })).toMatchObject({
      status: 409,
      envelope: { error: { code: 'PRODUCT_NOT_AVAILABLE' } },
    });
    expect(await checkout({ product_id: 'seats please' })).toMatchObject({
      status: 400,
      envelope: { error: { code: 'VALIDATION_ERROR', field: 'product_id' } },
    });
    expect(await checkout('{"product_id": ')).toMatchObject({
      status: 400,
      envelope: { error: { code: 'VALIDATION_ERROR' } },
    });
    expect(await checkout({ product_id: SEATS_PRODUCT }, tokens.tc1)).toMatchObject({
      status: 403,
      envelope: { error: { code: 'FORBIDDEN' } },
    });
    // The anon key passes the platform's JWT check but names nobody.
    expect(await checkout({ product_id: ASSESSMENT_PRODUCT }, stack.anonKey)).toMatchObject({
      status: 401,
      envelope: { error: { code: 'NOT_SIGNED_IN' } },
    });
    expect(stripe.requests).toEqual([]);
  });

  it('sells no paid assessment to a manager, who takes it included (as admins do), and still sells them seats', async () => {
    expect(await checkout({ product_id: ASSESSMENT_PRODUCT }, tokens.manager)).toMatchObject({
      status: 409,
      envelope: {
        success: false,
        error: {
          code: 'ALREADY_UNLOCKED',
          message: 'Managers and admins take paid assessments without buying them.',
        },
      },
    });
    expect(stripe.requests).toEqual([]);
    const seats = await checkout({ product_id: SEATS_PRODUCT }, tokens.manager);
    expect(seats.status).toBe(200);
    expect(stripe.requests.map((request) => request.form['metadata[talentg_kind]'])).toEqual([
      'seats',
    ]);
  });

  it('answers Stripe’s 5xx, 4xx and silence with 502 PAYMENT_PROVIDER_ERROR, never a 500 or a stack', async () => {
    for (const fault of ['server_error', 'bad_request', 'hang'] as const) {
      stripe.fault = fault;
      const started = Date.now();
      const { status, envelope } = await checkout({ product_id: ASSESSMENT_PRODUCT });
      expect(status, fault).toBe(502);
      expect(envelope.success).toBe(false);
      expect(envelope.error?.code).toBe('PAYMENT_PROVIDER_ERROR');
      expect(envelope.error?.message).not.toMatch(/\bat .*\.ts:\d+/);
      if (fault === 'server_error') expect(envelope.error?.message).toContain('status 500');
      if (fault === 'bad_request')
        expect(envelope.error?.message).toContain('parameter_invalid_integer');
      if (fault === 'hang') {
        expect(envelope.error?.message).toContain(`no answer within ${TIMEOUT_MS} ms`);
        expect(Date.now() - started).toBeGreaterThanOrEqual(TIMEOUT_MS);
      }
    }
    expect(stripe.requests.map((request) => request.answer)).toEqual([
      'server_error',
      'bad_request',
      'hang',
    ]);
  });

  it('lets the buyer start the paid assessment only after Stripe’s webhook reports the payment', async () => {
    const start = () =>
      userClient
        .from('assessment_responses')
        .insert({ assessment_id: ASSESSMENT })
        .select('id')
        .single();
    const locked = await start();
    expect(locked.error).toMatchObject({ code: 'P0001', hint: 'talentg:ASSESSMENT_LOCKED' });

    const { envelope } = await checkout({ product_id: ASSESSMENT_PRODUCT });
    const session = stripe.sessions.get(envelope.data!.id)!;
    // Paid in Stripe's page, not yet reported: still locked.
    expect((await start()).error?.hint).toBe('talentg:ASSESSMENT_LOCKED');

    const delivered = await deliverToWebhook(stack.url, JSON.stringify(completedEvent(session)));
    expect(delivered.status).toBe(200);
    const started = await start();
    expect(started.error).toBeNull();
    expect(started.data).toEqual({ id: expect.any(String) });
    const { data: unlocks } = await userClient
      .from('assessment_unlocks')
      .select('assessment_id, revoked_at');
    expect(unlocks).toEqual([{ assessment_id: ASSESSMENT, revoked_at: null }]);

    expect(await checkout({ product_id: ASSESSMENT_PRODUCT })).toMatchObject({
      status: 409,
      envelope: { error: { code: 'ALREADY_UNLOCKED' } },
    });
  });

  it('limits checkouts per person: over the limit it answers 429 with Retry-After', async () => {
    const answers = [];
    for (let i = 0; i < 13; i += 1)
      answers.push(await checkout({ product_id: UNKNOWN_PRODUCT }, tokens.admin));
    expect(answers.slice(0, 12).map((answer) => answer.status)).toEqual(Array(12).fill(404));
    const limited = answers[12]!;
    expect(limited).toMatchObject({ status: 429, envelope: { error: { code: 'RATE_LIMITED' } } });
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    // Another person is not held back by the admin's count.
    expect((await checkout({ product_id: UNKNOWN_PRODUCT }, tokens.tc1)).status).toBe(404);
  });

  it('writes one JSON log line per request: function, status, duration, address and the buyer', async () => {
    const ids = {
      user: USER,
      tc1: '00000000-0000-4000-8000-000000000003',
      manager: '00000000-0000-4000-8000-000000000002',
      admin: '00000000-0000-4000-8000-000000000001',
    };
    const logLines = () =>
      stderr.mock.calls
        .flatMap(([chunk]) => String(chunk).split('\n'))
        .map((line) => /^\[functions:stripe-checkout\] (\{.*\})$/.exec(line)?.[1])
        .filter((line) => line !== undefined)
        .map((line) => JSON.parse(line) as Record<string, unknown>);
    // The worker's stdout reaches this process a moment after the answer.
    await vi.waitFor(() => expect(logLines()).toHaveLength(sent.length), { timeout: 5000 });
    const lines = logLines();
    for (const line of lines) {
      expect(line).toMatchObject({
        function: 'stripe-checkout',
        method: 'POST',
        status: expect.any(Number),
        duration_ms: expect.any(Number),
        address: '127.0.0.1',
      });
    }
    const users = sent.map((request) =>
      request.user ? ids[request.user as keyof typeof ids] : undefined,
    );
    expect(lines.map((line) => line.user).sort()).toEqual(users.sort());
    expect(lines).toContainEqual(
      expect.objectContaining({
        status: 502,
        level: 'error',
        code: 'PAYMENT_PROVIDER_ERROR',
        user: USER,
      }),
    );
    expect(lines).toContainEqual(
      expect.objectContaining({ status: 429, code: 'RATE_LIMITED', user: ids.admin }),
    );
  });
});
