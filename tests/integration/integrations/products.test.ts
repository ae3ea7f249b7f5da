// products:* through the core's contract against the embedded stack: an admin lists the catalogue with
// the currencies and the authored assessments, writes it only at aal2, and each bad input comes back
// with its code (and field); a manager is refused. A price change reaches only checkouts started after
// it: a session opened before keeps its price and still unlocks when paid, and a retired product stops
// new checkouts. Real supabase-js, the recording Stripe stand-in behind stripe-checkout.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningStack } from '../../../src/local-supabase/stack.js';
import { MANAGER, signedInRig, TC1, type ServicesRig } from '../../support/services-rig.js';
import { startTestStack } from '../../support/stack.js';
import {
  completedEvent,
  deliverToWebhook,
  startStripeStandIn,
  stripeFunctionsEnv,
  type StripeStandIn,
} from '../functions/stripe-standin.js';
import { totpCode } from '../people/people-fixtures.js';

const ADMIN = 'admin@talentg.test';
const COMMUNICATION = '00000000-0000-4000-8000-00000000a002'; // seed: assigned to tc1@
const READINESS = '00000000-0000-4000-8000-00000000a001';

let stack: RunningStack;
let stripe: StripeStandIn;
let admin: ServicesRig;
let manager: ServicesRig;
let tc1: ServicesRig;
/** user@, assigned the communication assessment and never buying it here. */
let buyer: ServicesRig;
let productId = '';

beforeAll(async () => {
  stripe = await startStripeStandIn();
  stack = await startTestStack({
    seed: true,
    auth: { rateLimit: false },
    functionsEnv: stripeFunctionsEnv(stripe),
  });
  [admin, manager, tc1, buyer] = await Promise.all([
    signedInRig(stack, ADMIN),
    signedInRig(stack, MANAGER),
    signedInRig(stack, TC1),
    signedInRig(stack, 'user@talentg.test'),
  ]);
}, 120_000);

afterAll(async () => {
  await Promise.all([admin?.close(), manager?.close(), tc1?.close(), buyer?.close()]);
  await stack?.close();
  await stripe?.close();
});

describe('products:* for an admin', () => {
  it('lists no products yet, the currencies with their decimals, and the authored assessments', async () => {
    const { products, currencies, assessments } = await admin.caller.ok('products:list');
    expect(products).toEqual([]);
    expect(currencies).toContainEqual({ code: 'inr', decimals: 2, min_amount: 50 });
    expect(currencies).toContainEqual({ code: 'jpy', decimals: 0, min_amount: 50 });
    expect(assessments.map((a) => a.id)).toEqual(
      expect.arrayContaining([COMMUNICATION, READINESS]),
    );
  });

  it('asks an admin at aal1 for the second factor, and refuses a manager', async () => {
    const add = {
      kind: 'assessment',
      assessment_id: COMMUNICATION,
      name: 'Communication',
      unit_amount: 49_900,
      currency: 'inr',
    } as const;
    expect((await admin.caller.refused('products:save', add)).code).toBe('AAL2_REQUIRED');
    expect((await manager.caller.refused('products:save', add)).code).toBe('FORBIDDEN');
    expect((await admin.caller.ok('products:list')).products).toEqual([]);
  });

  it('adds an assessment product and a seat pack at aal2, the currency code in either case', async () => {
    const enrolment = await admin.caller.ok('mfa:enroll');
    await admin.caller.ok('mfa:verify', {
      factor_id: enrolment.factor_id,
      code: totpCode(enrolment.secret),
    });
    const product = await admin.caller.ok('products:save', {
      kind: 'assessment',
      assessment_id: COMMUNICATION,
      name: ' Communication assessment ',
      unit_amount: 49_900,
      currency: 'INR',
    });
    expect(product).toMatchObject({
      kind: 'assessment',
      name: 'Communication assessment',
      assessment_id: COMMUNICATION,
      assessment_title: expect.any(String),
      seats: null,
      unit_amount: 49_900,
      currency: 'inr',
      is_active: true,
    });
    productId = product.id;
    const pack = await admin.caller.ok('products:save', {
      kind: 'seats',
      seats: 10,
      name: 'Ten seats',
      unit_amount: 5_000,
      currency: 'jpy',
    });
    expect(pack).toMatchObject({ kind: 'seats', seats: 10, assessment_id: null, currency: 'jpy' });
    const { products } = await admin.caller.ok('products:list');
    expect(products.map((p) => p.name).sort()).toEqual(['Communication assessment', 'Ten seats']);
  }, 60_000);

  it('refuses bad input with its code and field', async () => {
    const pack = { kind: 'seats', seats: 5, name: 'Five', unit_amount: 10_000, currency: 'inr' };
    const cheap = await admin.caller.refused('products:save', { ...pack, unit_amount: 49 });
    expect(cheap).toMatchObject({ code: 'PRODUCT_INVALID', details: { field: 'unit_amount' } });
    expect(cheap.message).toBe('The price must be from 0.50 to 999999.99 INR.');
    expect(await admin.caller.refused('products:save', { ...pack, currency: 'xyz' })).toMatchObject(
      { code: 'CURRENCY_NOT_SUPPORTED', details: { field: 'currency' } },
    );
    expect(await admin.caller.refused('products:save', { ...pack, name: ' ' })).toMatchObject({
      code: 'PRODUCT_INVALID',
      details: { field: 'name' },
    });
    expect(await admin.caller.refused('products:save', { ...pack, seats: 0 })).toMatchObject({
      code: 'PRODUCT_INVALID',
      details: { field: 'seats' },
    });
    const again = await admin.caller.refused('products:save', {
      kind: 'assessment',
      assessment_id: COMMUNICATION,
      name: 'Second price',
      unit_amount: 100,
      currency: 'inr',
    });
    expect(again).toMatchObject({ code: 'PRODUCT_DUPLICATE', details: { field: 'assessment_id' } });
    const missing = '00000000-0000-4000-8000-00000000dead';
    expect((await admin.caller.refused('products:retire', { id: missing })).code).toBe(
      'PRODUCT_NOT_FOUND',
    );
    // Not a shape the contract knows: refused by the core before it reaches the server.
    expect((await admin.caller.refused('products:save', { ...pack, unit_amount: 1.5 })).code).toBe(
      'INVALID_REQUEST',
    );
  });
});

describe('a price change and a checkout already open', () => {
  it('keeps the open session at its price, and it still unlocks when paid', async () => {
    const { url: before } = await tc1.caller.ok('assessments:checkout', {
      assessment_id: COMMUNICATION,
    });
    const opened = [...stripe.sessions.values()].find((s) => s.url === before)!;
    expect(opened.form['line_items[0][price_data][unit_amount]']).toBe('49900');

    const changed = await admin.caller.ok('products:save', {
      id: productId,
      name: 'Communication assessment',
      unit_amount: 59_900,
      currency: 'inr',
    });
    expect(changed.unit_amount).toBe(59_900);
    const { url: after } = await tc1.caller.ok('assessments:checkout', {
      assessment_id: COMMUNICATION,
    });
    const later = [...stripe.sessions.values()].find((s) => s.url === after)!;
    expect(later.form['line_items[0][price_data][unit_amount]']).toBe('59900');

    const listed = async () =>
      (await tc1.caller.ok('assessments:list')).assessments.find(
        (a) => a.assessment_id === COMMUNICATION,
      );
    expect((await listed())?.locked).toBe(true);
    // tc1 pays the first session, at the old price.
    const delivered = await deliverToWebhook(stack.url, JSON.stringify(completedEvent(opened)));
    expect(delivered.status).toBe(200);
    expect((await listed())?.locked).toBe(false);
    const { purchases } = await admin.caller.ok('payments:list');
    expect(purchases[0]).toMatchObject({
      amount_total: 49_900,
      product: 'Communication assessment',
    });
  }, 60_000);

  it('stops new checkouts once retired, and takes them again once restored', async () => {
    const retired = await admin.caller.ok('products:retire', { id: productId });
    expect(retired.is_active).toBe(false);
    const { products } = await admin.caller.ok('products:list');
    expect(products.find((p) => p.id === productId)?.is_active).toBe(false);
    const refused = await buyer.caller.refused('assessments:checkout', {
      assessment_id: COMMUNICATION,
    });
    expect(refused.code).toBe('PRODUCT_NOT_AVAILABLE');

    const restored = await admin.caller.ok('products:restore', { id: productId });
    expect(restored.is_active).toBe(true);
    const { url } = await buyer.caller.ok('assessments:checkout', { assessment_id: COMMUNICATION });
    expect(url).toMatch(/^https?:/);
  }, 60_000);
});
