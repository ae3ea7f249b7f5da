// admin-users' reset-mfa against the embedded stack: an admin at aal2 removes a person's lost authenticator
// through Auth's admin API and ends every session of theirs; they then sign in with the password alone.
import type { SupabaseClient } from '@supabase/supabase-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningStack } from '../../../src/local-supabase/stack.js';
import { clientFor, startTestStack } from '../../support/stack.js';
import { adminUsers, raiseToAal2, signedIn } from './people-fixtures.js';

const ADMIN_ID = '00000000-0000-4000-8000-000000000001';
const TC1 = 'tc1@talentg.test';

let stack: RunningStack;
let admin: SupabaseClient;
let tc1Id: string;

beforeAll(async () => {
  stack = await startTestStack({ seed: true });
  admin = await signedIn(stack, 'admin@talentg.test');
  await raiseToAal2(admin);
}, 120_000);
afterAll(async () => {
  await stack?.close();
});

async function verifiedFactors(userId: string): Promise<number> {
  // As text: PGlite and node-postgres read integers differently.
  const { rows } = await stack.db.query<{ n: string }>(
    `select count(*)::text as n from auth.mfa_factors where user_id = $1 and status = 'verified'`,
    [userId],
  );
  return Number(rows[0]?.n ?? -1);
}

describe('admin-users reset-mfa', () => {
  let atAal2: SupabaseClient;
  /** Signed in with the password only: the aal1 session a thief with the password would hold. */
  let passwordOnly: SupabaseClient;
  let stolenRefreshToken: string;
  let stolenAccessToken: string;

  it('tc1 with a verified authenticator is asked for its code at sign-in', async () => {
    atAal2 = await signedIn(stack, TC1);
    await raiseToAal2(atAal2);
    tc1Id = (await atAal2.auth.getUser()).data.user!.id;
    passwordOnly = await signedIn(stack, TC1);
    const level = await passwordOnly.auth.mfa.getAuthenticatorAssuranceLevel();
    expect(level.data).toMatchObject({ currentLevel: 'aal1', nextLevel: 'aal2' });
    const stolen = (await passwordOnly.auth.getSession()).data.session!;
    stolenRefreshToken = stolen.refresh_token;
    stolenAccessToken = stolen.access_token;
    expect(await verifiedFactors(tc1Id)).toBe(1);
  });

  it('refuses a telecaller, a manager at aal2, an admin at aal1, oneself and an unknown person, by code', async () => {
    const reset = { action: 'reset-mfa', user_id: tc1Id };
    expect(await adminUsers(await signedIn(stack, 'tc2@talentg.test'), reset)).toMatchObject({
      status: 403,
      body: { error: { code: 'NOT_ADMIN' } },
    });
    const manager = await signedIn(stack, 'manager@talentg.test');
    await raiseToAal2(manager);
    expect(await adminUsers(manager, reset)).toMatchObject({
      status: 403,
      body: { error: { code: 'NOT_ADMIN' } },
    });
    expect(await adminUsers(await signedIn(stack, 'admin@talentg.test'), reset)).toMatchObject({
      status: 403,
      body: { error: { code: 'AAL2_REQUIRED' } },
    });
    expect(await adminUsers(admin, { action: 'reset-mfa', user_id: ADMIN_ID })).toMatchObject({
      status: 409,
      body: { error: { code: 'CANNOT_CHANGE_SELF' } },
    });
    expect(await verifiedFactors(ADMIN_ID)).toBe(1);
    expect(
      await adminUsers(admin, {
        action: 'reset-mfa',
        user_id: '00000000-0000-4000-8000-00000000dead',
      }),
    ).toMatchObject({ status: 404, body: { error: { code: 'USER_NOT_FOUND' } } });
    expect(await adminUsers(admin, { action: 'reset-mfa', user_id: 'tc1' })).toMatchObject({
      status: 400,
      body: { error: { code: 'INVALID_REQUEST' } },
    });
    expect(await verifiedFactors(tc1Id)).toBe(1);
  });

  it('an admin at aal2 removes the factor and ends every session: the old refresh token is refused', async () => {
    const answer = await adminUsers(admin, { action: 'reset-mfa', user_id: tc1Id });
    expect(answer).toEqual({
      status: 200,
      body: {
        success: true,
        data: { user_id: tc1Id, factors_removed: 1, sessions_ended: 2 },
      },
    });
    expect(await verifiedFactors(tc1Id)).toBe(0);

    const stolen = await clientFor(stack, stack.anonKey).auth.refreshSession({
      refresh_token: stolenRefreshToken,
    });
    expect(stolen.error).toMatchObject({ status: 400, code: 'refresh_token_not_found' });
    expect((await atAal2.auth.refreshSession()).error).toMatchObject({ status: 400 });
    // Its access token, not yet expired, is refused too once its session is gone (GoTrue's /user).
    const user = await fetch(`${stack.url}/auth/v1/user`, {
      headers: { apikey: stack.anonKey, authorization: `Bearer ${stolenAccessToken}` },
    });
    expect(user.status).toBe(403);
    expect(await user.json()).toMatchObject({ error_code: 'session_not_found' });
  });

  it('tc1 then signs in with the password alone, asked for no code', async () => {
    const again = await signedIn(stack, TC1);
    const level = await again.auth.mfa.getAuthenticatorAssuranceLevel();
    expect(level.data).toMatchObject({ currentLevel: 'aal1', nextLevel: 'aal1' });
    expect((await again.auth.mfa.listFactors()).data?.all).toEqual([]);
  });

  it('a second reset is a no-op that ends no session and writes no audit entry', async () => {
    const stillSignedIn = await signedIn(stack, TC1);
    expect(await adminUsers(admin, { action: 'reset-mfa', user_id: tc1Id })).toMatchObject({
      status: 200,
      body: { data: { user_id: tc1Id, factors_removed: 0, sessions_ended: 0 } },
    });
    expect((await stillSignedIn.auth.refreshSession()).error).toBeNull();
  });

  it('leaves one mfa_reset entry naming the admin, which the admin reads', async () => {
    const { data, error } = await admin
      .from('audit_log')
      .select('action, actor_id, actor_role, old_value, new_value')
      .eq('entity', 'profiles')
      .eq('entity_id', tc1Id)
      .eq('action', 'mfa_reset');
    expect(error).toBeNull();
    expect(data).toEqual([
      {
        action: 'mfa_reset',
        actor_id: ADMIN_ID,
        actor_role: 'admin',
        old_value: { factors: 1 },
        new_value: { factors: 0, sessions_ended: 2 },
      },
    ]);
  });
});
