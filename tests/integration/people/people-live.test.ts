// People follow changes made elsewhere: another admin changes a role or deactivates someone, and a
// signed-in admin's core, on the floor channel, says floor:changed (profiles on Realtime, migration
// profiles_realtime), after which people:list shows the change. The other admin is the service role
// here, as the admin-users function writes with it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningStack } from '../../../src/local-supabase/stack.js';
import {
  DEMO_PASSWORD,
  openRig,
  serviceClient,
  startSeededStack,
  type ServicesRig,
} from '../../support/services-rig.js';

const ADMIN = 'admin@talentg.test';
const TC2_ID = '00000000-0000-4000-8000-000000000004';
const LIVE_MS = 15_000;

let stack: RunningStack;
let admin: ServicesRig;

beforeAll(async () => {
  stack = await startSeededStack();
  admin = await openRig({ url: stack.url, anonKey: stack.anonKey, requestTimeoutMs: 10_000 });
  await admin.caller.ok('session:sign-in', { email: ADMIN, password: DEMO_PASSWORD });
  // The shell asks for presence at once; that joins the floor channel, whose first sync says floor:changed.
  await admin.caller.ok('presence:state');
  await admin.events.next('floor:changed', () => true, LIVE_MS);
  await quietFloor();
}, 120_000);

/**
 * Until the join's own presence syncs are over (no floor:changed for a second): an event after that is
 * the change's, so the tests below fail when profiles are not heard.
 */
async function quietFloor(): Promise<void> {
  const deadline = Date.now() + LIVE_MS;
  let seen = -1;
  while (Date.now() < deadline) {
    const now = admin.events.of('floor:changed').length;
    if (now === seen) return;
    seen = now;
    await new Promise((resolve) => setTimeout(resolve, 1_000));
  }
  throw new Error('the floor channel did not settle');
}

afterAll(async () => {
  await admin?.close();
  await stack?.close();
});

async function tc2(): Promise<{ role: string; is_active: boolean } | undefined> {
  const { people } = await admin.caller.ok('people:list');
  return people.find((person) => person.id === TC2_ID);
}

describe('an admin’s core hears of people changed by someone else', () => {
  it('says floor:changed when a role changes, and the list then shows it', async () => {
    admin.events.clear();
    const { error } = await serviceClient(stack).auth.admin.updateUserById(TC2_ID, {
      app_metadata: { role: 'manager' },
    });
    expect(error).toBeNull();
    await admin.events.next('floor:changed', () => true, LIVE_MS);
    expect(await tc2()).toMatchObject({ role: 'manager' });
  });

  it('says floor:changed when someone is deactivated', async () => {
    admin.events.clear();
    const { error } = await serviceClient(stack)
      .from('profiles')
      .update({ is_active: false })
      .eq('id', TC2_ID);
    expect(error).toBeNull();
    await admin.events.next('floor:changed', () => true, LIVE_MS);
    expect(await tc2()).toMatchObject({ is_active: false });
  });
});
