import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { RunningStack } from '../../../src/local-supabase/stack.js';
import { portOf, startFaultProxy, type FaultProxy } from '../../support/fault-proxy.js';
import {
  DEMO_PASSWORD,
  openRig,
  signedInRig,
  TC1,
  type ServicesRig,
} from '../../support/services-rig.js';
import { startTestStack } from '../../support/stack.js';
import { totpCode } from '../people/people-fixtures.js';
import {
  completedEvent,
  deliverToWebhook,
  startStripeStandIn,
  stripeFunctionsEnv,
  type StripeStandIn,
} from '../functions/stripe-standin.js';

// Paid assessments through the core, as the Assessments screen uses them: the list names the price
// and the lock (my_assessment_offers), assessments:checkout asks the stripe-checkout function for a
// session as the signed-in person, and once Stripe's webhook reports the payment the list shows it
// unlocked and it starts. Managers and admins take it without buying, and an admin grants it to others
// (migration team_seat_limits). Embedded stack, real supabase-js, a recording Stripe stand-in.

const PAID = '00000000-0000-4000-8000-00000000a002'; // seed: communication, assigned to tc1@ and user@
const FREE = '00000000-0000-4000-8000-00000000a001'; // seed: readiness, assigned to tc1@
const PRODUCT = '00000000-0000-4000-8000-0000000000f1';

let stack: RunningStack;
let stripe: StripeStandIn;
let tc1: ServicesRig;
/** Between tc1's workstation and the stack, cut to take it offline. */
let proxy: FaultProxy;

beforeAll(async () => {
  stripe = await startStripeStandIn();
  stack = await startTestStack({
    seed: true,
    auth: { rateLimit: false },
    functionsEnv: stripeFunctionsEnv(stripe, { STRIPE_TIMEOUT_MS: '1500' }),
  });
  await stack.db.query(
    `insert into public.products (id, kind, name, assessment_id, unit_amount, currency)
     values ($1, 'assessment', 'Communication assessment', $2, 49900, 'inr')`,
    [PRODUCT, PAID],
  );
  proxy = await startFaultProxy({ targetPort: portOf(stack.url) });
  // The first call boots the function's Deno worker: seconds on a loaded machine.
  tc1 = await openRig(
    { url: proxy.url, anonKey: stack.anonKey, requestTimeoutMs: 15_000 },
    { requestTimeoutMs: 15_000 },
  );
  const signedIn = await tc1.workstation.signIn(TC1, DEMO_PASSWORD);
  if (!signedIn.ok) throw new Error(signedIn.message);
}, 120_000);

afterAll(async () => {
  await tc1?.close();
  await proxy?.close();
  await stack?.close();
  await stripe?.close();
});

beforeEach(() => {
  proxy.mode('pass');
  stripe.fault = 'none';
  stripe.requests.length = 0;
});

async function listed(assessmentId: string) {
  const { assessments } = await tc1.caller.ok('assessments:list');
  const item = assessments.find((a) => a.assessment_id === assessmentId);
  if (item === undefined) throw new Error(`${assessmentId} is not listed`);
  return item;
}

describe('paid assessments in the core', () => {
  it('lists a paid assessment with its price, locked, and a free one without', async () => {
    expect(await listed(PAID)).toMatchObject({
      price: { amount: 49900, currency: 'inr', on_sale: true },
      locked: true,
    });
    expect(await listed(FREE)).toMatchObject({ price: null, locked: false });
  });

  it('refuses to start a locked one with ASSESSMENT_LOCKED', async () => {
    const refused = await tc1.caller.refused('assessments:start', { assessment_id: PAID });
    expect(refused.code).toBe('ASSESSMENT_LOCKED');
  });

  it('refuses to sell a free one, sending nothing to Stripe', async () => {
    const refused = await tc1.caller.refused('assessments:checkout', { assessment_id: FREE });
    expect(refused.code).toBe('PRODUCT_NOT_AVAILABLE');
    expect(stripe.requests).toHaveLength(0);
  });

  it('keeps PAYMENT_PROVIDER_ERROR when Stripe fails', async () => {
    stripe.fault = 'server_error';
    const refused = await tc1.caller.refused('assessments:checkout', { assessment_id: PAID });
    expect(refused.code).toBe('PAYMENT_PROVIDER_ERROR');
    expect(stripe.requests.length).toBeGreaterThan(0);
  });

  it('answers the Checkout URL, asked of Stripe as tc1 for the product', async () => {
    const { url } = await tc1.caller.ok('assessments:checkout', { assessment_id: PAID });
    const session = [...stripe.sessions.values()].find((s) => s.url === url);
    expect(session, 'the URL is the session Stripe created').toBeDefined();
    expect(session!.form.client_reference_id).toBe(tc1.workstation.session.currentUser()!.id);
    expect(session!.form['metadata[talentg_product_id]']).toBe(PRODUCT);
    expect(session!.form['line_items[0][price_data][unit_amount]']).toBe('49900');
  });

  it('shows it unlocked once the webhook reports the payment, and then it starts', async () => {
    const { url } = await tc1.caller.ok('assessments:checkout', { assessment_id: PAID });
    const session = [...stripe.sessions.values()].find((s) => s.url === url)!;
    const delivered = await deliverToWebhook(stack.url, JSON.stringify(completedEvent(session)));
    expect(delivered.status).toBe(200);

    expect(await listed(PAID)).toMatchObject({ price: { amount: 49900 }, locked: false });
    const started = await tc1.caller.ok('assessments:start', { assessment_id: PAID });
    expect(started.assessment.id).toBe(PAID);
    const again = await tc1.caller.refused('assessments:checkout', { assessment_id: PAID });
    expect(again.code).toBe('ALREADY_UNLOCKED');
  });

  it('refuses an assessment not assigned to the person with ASSESSMENT_NOT_FOUND', async () => {
    const unknown = await tc1.caller.refused('assessments:checkout', {
      assessment_id: '00000000-0000-4000-8000-00000000a0ff',
    });
    expect(unknown.code).toBe('ASSESSMENT_NOT_FOUND');
  });

  it('answers OFFLINE to the list and to a checkout when the server cannot be reached', async () => {
    proxy.mode('drop');
    proxy.cutAll();
    const list = await tc1.caller.refused('assessments:list');
    expect(list.code).toBe('OFFLINE');
    const refused = await tc1.caller.refused('assessments:checkout', { assessment_id: PAID });
    expect(refused.code).toBe('OFFLINE');
    expect(stripe.requests).toHaveLength(0);
  });
});

describe('paid assessments for managers, admins and whom an admin grants them', () => {
  let manager: ServicesRig;
  let user: ServicesRig;

  async function listedFor(rig: ServicesRig, assessmentId: string) {
    const { assessments } = await rig.caller.ok('assessments:list');
    return assessments.find((a) => a.assessment_id === assessmentId);
  }

  beforeAll(async () => {
    await stack.db.query(
      `insert into public.assessment_assignments (assessment_id, user_id)
       select $1, id from public.profiles where email = 'manager@talentg.test'`,
      [PAID],
    );
    manager = await signedInRig(stack, 'manager@talentg.test');
    user = await signedInRig(stack, 'user@talentg.test');
  });

  afterAll(async () => {
    await manager?.close();
    await user?.close();
  });

  it('lets a manager start a paid assessment without buying it, and sells them nothing', async () => {
    expect(await listedFor(manager, PAID)).toMatchObject({
      price: { amount: 49900, currency: 'inr' },
      locked: false,
    });
    const started = await manager.caller.ok('assessments:start', { assessment_id: PAID });
    expect(started.assessment.id).toBe(PAID);
    const refused = await manager.caller.refused('assessments:checkout', { assessment_id: PAID });
    expect(refused.code).toBe('ALREADY_UNLOCKED');
    expect(stripe.requests).toHaveLength(0);
  });

  it('unlocks it for a user an admin at aal2 grants it to (unlocks:grant), and locks it again when the grant is taken back', async () => {
    expect(await listedFor(user, PAID)).toMatchObject({ locked: true });
    const userId = user.workstation.session.currentUser()!.id;
    const admin = await signedInRig(stack, 'admin@talentg.test');
    try {
      const atAal1 = await admin.caller.refused('unlocks:grant', {
        assessment_id: PAID,
        user_id: userId,
      });
      expect(atAal1.code).toBe('AAL2_REQUIRED');
      const { factor_id, secret } = await admin.caller.ok('mfa:enroll');
      await admin.caller.ok('mfa:verify', { factor_id, code: totpCode(secret) });

      const granted = await admin.caller.ok('unlocks:grant', {
        assessment_id: PAID,
        user_id: userId,
      });
      expect(granted).toMatchObject({ user_id: userId, source: 'grant', revoked_at: null });
      expect(await admin.caller.ok('unlocks:list', { assessment_id: PAID })).toMatchObject({
        paid: true,
        unlocks: expect.arrayContaining([expect.objectContaining({ id: granted.id })]),
      });
      expect(await admin.caller.ok('unlocks:list', { assessment_id: FREE })).toEqual({
        paid: false,
        unlocks: [],
      });
      const free = await admin.caller.refused('unlocks:grant', {
        assessment_id: FREE,
        user_id: userId,
      });
      expect(free.code).toBe('INVALID_REQUEST');

      expect(await listedFor(user, PAID)).toMatchObject({ locked: false });
      const started = await user.caller.ok('assessments:start', { assessment_id: PAID });
      expect(started.assessment.id).toBe(PAID);

      const revoked = await admin.caller.ok('unlocks:revoke', { unlock_id: granted.id });
      expect(revoked.revoked_at).not.toBeNull();
      expect(await listedFor(user, PAID)).toMatchObject({ locked: true });
      // The response begun while it was granted stays, but cannot be answered any more.
      const again = await user.caller.refused('assessments:submit', {
        response_id: started.response_id,
        answers: { q1: 'b' },
      });
      expect(again.code).toBe('ASSESSMENT_LOCKED');
    } finally {
      await admin.close();
    }
  });
});
