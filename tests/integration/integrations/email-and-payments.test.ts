// email:*, payments:list through the core's contract against the embedded stack: an admin reads the email
// queue's counts and its dead emails, sends one again only at aal2 (once: then it is queued), and reads
// the Stripe events and purchases with buyer and product named; a manager is refused all of it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningStack } from '../../../src/local-supabase/stack.js';
import {
  MANAGER,
  signedInRig,
  serviceClient,
  startSeededStack,
  type ServicesRig,
} from '../../support/services-rig.js';
import { totpCode } from '../people/people-fixtures.js';

const ADMIN = 'admin@talentg.test';
/** Buyers read their own purchases; the manager here bought nothing. */
const BUYER = 'tc2@talentg.test';

let stack: RunningStack;
let admin: ServicesRig;
let manager: ServicesRig;
let deadId = '';

/** The rows a service-role request wrote or read; its error fails the setup. */
async function must<T = { id: string }>(
  answer: PromiseLike<{ data: unknown; error: unknown }>,
): Promise<T> {
  const { data, error } = await answer;
  if (error) throw new Error(JSON.stringify(error));
  return data as T;
}

beforeAll(async () => {
  stack = await startSeededStack();
  const service = serviceClient(stack);
  // The seed's callbacks and assignments queued mail of their own; these are the ones this file reads.
  const emails = await must<{ id: string; dedupe_key: string }[]>(
    service
      .from('email_outbox')
      .insert([
        {
          template: 'manager_digest',
          recipient: 'manager@talentg.test',
          dedupe_key: 'it-dead',
          state: 'dead',
          attempts: 8,
          last_error: 'gave up after 8 attempts: Brevo 503',
          sent_at: null,
        },
        {
          template: 'manager_digest',
          recipient: 'admin@talentg.test',
          dedupe_key: 'it-sent',
          state: 'sent',
          attempts: 1,
          last_error: null,
          sent_at: new Date().toISOString(),
        },
      ])
      .select('id, dedupe_key'),
  );
  deadId = emails.find((row) => row.dedupe_key === 'it-dead')!.id;
  const buyer = await must(service.from('profiles').select('id').eq('email', BUYER).single());
  const product = await must(
    service
      .from('products')
      .insert({ kind: 'seats', name: 'Ten seats', seats: 10, unit_amount: 99_900 })
      .select('id')
      .single(),
  );
  const purchase = await must(
    service
      .from('purchases')
      .insert({
        user_id: buyer.id,
        product_id: product.id,
        kind: 'seats',
        seats: 10,
        amount_total: 99_900,
        currency: 'inr',
        stripe_checkout_session_id: 'cs_test_it',
      })
      .select('id')
      .single(),
  );
  await must(
    service.from('stripe_events').insert({
      id: 'evt_it_1',
      type: 'checkout.session.completed',
      outcome: 'seats_added',
      purchase_id: purchase.id,
    }),
  );
  admin = await signedInRig(stack, ADMIN);
  manager = await signedInRig(stack, MANAGER);
}, 120_000);

afterAll(async () => {
  await admin?.close();
  await manager?.close();
  await stack?.close();
});

describe('email:queue and email:requeue', () => {
  it('gives an admin every state’s count and the dead emails with their reason', async () => {
    const { counts, emails } = await admin.caller.ok('email:queue', {});
    expect(counts.map((count) => count.state)).toEqual(['queued', 'sending', 'sent', 'dead']);
    expect(counts.find((count) => count.state === 'dead')?.emails).toBe(1);
    expect(counts.find((count) => count.state === 'sent')?.emails).toBeGreaterThanOrEqual(1);
    expect(emails).toEqual([
      expect.objectContaining({
        id: deadId,
        state: 'dead',
        attempts: 8,
        last_error: 'gave up after 8 attempts: Brevo 503',
      }),
    ]);
    const sent = await admin.caller.ok('email:queue', { state: 'sent', limit: 5 });
    expect(sent.emails.every((email) => email.state === 'sent' && email.sent_at !== null)).toBe(
      true,
    );
  });

  it('refuses a manager with FORBIDDEN', async () => {
    expect((await manager.caller.refused('email:queue', {})).code).toBe('FORBIDDEN');
    expect((await manager.caller.refused('email:requeue', { id: deadId })).code).toBe('FORBIDDEN');
  });

  it('asks an admin at aal1 for a second factor before sending a dead email again', async () => {
    expect((await admin.caller.refused('email:requeue', { id: deadId })).code).toBe(
      'AAL2_REQUIRED',
    );
  });

  it('sends it again at aal2, once: a queued email is not dead any more', async () => {
    const enrolment = await admin.caller.ok('mfa:enroll');
    await admin.caller.ok('mfa:verify', {
      factor_id: enrolment.factor_id,
      code: totpCode(enrolment.secret),
    });
    const queued = await admin.caller.ok('email:requeue', { id: deadId });
    expect(queued).toMatchObject({ id: deadId, state: 'queued', attempts: 0 });
    expect((await admin.caller.refused('email:requeue', { id: deadId })).code).toBe(
      'EMAIL_NOT_DEAD',
    );
    const missing = '00000000-0000-4000-8000-00000000dead';
    expect((await admin.caller.refused('email:requeue', { id: missing })).code).toBe(
      'EMAIL_NOT_FOUND',
    );
  }, 60_000);
});

describe('payments:list', () => {
  it('gives an admin the Stripe events with their outcome and the purchases with buyer and product', async () => {
    const { events, purchases } = await admin.caller.ok('payments:list');
    expect(events).toEqual([
      expect.objectContaining({ id: 'evt_it_1', outcome: 'seats_added', livemode: false }),
    ]);
    expect(purchases).toEqual([
      expect.objectContaining({
        kind: 'seats',
        seats: 10,
        buyer: BUYER,
        product: 'Ten seats',
        amount_total: 99_900,
        status: 'paid',
        refunded_at: null,
      }),
    ]);
  });

  it('gives a manager who bought nothing none of them: RLS shows payments to admins and buyers', async () => {
    expect(await manager.caller.ok('payments:list')).toEqual({ events: [], purchases: [] });
  });
});
