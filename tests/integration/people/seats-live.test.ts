// Seats bought or refunded reach an open People screen without a reload: Stripe reports a seat purchase
// (or its refund) to stripe-webhook, which writes team_seats; a signed-in admin's core, on the floor
// channel, hears it (team_seats on Realtime, migration team_seats_realtime) and says floor:changed, on
// which People reads people:seats again. Only staff hear of seats: a telecaller subscribed to team_seats
// gets nothing, while a change of their own profile, committed after the purchase, does reach them.
import type { RealtimeChannel } from '@supabase/supabase-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningStack } from '../../../src/local-supabase/stack.js';
import {
  deliverToWebhook,
  completedEvent,
  refundedEvent,
  STAND_IN_WEBHOOK_SECRET,
  type StandInSession,
} from '../functions/stripe-standin.js';
import {
  rigOnQuietFloor,
  serviceClient,
  signedInClient,
  type ServicesRig,
} from '../../support/services-rig.js';
import { startTestStack } from '../../support/stack.js';

const ADMIN_ID = '00000000-0000-4000-8000-000000000001';
const TC1_ID = '00000000-0000-4000-8000-000000000003';
const LIVE_MS = 15_000;

let stack: RunningStack;
let admin: ServicesRig;
const channels: RealtimeChannel[] = [];

/** A paid Checkout Session of `seats` seats bought by the admin, as stripe-checkout would have made it. */
function seatSession(id: string, seats: number): StandInSession {
  return {
    id: `cs_test_${id}`,
    url: `https://checkout.stripe.test/${id}`,
    paymentIntent: `pi_test_${id}`,
    form: {
      client_reference_id: ADMIN_ID,
      'line_items[0][price_data][unit_amount]': '250000',
      'line_items[0][price_data][currency]': 'inr',
      'metadata[talentg_user_id]': ADMIN_ID,
      'metadata[talentg_kind]': 'seats',
      'metadata[talentg_seats]': String(seats),
    },
  };
}

async function stripeReports(event: unknown): Promise<void> {
  const response = await deliverToWebhook(stack.url, JSON.stringify(event));
  expect(response.status).toBe(200);
}

beforeAll(async () => {
  stack = await startTestStack({
    seed: true,
    auth: { rateLimit: false },
    functionsEnv: { STRIPE_WEBHOOK_SECRET: STAND_IN_WEBHOOK_SECRET },
  });
  // Once the floor is quiet, a floor:changed is the purchase's: the tests below fail when team_seats is not heard.
  admin = await rigOnQuietFloor(stack, 'admin@talentg.test', LIVE_MS);
}, 120_000);

afterAll(async () => {
  for (const channel of channels) await channel.unsubscribe();
  await admin?.close();
  await stack?.close();
});

describe('seats bought or refunded reach an admin’s open People screen', () => {
  const session = seatSession('live_seats_1', 15);

  it('says floor:changed when Stripe reports a seat purchase, and people:seats then shows it', async () => {
    expect(await admin.caller.ok('people:seats')).toEqual({ used: 3, bought: null });
    admin.events.clear();
    await stripeReports(completedEvent(session));
    await admin.events.next('floor:changed', () => true, LIVE_MS);
    expect(await admin.caller.ok('people:seats')).toEqual({ used: 3, bought: 15 });
  });

  it('says floor:changed when Stripe reports the refund, and people:seats then shows none bought', async () => {
    admin.events.clear();
    await stripeReports(refundedEvent(session));
    await admin.events.next('floor:changed', () => true, LIVE_MS);
    expect(await admin.caller.ok('people:seats')).toEqual({ used: 3, bought: 0 });
  });
});

describe('who hears of seats', () => {
  it('tells a manager of a purchase and a telecaller nothing', async () => {
    const heard = { manager: [] as string[], tc1: [] as string[] };
    const listen = async (who: 'manager' | 'tc1') => {
      const client = await signedInClient(stack, `${who}@talentg.test`);
      const channel = client.channel(`seats-${who}`);
      channel
        .on('postgres_changes', { event: '*', schema: 'public', table: 'team_seats' }, () =>
          heard[who].push('team_seats'),
        )
        .on(
          'postgres_changes',
          { event: 'UPDATE', schema: 'public', table: 'profiles', filter: `id=eq.${TC1_ID}` },
          () => heard[who].push('profiles'),
        );
      channels.push(channel);
      await new Promise<void>((resolve, reject) =>
        channel.subscribe((status, error) => {
          if (status === 'SUBSCRIBED') resolve();
          else if (status !== 'CLOSED') reject(error ?? new Error(status));
        }),
      );
    };
    await listen('manager');
    await listen('tc1');

    await stripeReports(completedEvent(seatSession('live_seats_2', 5)));
    // Committed after the purchase, on the same socket: once tc1 hears it, a seat event would be in.
    const { error } = await serviceClient(stack)
      .from('profiles')
      .update({ full_name: 'Priya R.' })
      .eq('id', TC1_ID);
    expect(error).toBeNull();
    await expect.poll(() => heard.tc1, { timeout: LIVE_MS }).toContain('profiles');
    await expect.poll(() => heard.manager, { timeout: LIVE_MS }).toContain('profiles');
    expect(heard.manager).toEqual(['team_seats', 'profiles']);
    expect(heard.tc1).toEqual(['profiles']);
  });
});
