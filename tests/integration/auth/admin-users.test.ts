import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningStack } from '../../../src/local-supabase/stack.js';
import { clientFor, startTestStack } from '../../support/stack.js';
import { authFetch } from './auth-fixtures.js';

let stack: RunningStack;

beforeAll(async () => {
  stack = await startTestStack({ migrations: false });
}, 120_000);
afterAll(async () => {
  await stack?.close();
});

const admin = () => clientFor(stack, stack.serviceRoleKey).auth.admin;

describe('admin users (the service_role key)', () => {
  it('creates a confirmed user with metadata and a password that then signs in', async () => {
    const { data, error } = await admin().createUser({
      email: 'Manager@TalentG.test',
      password: 'manager-password',
      email_confirm: true,
      user_metadata: { full_name: 'Floor Manager' },
      app_metadata: { team: 'north' },
    });
    expect(error).toBeNull();
    expect(data.user).toMatchObject({
      email: 'manager@talentg.test',
      role: 'authenticated',
      app_metadata: { provider: 'email', providers: ['email'], team: 'north' },
      user_metadata: { full_name: 'Floor Manager', email_verified: true },
    });
    expect(data.user?.email_confirmed_at).toBeTruthy();
    const signIn = await clientFor(stack, stack.anonKey).auth.signInWithPassword({
      email: 'manager@talentg.test',
      password: 'manager-password',
    });
    expect(signIn.error).toBeNull();
    expect(signIn.data.session?.user.app_metadata).toMatchObject({ team: 'north' });
  });

  it('creates an unconfirmed user when email_confirm is not set, who cannot sign in yet', async () => {
    const { data } = await admin().createUser({
      email: 'pending@talentg.test',
      password: 'pending-password',
    });
    expect(data.user?.email_confirmed_at).toBeUndefined();
    const signIn = await clientFor(stack, stack.anonKey).auth.signInWithPassword({
      email: 'pending@talentg.test',
      password: 'pending-password',
    });
    expect(signIn.error).toMatchObject({ code: 'email_not_confirmed' });
  });

  it('answers 422 email_exists for an email another user holds', async () => {
    await admin().createUser({ email: 'twice@talentg.test', password: 'twice-password' });
    const { error } = await admin().createUser({
      email: 'TWICE@talentg.test',
      password: 'twice-password',
    });
    expect(error).toMatchObject({ status: 422, code: 'email_exists' });
  });

  it('gets a user by id, and answers 404 user_not_found for an unknown id', async () => {
    const created = await admin().createUser({ email: 'lookup@talentg.test', email_confirm: true });
    const { data, error } = await admin().getUserById(created.data.user!.id);
    expect(error).toBeNull();
    expect(data.user).toMatchObject({ id: created.data.user!.id, email: 'lookup@talentg.test' });
    const missing = await admin().getUserById('6b1f6f49-5ad8-4f73-9f31-5b2a4c0e1a11');
    expect(missing.error).toMatchObject({
      status: 404,
      code: 'user_not_found',
      message: 'User not found',
    });
  });

  it('lists users newest first with page and per_page, and the totals supabase-js reads from the headers', async () => {
    for (const n of [1, 2, 3]) {
      await admin().createUser({ email: `page-${n}@talentg.test`, email_confirm: true });
    }
    const all = await admin().listUsers({ page: 1, perPage: 1000 });
    expect(all.error).toBeNull();
    const total = all.data.users.length;
    expect(total).toBeGreaterThanOrEqual(3);
    expect(all.data.users.slice(0, 3).map((user) => user.email)).toEqual([
      'page-3@talentg.test',
      'page-2@talentg.test',
      'page-1@talentg.test',
    ]);

    const second = await admin().listUsers({ page: 2, perPage: 1 });
    expect(second.data.users.map((user) => user.email)).toEqual(['page-2@talentg.test']);
    expect(second.data).toMatchObject({ total, nextPage: 3, aud: 'authenticated' });

    const raw = await authFetch(stack, '/admin/users?page=1&per_page=2', {
      headers: { authorization: `Bearer ${stack.serviceRoleKey}` },
    });
    expect(raw.headers.get('x-total-count')).toBe(String(total));
    expect(raw.headers.get('link')).toBe(
      `</admin/users?page=2&per_page=2>; rel="next", </admin/users?page=${Math.ceil(total / 2)}&per_page=2>; rel="last"`,
    );
  });

  it('updates a user by id: metadata merged, password changed, banned and unbanned', async () => {
    const created = await admin().createUser({
      email: 'update-me@talentg.test',
      password: 'old-password',
      email_confirm: true,
      user_metadata: { full_name: 'Old Name', shift: 'A' },
    });
    const id = created.data.user!.id;
    const updated = await admin().updateUserById(id, {
      password: 'new-password',
      user_metadata: { full_name: 'New Name', shift: null },
      app_metadata: { role: 'telecaller' },
    });
    expect(updated.error).toBeNull();
    expect(updated.data.user?.user_metadata).toEqual({
      full_name: 'New Name',
      email_verified: true,
    });
    expect(updated.data.user?.app_metadata).toMatchObject({ role: 'telecaller' });

    const anon = clientFor(stack, stack.anonKey);
    expect(
      (
        await anon.auth.signInWithPassword({
          email: 'update-me@talentg.test',
          password: 'new-password',
        })
      ).error,
    ).toBeNull();

    const banned = await admin().updateUserById(id, { ban_duration: '24h' });
    expect(Date.parse(banned.data.user!.banned_until!)).toBeGreaterThan(
      Date.now() + 23 * 3_600_000,
    );
    const refused = await anon.auth.signInWithPassword({
      email: 'update-me@talentg.test',
      password: 'new-password',
    });
    expect(refused.error).toMatchObject({ code: 'user_banned' });

    await admin().updateUserById(id, { ban_duration: 'none' });
    expect(
      (
        await anon.auth.signInWithPassword({
          email: 'update-me@talentg.test',
          password: 'new-password',
        })
      ).error,
    ).toBeNull();

    const badDuration = await admin().updateUserById(id, { ban_duration: 'forever' });
    expect(badDuration.error).toMatchObject({ status: 400, code: 'validation_failed' });
  });

  it('refuses /user to a user banned after signing in, with 403 user_banned', async () => {
    const created = await admin().createUser({
      email: 'later-banned@talentg.test',
      password: 'later-password',
      email_confirm: true,
    });
    const anon = clientFor(stack, stack.anonKey);
    const { data } = await anon.auth.signInWithPassword({
      email: 'later-banned@talentg.test',
      password: 'later-password',
    });
    await admin().updateUserById(created.data.user!.id, { ban_duration: '1h' });
    const user = await anon.auth.getUser(data.session!.access_token);
    expect(user.error).toMatchObject({ status: 403, code: 'user_banned' });
  });

  it('deletes a user, which ends their sessions', async () => {
    const created = await admin().createUser({
      email: 'delete-me@talentg.test',
      password: 'delete-password',
      email_confirm: true,
    });
    const anon = clientFor(stack, stack.anonKey);
    const { data } = await anon.auth.signInWithPassword({
      email: 'delete-me@talentg.test',
      password: 'delete-password',
    });
    const { error } = await admin().deleteUser(created.data.user!.id);
    expect(error).toBeNull();
    expect((await admin().getUserById(created.data.user!.id)).error).toMatchObject({ status: 404 });
    const refresh = await clientFor(stack, stack.anonKey).auth.refreshSession({
      refresh_token: data.session!.refresh_token,
    });
    expect(refresh.error).toMatchObject({ code: 'refresh_token_not_found' });
    const user = await clientFor(stack, stack.anonKey).auth.getUser(data.session!.access_token);
    expect(user.error).toMatchObject({ status: 403, code: 'user_not_found' });
  });

  it('soft-deletes a user: the row stays, but nobody can sign in as it', async () => {
    const created = await admin().createUser({
      email: 'soft@talentg.test',
      password: 'soft-password',
      email_confirm: true,
    });
    const { error } = await admin().deleteUser(created.data.user!.id, true);
    expect(error).toBeNull();
    const row = await stack.db.query<{ deleted: string }>(
      'select (deleted_at is not null)::text as deleted from auth.users where id = $1',
      [created.data.user!.id],
    );
    expect(row.rows).toEqual([{ deleted: 'true' }]);
    const signIn = await clientFor(stack, stack.anonKey).auth.signInWithPassword({
      email: 'soft@talentg.test',
      password: 'soft-password',
    });
    expect(signIn.error).toMatchObject({ code: 'invalid_credentials' });
  });

  it('refuses the admin endpoints to the anon key and to a user token with 403 not_admin', async () => {
    const anonAdmin = clientFor(stack, stack.anonKey).auth.admin;
    const asAnon = await anonAdmin.listUsers();
    expect(asAnon.error).toMatchObject({
      status: 403,
      code: 'not_admin',
      message: 'User not allowed',
    });

    await admin().createUser({
      email: 'plain@talentg.test',
      password: 'plain-password',
      email_confirm: true,
    });
    const { data } = await clientFor(stack, stack.anonKey).auth.signInWithPassword({
      email: 'plain@talentg.test',
      password: 'plain-password',
    });
    const asUser = await authFetch(stack, '/admin/users', {
      method: 'POST',
      body: JSON.stringify({ email: 'sneaky@talentg.test' }),
      headers: {
        authorization: `Bearer ${data.session!.access_token}`,
        'x-supabase-api-version': '2024-01-01',
      },
    });
    expect(asUser.status).toBe(403);
    expect(await asUser.json()).toEqual({ code: 'not_admin', message: 'User not allowed' });
    const sneaky = await stack.db.query(
      "select 1 from auth.users where email = 'sneaky@talentg.test'",
    );
    expect(sneaky.rows).toHaveLength(0);
  });
});
