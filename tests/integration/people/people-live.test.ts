// People follow changes made elsewhere: another admin changes a role or deactivates someone, and a
// signed-in admin's core, on the floor channel, says floor:changed (profiles on Realtime, migration
// profiles_realtime), after which people:list shows the change. The other admin is the service role
// here, as the admin-users function writes with it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningStack } from '../../../src/local-supabase/stack.js';
import {
  rigOnQuietFloor,
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
  admin = await rigOnQuietFloor(stack, ADMIN, LIVE_MS);
}, 120_000);

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
