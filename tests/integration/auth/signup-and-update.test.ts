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

describe('sign-up (POST /signup)', () => {
  it('creates a confirmed user, lower-cases the email and signs them in', async () => {
    const supabase = clientFor(stack, stack.anonKey);
    const { data, error } = await supabase.auth.signUp({
      email: 'New.Caller@TalentG.test',
      password: 'new-caller-password',
      options: { data: { full_name: 'New Caller' } },
    });
    expect(error).toBeNull();
    expect(data.session?.access_token).toBeTruthy();
    expect(data.user).toMatchObject({
      email: 'new.caller@talentg.test',
      role: 'authenticated',
      aud: 'authenticated',
      app_metadata: { provider: 'email', providers: ['email'] },
      user_metadata: { full_name: 'New Caller', email_verified: true },
    });
    expect(data.user?.email_confirmed_at).toBeTruthy();
    expect(data.user?.identities).toHaveLength(1);
    expect(data.user?.identities?.[0]).toMatchObject({
      provider: 'email',
      id: data.user?.id,
      user_id: data.user?.id,
      identity_data: {
        sub: data.user?.id,
        email: 'new.caller@talentg.test',
        full_name: 'New Caller',
      },
    });

    const again = await clientFor(stack, stack.anonKey).auth.signInWithPassword({
      email: 'new.caller@talentg.test',
      password: 'new-caller-password',
    });
    expect(again.error).toBeNull();
    const stored = await stack.db.query<{ encrypted_password: string }>(
      'select encrypted_password from auth.users where id = $1',
      [data.user!.id],
    );
    expect(stored.rows[0]?.encrypted_password).toMatch(/^\$2a\$10\$/);
    const pgcryptoAgrees = await stack.db.query<{ ok: boolean | string }>(
      `select (encrypted_password = extensions.crypt($2, encrypted_password))::text as ok from auth.users where id = $1`,
      [data.user!.id, 'new-caller-password'],
    );
    expect(pgcryptoAgrees.rows[0]?.ok).toBe('true');
  });

  it('answers 422 user_already_exists for an email that is taken, whatever its case', async () => {
    await clientFor(stack, stack.anonKey).auth.signUp({
      email: 'taken@talentg.test',
      password: 'taken-password',
    });
    const { data, error } = await clientFor(stack, stack.anonKey).auth.signUp({
      email: 'TAKEN@talentg.test',
      password: 'another-password',
    });
    expect(data.user).toBeNull();
    expect(error).toMatchObject({
      status: 422,
      code: 'user_already_exists',
      message: 'User already registered',
    });
  });

  it('answers 422 weak_password with the reasons for a password under 6 characters', async () => {
    const { error } = await clientFor(stack, stack.anonKey).auth.signUp({
      email: 'weak@talentg.test',
      password: '12345',
    });
    expect(error).toMatchObject({
      name: 'AuthWeakPasswordError',
      status: 422,
      code: 'weak_password',
      message: 'Password should be at least 6 characters.',
      reasons: ['length'],
    });
    const raw = await authFetch(stack, '/signup', {
      method: 'POST',
      body: JSON.stringify({ email: 'weak@talentg.test', password: '12345' }),
    });
    expect(raw.status).toBe(422);
    expect(await raw.json()).toEqual({
      code: 422,
      error_code: 'weak_password',
      msg: 'Password should be at least 6 characters.',
      weak_password: { reasons: ['length'] },
    });
  });

  it('answers 400 validation_failed for a malformed email and 422 for an anonymous sign-up', async () => {
    const malformed = await clientFor(stack, stack.anonKey).auth.signUp({
      email: 'not-an-email',
      password: 'long-enough',
    });
    expect(malformed.error).toMatchObject({
      status: 400,
      code: 'validation_failed',
      message: 'Unable to validate email address: invalid format',
    });
    const anonymous = await clientFor(stack, stack.anonKey).auth.signInAnonymously();
    expect(anonymous.error).toMatchObject({ status: 422, code: 'anonymous_provider_disabled' });
  });
});

describe('updating the signed-in user (PUT /user)', () => {
  async function newUser(email: string) {
    const supabase = clientFor(stack, stack.anonKey);
    const { data, error } = await supabase.auth.signUp({
      email,
      password: 'first-password',
      options: { data: { full_name: 'Before', team: 'north' } },
    });
    expect(error).toBeNull();
    return { supabase, session: data.session! };
  }

  it('merges data into user_metadata key by key, a null deleting its key', async () => {
    const { supabase } = await newUser('meta@talentg.test');
    const { data, error } = await supabase.auth.updateUser({
      data: { full_name: 'After', team: null, shift: 'B' },
    });
    expect(error).toBeNull();
    expect(data.user?.user_metadata).toEqual({
      full_name: 'After',
      shift: 'B',
      email_verified: true,
    });
    const fetched = await supabase.auth.getUser();
    expect(fetched.data.user?.user_metadata).toEqual({
      full_name: 'After',
      shift: 'B',
      email_verified: true,
    });
  });

  it('changes the password: the new one signs in, the old one no longer does, other sessions end', async () => {
    const { supabase } = await newUser('password-change@talentg.test');
    const other = await clientFor(stack, stack.anonKey).auth.signInWithPassword({
      email: 'password-change@talentg.test',
      password: 'first-password',
    });
    const { error } = await supabase.auth.updateUser({ password: 'second-password' });
    expect(error).toBeNull();

    const fresh = clientFor(stack, stack.anonKey);
    const oldPassword = await fresh.auth.signInWithPassword({
      email: 'password-change@talentg.test',
      password: 'first-password',
    });
    expect(oldPassword.error).toMatchObject({ code: 'invalid_credentials' });
    const newPassword = await fresh.auth.signInWithPassword({
      email: 'password-change@talentg.test',
      password: 'second-password',
    });
    expect(newPassword.error).toBeNull();
    const otherRefresh = await clientFor(stack, stack.anonKey).auth.refreshSession({
      refresh_token: other.data.session!.refresh_token,
    });
    expect(otherRefresh.error).toMatchObject({ code: 'refresh_token_not_found' });
    expect((await supabase.auth.getUser()).error).toBeNull();
  });

  it('refuses the same password (422 same_password) and a weak one (422 weak_password)', async () => {
    const { supabase } = await newUser('same-password@talentg.test');
    expect((await supabase.auth.updateUser({ password: 'first-password' })).error).toMatchObject({
      status: 422,
      code: 'same_password',
    });
    expect((await supabase.auth.updateUser({ password: 'abc' })).error).toMatchObject({
      status: 422,
      code: 'weak_password',
    });
  });

  it('changes the email at once (there is no mailer) and refuses one another user holds', async () => {
    const { supabase } = await newUser('old-address@talentg.test');
    const { data, error } = await supabase.auth.updateUser({ email: 'New-Address@talentg.test' });
    expect(error).toBeNull();
    expect(data.user?.email).toBe('new-address@talentg.test');
    const signIn = await clientFor(stack, stack.anonKey).auth.signInWithPassword({
      email: 'new-address@talentg.test',
      password: 'first-password',
    });
    expect(signIn.error).toBeNull();

    await newUser('holder@talentg.test');
    const clash = await supabase.auth.updateUser({ email: 'holder@talentg.test' });
    expect(clash.error).toMatchObject({ status: 422, code: 'email_exists' });
  });

  it('refuses app_metadata from a user with 403 not_admin', async () => {
    const { session } = await newUser('app-meta@talentg.test');
    const response = await authFetch(stack, '/user', {
      method: 'PUT',
      body: JSON.stringify({ app_metadata: { role: 'admin' } }),
      headers: {
        authorization: `Bearer ${session.access_token}`,
        'x-supabase-api-version': '2024-01-01',
      },
    });
    expect(response.status).toBe(403);
    expect(await response.json()).toEqual({
      code: 'not_admin',
      message: 'Updating app_metadata requires admin privileges',
    });
  });
});
