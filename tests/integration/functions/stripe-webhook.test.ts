import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { RunningStack } from '../../../src/local-supabase/stack.js';
import { startTestStack } from '../../support/stack.js';
import {
  completedEvent,
  deliverToWebhook,
  refundedEvent,
  STAND_IN_WEBHOOK_SECRET,
  type StandInSession,
  stripeEvent,
  stripeSignature,
} from './stripe-standin.js';

// supabase/functions/stripe-webhook on the embedded stack (PGlite, or PostgreSQL with
// TALENTG_TEST_DB_URL), delivered and signed the way Stripe delivers events. The sessions here are
// built as stripe-checkout builds them; stripe-checkout.test.ts goes through the checkout itself.

const USER = '00000000-0000-4000-8000-000000000005';
const MANAGER = '00000000-0000-4000-8000-000000000002';
const ASSESSMENT = '00000000-0000-4000-8000-00000000a002';
const ASSESSMENT_PRODUCT = '00000000-0000-4000-8000-0000000000f1';
const SEATS_PRODUCT = '00000000-0000-4000-8000-0000000000f2';

let stack: RunningStack;
const stderr = vi.spyOn(process.stderr, 'write');
/** Requests this file sent to stripe-webhook, for the one-log-line-per-request check. */
let requestsSent = 0;

beforeAll(async () => {
  stack = await startTestStack({
    seed: true,
    functionsEnv: {
      STRIPE_WEBHOOK_SECRET: STAND_IN_WEBHOOK_SECRET,
      STRIPE_WEBHOOK_RATE_LIMIT: '10000/60',
    },
  });
  await stack.db.query(
    `insert into public.products (id, kind, name, assessment_id, seats, unit_amount, currency) values
       ($1, 'assessment', 'Communication assessment', $3, null, 49900, 'inr'),
       ($2, 'seats', 'Five seats', null, 5, 250000, 'inr')`,
    [ASSESSMENT_PRODUCT, SEATS_PRODUCT, ASSESSMENT],
  );
}, 120_000);

afterAll(async () => {
  stderr.mockRestore();
  await stack?.close();
});

interface Envelope {
  success: boolean;
  data?: {
    event_id: string;
    type: string;
    outcome: string;
    detail: string | null;
    purchase_id: string | null;
    duplicate: boolean;
  };
  error?: { code: string; message: string; field?: string };
}

/** A session as stripe-checkout creates it for `user` and a product (its form fields as Stripe got them). */
function session(
  user: string,
  product: { id: string; kind: string; amount: number; assessment?: string; seats?: number },
): StandInSession {
  const id = `cs_test_${randomBytes(8).toString('hex')}`;
  return {
    id,
    url: `https://checkout.stripe.com/c/pay/${id}`,
    paymentIntent: `pi_test_${randomBytes(8).toString('hex')}`,
    form: {
      mode: 'payment',
      client_reference_id: user,
      'line_items[0][price_data][unit_amount]': String(product.amount),
      'line_items[0][price_data][currency]': 'inr',
      'metadata[talentg_user_id]': user,
      'metadata[talentg_product_id]': product.id,
      'metadata[talentg_kind]': product.kind,
      ...(product.assessment && { 'metadata[talentg_assessment_id]': product.assessment }),
      ...(product.seats && { 'metadata[talentg_seats]': String(product.seats) }),
    },
  };
}

const assessmentSession = (user = USER) =>
  session(user, {
    id: ASSESSMENT_PRODUCT,
    kind: 'assessment',
    amount: 49900,
    assessment: ASSESSMENT,
  });

async function deliver(
  event: unknown,
  options: Parameters<typeof deliverToWebhook>[2] = {},
): Promise<{ status: number; envelope: Envelope }> {
  const rawBody = typeof event === 'string' ? event : JSON.stringify(event);
  requestsSent += 1;
  const response = await deliverToWebhook(stack.url, rawBody, options);
  return { status: response.status, envelope: (await response.json()) as Envelope };
}

async function count(sql: string, params: unknown[]): Promise<number> {
  const { rows } = await stack.db.query<{ n: number }>(
    `select count(*)::text as n from ${sql}`,
    params,
  );
  return Number(rows[0]!.n);
}

async function resetUnlocks(): Promise<void> {
  await stack.db.query('delete from public.assessment_unlocks where user_id = $1', [USER]);
}

describe('stripe-webhook', () => {
  it('applies a signed checkout.session.completed once: the purchase, the unlock and the event with its outcome', async () => {
    await resetUnlocks();
    const paid = assessmentSession();
    const event = completedEvent(paid);
    const { status, envelope } = await deliver(event);
    expect(status).toBe(200);
    expect(envelope).toMatchObject({
      success: true,
      data: {
        event_id: event.id,
        type: 'checkout.session.completed',
        outcome: 'unlocked',
        duplicate: false,
      },
    });
    const { rows } = await stack.db.query<Record<string, unknown>>(
      `select p.user_id, p.kind, p.assessment_id, p.amount_total::text as amount_total, p.currency, p.status, p.stripe_payment_intent_id,
              (select count(*)::text from public.assessment_unlocks u where u.purchase_id = p.id and u.revoked_at is null) as unlocks,
              (select e.outcome from public.stripe_events e where e.id = $2) as event_outcome
         from public.purchases p where p.stripe_checkout_session_id = $1`,
      [paid.id, event.id],
    );
    expect(rows).toEqual([
      {
        user_id: USER,
        kind: 'assessment',
        assessment_id: ASSESSMENT,
        amount_total: '49900',
        currency: 'inr',
        status: 'paid',
        stripe_payment_intent_id: paid.paymentIntent,
        unlocks: '1',
        event_outcome: 'unlocked',
      },
    ]);
    expect(envelope.data!.purchase_id).toEqual(expect.any(String));
  });

  it('refuses a forged signature with 401 INVALID_SIGNATURE and stores nothing', async () => {
    const event = completedEvent(assessmentSession());
    const forged = await deliver(event, { secrets: ['whsec_someone_else'] });
    expect(forged).toMatchObject({
      status: 401,
      envelope: { success: false, error: { code: 'INVALID_SIGNATURE' } },
    });
    const garbled = await deliver(event, { signature: 't=123,v1=not-hex' });
    expect(garbled).toMatchObject({
      status: 401,
      envelope: { error: { code: 'INVALID_SIGNATURE' } },
    });
    const missing = await deliver(event, { signature: '' });
    expect(missing.status).toBe(401);
    // The signature covers the body: the same header on a changed body is refused.
    const rawBody = JSON.stringify(event);
    const timestamp = Math.floor(Date.now() / 1000);
    const header = stripeSignature(rawBody, [STAND_IN_WEBHOOK_SECRET], timestamp);
    requestsSent += 1;
    const tampered = await deliverToWebhook(stack.url, rawBody.replace('49900', '1'), {
      signature: header,
    });
    expect(tampered.status).toBe(401);
    expect(await count('public.stripe_events where id = $1', [event.id])).toBe(0);
    expect(
      await count('public.purchases where stripe_checkout_session_id = $1', [event.data.object.id]),
    ).toBe(0);
  });

  it('accepts any matching v1 among several, as while a signing secret is rolled', async () => {
    const event = stripeEvent('customer.created', { id: 'cus_test_1', object: 'customer' });
    const { status, envelope } = await deliver(event, {
      secrets: ['whsec_the_old_secret', STAND_IN_WEBHOOK_SECRET],
    });
    expect(status).toBe(200);
    expect(envelope.data).toMatchObject({ outcome: 'ignored', duplicate: false });
  });

  it('refuses a delivery signed more than 300 s ago or ahead with 401 STALE_TIMESTAMP', async () => {
    const event = completedEvent(assessmentSession());
    const now = Math.floor(Date.now() / 1000);
    // 30 s past the tolerance each way: `now` is truncated to the second and the delivery itself may
    // take a second or more on a loaded machine, which would bring a 301 s-ahead stamp back inside it.
    for (const timestamp of [now - 330, now + 330]) {
      const { status, envelope } = await deliver(event, { timestamp });
      expect(status).toBe(401);
      expect(envelope.error?.code).toBe('STALE_TIMESTAMP');
    }
    expect(await count('public.stripe_events where id = $1', [event.id])).toBe(0);
    // Inside the tolerance it is taken.
    expect((await deliver(event, { timestamp: now - 240 })).status).toBe(200);
  });

  it('answers a replayed event 200 with duplicate: true and applies nothing again', async () => {
    await resetUnlocks();
    const paid = assessmentSession();
    const event = completedEvent(paid);
    const first = await deliver(event);
    expect(first.envelope.data).toMatchObject({ outcome: 'unlocked', duplicate: false });
    await stack.db.query(
      'update public.assessment_unlocks set revoked_at = now() where user_id = $1',
      [USER],
    );
    const replay = await deliver(event);
    expect(replay.status).toBe(200);
    expect(replay.envelope.data).toEqual({ ...first.envelope.data, duplicate: true });
    // Nothing re-applied: the unlock revoked meanwhile stays revoked, and there is still one purchase.
    expect(
      await count('public.assessment_unlocks where user_id = $1 and revoked_at is null', [USER]),
    ).toBe(0);
    expect(await count('public.purchases where stripe_checkout_session_id = $1', [paid.id])).toBe(
      1,
    );
  });

  it('applies an event once when Stripe delivers it ten times at once', async () => {
    await resetUnlocks();
    const paid = assessmentSession();
    const event = completedEvent(paid);
    const answers = await Promise.all(Array.from({ length: 10 }, () => deliver(event)));
    expect(answers.map((answer) => answer.status)).toEqual(Array(10).fill(200));
    expect(answers.filter((answer) => answer.envelope.data?.duplicate === false)).toHaveLength(1);
    expect(new Set(answers.map((answer) => answer.envelope.data?.purchase_id)).size).toBe(1);
    expect(await count('public.purchases where stripe_checkout_session_id = $1', [paid.id])).toBe(
      1,
    );
    expect(
      await count('public.assessment_unlocks where user_id = $1 and revoked_at is null', [USER]),
    ).toBe(1);
    expect(await count('public.stripe_events where id = $1', [event.id])).toBe(1);
  });

  it('grants a session once though both completed and async_payment_succeeded report it', async () => {
    await resetUnlocks();
    const paid = assessmentSession();
    const pending = await deliver(completedEvent(paid, 'unpaid'));
    expect(pending.envelope.data?.outcome).toBe('awaiting_payment');
    expect(await count('public.assessment_unlocks where user_id = $1', [USER])).toBe(0);
    const settled = completedEvent(paid);
    const succeeded = await deliver({
      ...settled,
      type: 'checkout.session.async_payment_succeeded',
    });
    expect(succeeded.envelope.data?.outcome).toBe('unlocked');
    const again = await deliver(completedEvent(paid));
    expect(again.envelope.data?.outcome).toBe('already_applied');
    expect(await count('public.assessment_unlocks where user_id = $1', [USER])).toBe(1);
  });

  it('revokes the unlock when the charge is refunded in full, not in part', async () => {
    await resetUnlocks();
    const paid = assessmentSession();
    await deliver(completedEvent(paid));
    const partial = await deliver(refundedEvent(paid, false));
    expect(partial.envelope.data?.outcome).toBe('ignored');
    expect(
      await count('public.assessment_unlocks where user_id = $1 and revoked_at is null', [USER]),
    ).toBe(1);
    const whole = await deliver(refundedEvent(paid));
    expect(whole).toMatchObject({
      status: 200,
      envelope: { data: { outcome: 'revoked', duplicate: false } },
    });
    expect(
      await count('public.assessment_unlocks where user_id = $1 and revoked_at is null', [USER]),
    ).toBe(0);
    expect(
      await count(
        `public.purchases where stripe_checkout_session_id = $1 and status = 'refunded'`,
        [paid.id],
      ),
    ).toBe(1);
  });

  it('adds a seat pack for the manager who bought it, and takes it back on refund', async () => {
    const paid = session(MANAGER, { id: SEATS_PRODUCT, kind: 'seats', amount: 250000, seats: 5 });
    const bought = await deliver(completedEvent(paid));
    expect(bought.envelope.data?.outcome).toBe('seats_added');
    const seats = () =>
      count(
        'public.team_seats s join public.purchases p on p.id = s.purchase_id where p.stripe_checkout_session_id = $1 and s.revoked_at is null and s.seats = 5 and s.bought_by = $2',
        [paid.id, MANAGER],
      );
    expect(await seats()).toBe(1);
    await deliver(refundedEvent(paid));
    expect(await seats()).toBe(0);
  });

  it('records and ignores a signed event TalentG did not cause, answering 200 so Stripe stops', async () => {
    const foreign = stripeEvent('checkout.session.completed', {
      id: 'cs_test_payment_link',
      object: 'checkout.session',
      payment_status: 'paid',
      metadata: {},
    });
    const { status, envelope } = await deliver(foreign);
    expect(status).toBe(200);
    expect(envelope.data).toMatchObject({ outcome: 'ignored' });
    expect(
      await count('public.purchases where stripe_checkout_session_id = $1', [
        'cs_test_payment_link',
      ]),
    ).toBe(0);
  });

  it('answers a malformed body with 400 VALIDATION_ERROR in the envelope, never a 500', async () => {
    const notJson = await deliver('{"id": "evt_1", ');
    expect(notJson).toMatchObject({
      status: 400,
      envelope: { success: false, error: { code: 'VALIDATION_ERROR' } },
    });
    const noId = await deliver({ ...stripeEvent('charge.refunded', {}), id: 'ch_not_an_event' });
    expect(noId).toMatchObject({
      status: 400,
      envelope: { error: { code: 'VALIDATION_ERROR', field: 'id' } },
    });
    const noObject = await deliver({ ...stripeEvent('charge.refunded', {}), data: null });
    expect(noObject).toMatchObject({
      status: 400,
      envelope: { error: { code: 'VALIDATION_ERROR', field: 'data' } },
    });
    const array = await deliver('[1, 2]');
    expect(array.status).toBe(400);
  });

  it('answers other methods with 405 in the envelope', async () => {
    requestsSent += 1;
    const response = await fetch(`${stack.url}/functions/v1/stripe-webhook`);
    expect(response.status).toBe(405);
    expect(await response.json()).toMatchObject({
      success: false,
      error: { code: 'METHOD_NOT_ALLOWED' },
    });
  });

  it('logged one JSON line per request above, none of them a 500', async () => {
    const logLines = () =>
      stderr.mock.calls
        .flatMap(([chunk]) => String(chunk).split('\n'))
        .map((line) => /^\[functions:stripe-webhook\] (\{.*\})$/.exec(line)?.[1])
        .filter((line) => line !== undefined)
        .map((line) => JSON.parse(line) as Record<string, unknown>);
    // The worker's stdout reaches this process a moment after the answer.
    await vi.waitFor(() => expect(logLines()).toHaveLength(requestsSent), { timeout: 5000 });
    const lines = logLines();
    for (const line of lines) {
      expect(line).toMatchObject({
        function: 'stripe-webhook',
        status: expect.any(Number),
        duration_ms: expect.any(Number),
        address: '127.0.0.1',
      });
    }
    expect(lines.filter((line) => (line.status as number) >= 500)).toEqual([]);
    expect(lines).toContainEqual(
      expect.objectContaining({ status: 401, code: 'INVALID_SIGNATURE' }),
    );
    expect(lines).toContainEqual(expect.objectContaining({ status: 401, code: 'STALE_TIMESTAMP' }));
    expect(lines).toContainEqual(
      expect.objectContaining({ status: 400, code: 'VALIDATION_ERROR' }),
    );
  });
});
