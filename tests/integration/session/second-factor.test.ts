// A sign-in that needs the person's authenticator, through the core's contract against the embedded
// stack: the password alone opens nothing (no cache, no token for sync), a wrong code is refused with
// MFA_CODE_WRONG, the right one signs in at aal2, and sign-out abandons a sign-in that waits.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { workstationCommand } from '../../../src/cli/workstation-command.js';
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
async function managerWithAuthenticator(
  email = EMAIL,
): Promise<{ secret: string; factorId: string }> {
  const created = await serviceClient(stack).auth.admin.createUser({
    email,
    password: PASSWORD,
    email_confirm: true,
    app_metadata: { role: 'manager' },
    user_metadata: { full_name: 'Mona Factor' },
  });
  if (created.error) throw created.error;
  const client = await signedIn(stack, email, PASSWORD);
  const enrolled = await client.auth.mfa.enroll({ factorType: 'totp', friendlyName: 'Phone' });
  if (enrolled.error) throw enrolled.error;
  const verified = await client.auth.mfa.challengeAndVerify({
    factorId: enrolled.data.id,
    code: totpCode(enrolled.data.totp.secret),
  });
  if (verified.error) throw verified.error;
  await client.auth.signOut({ scope: 'local' });
  return { secret: enrolled.data.totp.secret, factorId: enrolled.data.id };
}

beforeAll(async () => {
  stack = await startSeededStack();
  rig = await openRig({ url: stack.url, anonKey: stack.anonKey });
  ({ secret, factorId } = await managerWithAuthenticator());
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

describe('talentg workstation login for an account with an authenticator', () => {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'talentg-second-factor-cli-'));
  const email = 'second.factor.cli@talentg.test';
  let cliSecret = '';
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  /** The command in this process, with what it printed. */
  async function login(...extra: string[]): Promise<{ exit: number; printed: string }> {
    const lines: string[] = [];
    // --json answers on stdout, one line; stderr (progress lines) is muted.
    const out = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: unknown) => {
      lines.push(String(chunk));
      return true;
    });
    const err = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      const exit = await workstationCommand.run([
        '--data-dir',
        dataDir,
        '--url',
        stack.url,
        '--anon-key',
        stack.anonKey,
        '--json',
        'login',
        '--email',
        email,
        '--password',
        PASSWORD,
        ...extra,
      ]);
      return { exit, printed: lines.join('').trim() };
    } finally {
      out.mockRestore();
      err.mockRestore();
    }
  }

  it('refuses without --code (AAL2_REQUIRED), and signs in with the code the app shows', async () => {
    cliSecret = (await managerWithAuthenticator(email)).secret;
    const without = await login();
    expect(without.exit).toBe(1);
    expect(JSON.parse(without.printed)).toMatchObject({ ok: false, code: 'AAL2_REQUIRED' });

    const wrong = await login('--code', totpCode(cliSecret, 1) === '000000' ? '111111' : '000000');
    expect(JSON.parse(wrong.printed)).toMatchObject({ ok: false, code: 'MFA_CODE_WRONG' });

    const right = await login('--code', totpCode(cliSecret, 1));
    expect(right.exit).toBe(0);
    expect(JSON.parse(right.printed)).toMatchObject({
      session: { status: 'signed_in', user: { email } },
    });
  });
});
