// supabase/functions/admin-users against the embedded stack, through supabase-js as the workstation calls
// it: who may call it, and an invitation followed from the mail to a telecaller signing in.
import type { SupabaseClient } from '@supabase/supabase-js';
import { decodeJwt } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningStack } from '../../../src/local-supabase/stack.js';
import { clientFor, startTestStack } from '../../support/stack.js';
import { fragmentOf, latestMail } from '../auth/mailbox-reader.js';
import { adminUsers, raiseToAal2, signedIn } from './people-fixtures.js';

const ADMIN_ID = '00000000-0000-4000-8000-000000000001';
const TC2_ID = '00000000-0000-4000-8000-000000000004';
const NEW_EMAIL = 'new.caller@talentg.test';
const NEW_PASSWORD = 'first-day-on-the-floor';

let stack: RunningStack;
let admin: SupabaseClient;

beforeAll(async () => {
  stack = await startTestStack({ seed: true });
  admin = await signedIn(stack, 'admin@talentg.test');
}, 120_000);
afterAll(async () => {
  await stack?.close();
});

const invite = {
  action: 'invite',
  email: NEW_EMAIL,
  full_name: 'New Caller',
  role: 'telecaller',
};

async function profileOf(id: string): Promise<{ role: string; is_active: boolean }> {
  // As text: PGlite and node-postgres read booleans differently.
  const { rows } = await stack.db.query<{ role: string; is_active: string }>(
    'select role, is_active::text from public.profiles where id = $1',
    [id],
  );
  if (!rows[0]) throw new Error(`no profile ${id}`);
  return { role: rows[0].role, is_active: rows[0].is_active === 'true' };
}

describe('admin-users refuses anyone but an active admin at aal2, before reading the body', () => {
  it('answers NOT_SIGNED_IN to the anon key, NOT_ADMIN to a manager or telecaller, AAL2_REQUIRED to an admin at aal1', async () => {
    const anon = await adminUsers(clientFor(stack, stack.anonKey), invite);
    expect(anon).toMatchObject({
      status: 401,
      body: { success: false, error: { code: 'NOT_SIGNED_IN' } },
    });

    const manager = await signedIn(stack, 'manager@talentg.test');
    await raiseToAal2(manager);
    expect(await adminUsers(manager, invite)).toMatchObject({
      status: 403,
      body: { success: false, error: { code: 'NOT_ADMIN' } },
    });
    const telecaller = await signedIn(stack, 'tc1@talentg.test');
    expect(
      await adminUsers(telecaller, { action: 'set-role', user_id: TC2_ID, role: 'admin' }),
    ).toMatchObject({
      status: 403,
      body: { error: { code: 'NOT_ADMIN' } },
    });

    expect(
      await adminUsers(admin, { action: 'set-active', user_id: TC2_ID, active: false }),
    ).toMatchObject({
      status: 403,
      body: { success: false, error: { code: 'AAL2_REQUIRED' } },
    });
    expect(await profileOf(TC2_ID)).toEqual({ role: 'telecaller', is_active: true });
    const { rows } = await stack.db.query(`select 1 from auth.users where email = $1`, [NEW_EMAIL]);
    expect(rows).toEqual([]);
  });
});

describe('an admin at aal2 manages a person from invitation to deactivation, each step audited', () => {
  let newId: string;

  it('invites a telecaller whose mail signs them in as a telecaller', async () => {
    await raiseToAal2(admin);
    const invited = await adminUsers(admin, invite);
    expect(invited).toMatchObject({
      status: 200,
      body: {
        success: true,
        data: { email: NEW_EMAIL, full_name: 'New Caller', role: 'telecaller', is_active: true },
      },
    });
    newId = String(invited.body.data?.id);

    const mail = await latestMail(stack, NEW_EMAIL);
    expect(mail.subject).toBe('You have been invited');
    const accepted = await fetch(mail.link, { redirect: 'manual' });
    const fragment = fragmentOf(accepted.headers.get('location'));
    expect(fragment).toMatchObject({ type: 'invite' });
    const person = clientFor(stack, stack.anonKey);
    await person.auth.setSession({
      access_token: fragment.access_token ?? '',
      refresh_token: fragment.refresh_token ?? '',
    });
    expect((await person.auth.updateUser({ password: NEW_PASSWORD })).error).toBeNull();

    const newcomer = await signedIn(stack, NEW_EMAIL, NEW_PASSWORD);
    const own = await newcomer.from('profiles').select('role, full_name').eq('id', newId).single();
    expect(own.data).toEqual({ role: 'telecaller', full_name: 'New Caller' });
    const token = (await newcomer.auth.getSession()).data.session?.access_token ?? '';
    expect(decodeJwt(token)).toMatchObject({ app_metadata: { role: 'telecaller' } });
  });

  it('refuses a role that does not exist, an unknown person, a second invitation and a change of oneself, by code', async () => {
    expect(
      await adminUsers(admin, { action: 'set-role', user_id: newId, role: 'supervisor' }),
    ).toMatchObject({
      status: 400,
      body: { error: { code: 'INVALID_ROLE' } },
    });
    expect(
      await adminUsers(admin, {
        action: 'set-role',
        user_id: '00000000-0000-4000-8000-00000000dead',
        role: 'manager',
      }),
    ).toMatchObject({ status: 404, body: { error: { code: 'USER_NOT_FOUND' } } });
    expect(await adminUsers(admin, { ...invite, email: 'tc1@talentg.test' })).toMatchObject({
      status: 409,
      body: { error: { code: 'EMAIL_EXISTS' } },
    });
    expect(
      await adminUsers(admin, { action: 'set-role', user_id: ADMIN_ID, role: 'user' }),
    ).toMatchObject({
      status: 409,
      body: { error: { code: 'CANNOT_CHANGE_SELF' } },
    });
    expect(await adminUsers(admin, { action: 'fire', user_id: newId })).toMatchObject({
      status: 400,
      body: { error: { code: 'INVALID_REQUEST' } },
    });
    expect(await profileOf(ADMIN_ID)).toEqual({ role: 'admin', is_active: true });
  });

  it('changes the role, in the profile and in the tokens Auth issues', async () => {
    const changed = await adminUsers(admin, {
      action: 'set-role',
      user_id: newId,
      role: 'manager',
    });
    expect(changed).toMatchObject({ status: 200, body: { data: { role: 'manager' } } });
    expect(await profileOf(newId)).toMatchObject({ role: 'manager' });
    const again = await signedIn(stack, NEW_EMAIL, NEW_PASSWORD);
    const token = (await again.auth.getSession()).data.session?.access_token ?? '';
    expect(decodeJwt(token)).toMatchObject({ app_metadata: { role: 'manager' } });
  });

  it('deactivates: sign-in and refresh are refused; reactivates: sign-in works again', async () => {
    const before = await signedIn(stack, NEW_EMAIL, NEW_PASSWORD);
    const off = await adminUsers(admin, { action: 'set-active', user_id: newId, active: false });
    expect(off).toMatchObject({ status: 200, body: { data: { is_active: false } } });
    expect(await profileOf(newId)).toMatchObject({ is_active: false });

    const refused = await clientFor(stack, stack.anonKey).auth.signInWithPassword({
      email: NEW_EMAIL,
      password: NEW_PASSWORD,
    });
    expect(refused.error).toMatchObject({ code: 'user_banned' });
    const refreshed = await before.auth.refreshSession();
    expect(refreshed.error).toMatchObject({ code: 'user_banned' });

    const on = await adminUsers(admin, { action: 'set-active', user_id: newId, active: true });
    expect(on).toMatchObject({ status: 200, body: { data: { is_active: true } } });
    await signedIn(stack, NEW_EMAIL, NEW_PASSWORD);
  });

  it('leaves every change in the audit log, naming the admin, readable by the admin', async () => {
    const { data, error } = await admin
      .from('audit_log')
      .select('action, actor_id, old_value, new_value')
      .eq('entity', 'profiles')
      .eq('entity_id', newId)
      .eq('actor_id', ADMIN_ID)
      .order('id');
    expect(error).toBeNull();
    expect(data).toEqual([
      {
        action: 'role_changed',
        actor_id: ADMIN_ID,
        old_value: { role: 'user' },
        new_value: { role: 'telecaller' },
      },
      {
        action: 'person_invited',
        actor_id: ADMIN_ID,
        old_value: null,
        new_value: { email: NEW_EMAIL, role: 'telecaller', full_name: 'New Caller' },
      },
      {
        action: 'role_changed',
        actor_id: ADMIN_ID,
        old_value: { role: 'telecaller' },
        new_value: { role: 'manager' },
      },
      {
        action: 'person_deactivated',
        actor_id: ADMIN_ID,
        old_value: { is_active: true },
        new_value: { is_active: false },
      },
      {
        action: 'person_reactivated',
        actor_id: ADMIN_ID,
        old_value: { is_active: false },
        new_value: { is_active: true },
      },
    ]);
  });
});

describe('the role given through the admin API (the known fault of issue 12)', () => {
  it('a user created with app_metadata.role telecaller has profiles.role telecaller', async () => {
    const created = await clientFor(stack, stack.serviceRoleKey).auth.admin.createUser({
      email: 'made.by.api@talentg.test',
      password: 'made-by-api',
      email_confirm: true,
      app_metadata: { role: 'telecaller' },
    });
    expect(created.error).toBeNull();
    expect(await profileOf(created.data.user?.id ?? '')).toEqual({
      role: 'telecaller',
      is_active: true,
    });
  });
});
