import { decodeJwt } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningStack } from '../../../src/local-supabase/stack.js';
import { clientFor, startTestStack } from '../../support/stack.js';
import { authFetch, seedUser, type SeededUser } from './auth-fixtures.js';

let stack: RunningStack;
let person: SeededUser;

beforeAll(async () => {
  stack = await startTestStack({ migrations: false });
  person = await seedUser(stack, 'sessions@talentg.test', 'sessions-password');
}, 120_000);
afterAll(async () => {
  await stack?.close();
});

async function signIn() {
  const supabase = clientFor(stack, stack.anonKey);
  const { data, error } = await supabase.auth.signInWithPassword(person);
  expect(error).toBeNull();
  return { supabase, session: data.session! };
}

describe('refresh, getUser and sign-out', () => {
  it('refreshes a session: a new access token for the same session and a rotated refresh token', async () => {
    const { supabase, session } = await signIn();
    const { data, error } = await supabase.auth.refreshSession({
      refresh_token: session.refresh_token,
    });
    expect(error).toBeNull();
    const refreshed = data.session!;
    expect(refreshed.refresh_token).not.toBe(session.refresh_token);
    expect(refreshed.user.id).toBe(person.id);
    const before = decodeJwt(session.access_token);
    const after = decodeJwt(refreshed.access_token);
    expect(after.session_id).toBe(before.session_id);
    expect(after.amr).toEqual(before.amr);
    const tokens = await stack.db.query<{ token: string; revoked: string; parent: string | null }>(
      `select token, revoked::text as revoked, parent from auth.refresh_tokens
       where session_id = $1 order by id`,
      [after.session_id],
    );
    expect(tokens.rows).toEqual([
      { token: session.refresh_token, revoked: 'true', parent: null },
      { token: refreshed.refresh_token, revoked: 'false', parent: session.refresh_token },
    ]);
  });

  it('answers getUser with the signed-in user', async () => {
    const { supabase, session } = await signIn();
    const { data, error } = await supabase.auth.getUser(session.access_token);
    expect(error).toBeNull();
    expect(data.user).toMatchObject({ id: person.id, email: person.email, role: 'authenticated' });
  });

  it("signs out: the refresh token stops working and /user refuses the session's access token", async () => {
    const { supabase, session } = await signIn();
    expect((await supabase.auth.signOut()).error).toBeNull();

    const refresh = await clientFor(stack, stack.anonKey).auth.refreshSession({
      refresh_token: session.refresh_token,
    });
    expect(refresh.data.session).toBeNull();
    expect(refresh.error).toMatchObject({ status: 400, code: 'refresh_token_not_found' });

    const user = await clientFor(stack, stack.anonKey).auth.getUser(session.access_token);
    expect(user.data.user).toBeNull();
    expect(user.error?.name).toBe('AuthSessionMissingError');
    const raw = await authFetch(stack, '/user', {
      headers: {
        authorization: `Bearer ${session.access_token}`,
        'x-supabase-api-version': '2024-01-01',
      },
    });
    expect(raw.status).toBe(403);
    expect(await raw.json()).toEqual({
      code: 'session_not_found',
      message: 'Session from session_id claim in JWT does not exist',
    });
  });

  it('keeps a logged-out access token valid as a JWT until it expires, as GoTrue does', async () => {
    const { supabase, session } = await signIn();
    await supabase.auth.signOut({ scope: 'local' });
    const claims = decodeJwt(session.access_token);
    expect(claims.exp! * 1000).toBeGreaterThan(Date.now());
  });

  it('scope local ends only this session, others every other one, global all of them', async () => {
    const first = await signIn();
    const second = await signIn();
    const third = await signIn();
    const alive = async (refreshToken: string) =>
      (await clientFor(stack, stack.anonKey).auth.refreshSession({ refresh_token: refreshToken }))
        .error === null;

    await first.supabase.auth.signOut({ scope: 'local' });
    expect(await alive(first.session.refresh_token)).toBe(false);
    expect(await alive(second.session.refresh_token)).toBe(true);

    await second.supabase.auth.signOut({ scope: 'others' });
    const thirdUser = await clientFor(stack, stack.anonKey).auth.getUser(
      third.session.access_token,
    );
    expect(thirdUser.error?.name).toBe('AuthSessionMissingError');
    const secondUser = await clientFor(stack, stack.anonKey).auth.getUser(
      second.session.access_token,
    );
    expect(secondUser.error).toBeNull();

    const fourth = await signIn();
    await fourth.supabase.auth.signOut({ scope: 'global' });
    const count = await stack.db.query<{ n: string }>(
      'select count(*)::text as n from auth.sessions where user_id = $1',
      [person.id],
    );
    expect(count.rows[0]?.n).toBe('0');
  });

  it('refuses an unknown logout scope with 400 validation_failed', async () => {
    const { session } = await signIn();
    const response = await authFetch(stack, '/logout?scope=everywhere', {
      method: 'POST',
      headers: {
        authorization: `Bearer ${session.access_token}`,
        'x-supabase-api-version': '2024-01-01',
      },
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({
      code: 'validation_failed',
      message: 'Unsupported logout scope "everywhere"',
    });
  });

  it('answers 401 no_authorization when /user is called without a bearer token', async () => {
    const response = await authFetch(stack, '/user', {
      headers: { 'x-supabase-api-version': '2024-01-01' },
    });
    expect(response.status).toBe(401);
    expect(await response.json()).toEqual({
      code: 'no_authorization',
      message: 'This endpoint requires a valid Bearer token',
    });
  });

  it('answers 403 bad_jwt "missing sub claim" when /user gets the anon key as bearer', async () => {
    const response = await authFetch(stack, '/user', {
      headers: { authorization: `Bearer ${stack.anonKey}`, 'x-supabase-api-version': '2024-01-01' },
    });
    expect(response.status).toBe(403);
    expect(await response.json()).toEqual({
      code: 'bad_jwt',
      message: 'invalid claim: missing sub claim',
    });
  });
});
