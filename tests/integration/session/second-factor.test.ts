// A sign-in that needs the person's authenticator, through the core's contract against the embedded
// stack: the password alone opens nothing (no cache, no token for sync), a wrong code is refused with
// MFA_CODE_WRONG, the right one signs in at aal2, and sign-out abandons a sign-in that waits.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningStack } from '../../../src/local-supabase/stack.js';
import {
  DEMO_PASSWORD,
  openRig,
  serviceClient,
  startSeededStack,
  TC1,
  type ServicesRig,
} from '../../support/services-rig.js';
import { signedIn, totpCode } from '../people/people-fixtures.js';

const EMAIL = 'second.factor@talentg.test';
const PASSWORD = 'second-factor-pw';

let stack: RunningStack;
let rig: ServicesRig;
let secret = '';
let factorId = '';

/** A manager with a verified authenticator; the secret is what their app holds. */
async function managerWithAuthenticator(): Promise<void> {
  const created = await serviceClient(stack).auth.admin.createUser({
    email: EMAIL,
    password: PASSWORD,
    email_confirm: true,
    app_metadata: { role: 'manager' },
    user_metadata: { full_name: 'Mona Factor' },
  });
  if (created.error) throw created.error;
  const client = await signedIn(stack, EMAIL, PASSWORD);
  const enrolled = await client.auth.mfa.enroll({ factorType: 'totp', friendlyName: 'Phone' });
  if (enrolled.error) throw enrolled.error;
  secret = enrolled.data.totp.secret;
  factorId = enrolled.data.id;
  const verified = await client.auth.mfa.challengeAndVerify({
    factorId,
    code: totpCode(secret),
  });
  if (verified.error) throw verified.error;
  await client.auth.signOut({ scope: 'local' });
}

beforeAll(async () => {
  stack = await startSeededStack();
  rig = await openRig({ url: stack.url, anonKey: stack.anonKey });
  await managerWithAuthenticator();
}, 120_000);

afterAll(async () => {
  await rig?.close();
  await stack?.close();
});

describe('session:sign-in with a verified authenticator', () => {
  it('answers second_factor and opens nothing of theirs until the code', async () => {
    const state = await rig.caller.ok('session:sign-in', { email: EMAIL, password: PASSWORD });
    expect(state).toEqual({
      status: 'second_factor',
      user: expect.objectContaining({ email: EMAIL, role: 'manager' }) as unknown,
      factor_id: factorId,
    });
    expect(await rig.caller.ok('session:state')).toEqual(state);
    expect((await rig.caller.refused('leads:queue', {})).code).toBe('NOT_SIGNED_IN');
    expect((await rig.workstation.session.accessTokenFresh()).ok).toBe(false);
    expect(await rig.events.next('session:changed', (s) => s.status === 'second_factor')).toEqual(
      state,
    );
  });

  it('refuses a wrong code with MFA_CODE_WRONG and keeps waiting', async () => {
    const wrong = totpCode(secret, 1) === '000000' ? '111111' : '000000';
    const refused = await rig.caller.refused('session:verify-second-factor', { code: wrong });
    expect(refused).toMatchObject({ code: 'MFA_CODE_WRONG' });
    expect(refused.message).toMatch(/not right/);
    expect((await rig.caller.ok('session:state')).status).toBe('second_factor');
  });

  it('signs in at aal2 with the code the authenticator shows', async () => {
    // The enrolment spent this period's code; Auth refuses a step twice, so the app's next one.
    const state = await rig.caller.ok('session:verify-second-factor', {
      code: totpCode(secret, 1),
    });
    expect(state).toMatchObject({ status: 'signed_in', user: { email: EMAIL } });
    expect(await rig.caller.ok('mfa:status')).toEqual({ level: 'aal2', factor_id: factorId });
    expect(await rig.caller.ok('leads:queue', {})).toMatchObject({
      total: expect.any(Number) as unknown,
    });
  });

  it('abandons a waiting sign-in on sign-out; a code then has nothing to verify', async () => {
    await rig.caller.ok('session:sign-out');
    expect(
      (await rig.caller.ok('session:sign-in', { email: EMAIL, password: PASSWORD })).status,
    ).toBe('second_factor');
    expect(await rig.caller.ok('session:sign-out')).toEqual({ status: 'signed_out' });
    const refused = await rig.caller.refused('session:verify-second-factor', { code: '123456' });
    expect(refused.code).toBe('NOT_SIGNED_IN');
  });

  it('signs a person without an authenticator straight in', async () => {
    const state = await rig.caller.ok('session:sign-in', { email: TC1, password: DEMO_PASSWORD });
    expect(state.status).toBe('signed_in');
  });
});
