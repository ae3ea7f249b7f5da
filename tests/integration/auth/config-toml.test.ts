import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { decodeJwt } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningStack } from '../../../src/local-supabase/stack.js';
import { clientFor, startTestStack } from '../../support/stack.js';
import { authFetch, seedUser } from './auth-fixtures.js';

/** A project whose supabase/config.toml turns things away from the CLI's defaults. */
const CONFIG_TOML = `
[auth]
enabled = true
site_url = "http://127.0.0.1:4000"
jwt_expiry = 120
enable_signup = false

[auth.email]
enable_signup = true
max_frequency = "0s"
otp_length = 8
otp_expiry = 600

[auth.rate_limit]
sign_in_sign_ups = 30
token_verifications = 3

[auth.mfa.totp]
enroll_enabled = false
verify_enabled = false
`;

let projectDir: string;
let stack: RunningStack;

beforeAll(async () => {
  projectDir = await mkdtemp(path.join(tmpdir(), 'talentg-auth-config-'));
  await mkdir(path.join(projectDir, 'supabase'));
  await writeFile(path.join(projectDir, 'supabase', 'config.toml'), CONFIG_TOML);
  stack = await startTestStack({ migrations: false, projectDir });
}, 120_000);
afterAll(async () => {
  await stack?.close();
  await rm(projectDir, { recursive: true, force: true });
});

const anon = () => clientFor(stack, stack.anonKey);

describe('supabase/config.toml [auth] honoured by the embedded Auth', () => {
  it('refuses sign-up with 422 signup_disabled when enable_signup is false, and says so in /settings', async () => {
    const signUp = await anon().auth.signUp({
      email: 'newbie@talentg.test',
      password: 'newbie-password',
    });
    expect(signUp.error).toMatchObject({ status: 422, code: 'signup_disabled' });
    const otp = await anon().auth.signInWithOtp({ email: 'newbie@talentg.test' });
    expect(otp.error).toMatchObject({ status: 422, code: 'signup_disabled' });
    const settings = (await (await authFetch(stack, '/settings')).json()) as {
      disable_signup: boolean;
    };
    expect(settings.disable_signup).toBe(true);

    const byAdmin = await clientFor(stack, stack.serviceRoleKey).auth.admin.createUser({
      email: 'made-by-admin@talentg.test',
      password: 'made-by-admin',
      email_confirm: true,
    });
    expect(byAdmin.error).toBeNull();
  });

  it('issues access tokens that live jwt_expiry seconds', async () => {
    const person = await seedUser(stack, 'short-lived@talentg.test', 'short-lived-password');
    const { data } = await anon().auth.signInWithPassword(person);
    const claims = decodeJwt(data.session!.access_token);
    expect(claims.exp! - claims.iat!).toBe(120);
    expect(data.session?.expires_in).toBe(120);
  });

  it('mails otp_length-digit codes and links to site_url', async () => {
    await seedUser(stack, 'eight@talentg.test', 'eight-digits');
    const generated = await clientFor(stack, stack.serviceRoleKey).auth.admin.generateLink({
      type: 'recovery',
      email: 'eight@talentg.test',
    });
    expect(generated.data.properties?.email_otp).toMatch(/^\d{8}$/);
    expect(generated.data.properties?.redirect_to).toBe('http://127.0.0.1:4000');
  });

  it('limits verifications per address to rate_limit.token_verifications per window', async () => {
    const attempts = [];
    for (let n = 0; n < 4; n += 1) {
      attempts.push(
        await anon().auth.verifyOtp({
          email: 'eight@talentg.test',
          token: '00000000',
          type: 'email',
        }),
      );
    }
    expect(attempts.slice(0, 3).map((attempt) => attempt.error?.code)).toEqual([
      'otp_expired',
      'otp_expired',
      'otp_expired',
    ]);
    expect(attempts[3]?.error).toMatchObject({ status: 429, code: 'over_request_rate_limit' });
  });

  it('refuses TOTP enrolment with 422 mfa_totp_enroll_not_enabled when [auth.mfa.totp] is off', async () => {
    const person = await seedUser(stack, 'no-mfa@talentg.test', 'no-mfa-password');
    const client = anon();
    await client.auth.signInWithPassword(person);
    const enrolled = await client.auth.mfa.enroll({ factorType: 'totp' });
    expect(enrolled.error).toMatchObject({ status: 422, code: 'mfa_totp_enroll_not_enabled' });
  });
});
