import { rm } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { decodeJwt } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningStack } from '../../../src/local-supabase/stack.js';
import { projectWithConfig } from '../../support/project-dir.js';
import { clientFor, startTestStack } from '../../support/stack.js';
import { authFetch, seedUser } from './auth-fixtures.js';
import { fragmentOf, latestMail, mailTo } from './mailbox-reader.js';

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

/** A project that confirms email sign-ups by mail, as a hosted project usually does. */
const CONFIRMING_TOML = `
[auth]
enable_signup = true

[auth.email]
enable_signup = true
enable_confirmations = true
`;

const projectDirs: string[] = [];
let stack: RunningStack;
let confirming: RunningStack;

async function projectWith(configToml: string): Promise<string> {
  const projectDir = await projectWithConfig(configToml);
  projectDirs.push(projectDir);
  return projectDir;
}

beforeAll(async () => {
  [stack, confirming] = await Promise.all([
    projectWith(CONFIG_TOML).then((projectDir) =>
      startTestStack({ migrations: false, projectDir }),
    ),
    projectWith(CONFIRMING_TOML).then((projectDir) =>
      startTestStack({ migrations: false, projectDir }),
    ),
  ]);
}, 120_000);
afterAll(async () => {
  await Promise.all([stack?.close(), confirming?.close()]);
  await Promise.all(projectDirs.map((dir) => rm(dir, { recursive: true, force: true })));
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

describe('[auth.email] enable_confirmations', () => {
  it('answers a sign-up with the user alone and mails the link that confirms and signs them in', async () => {
    const client = clientFor(confirming, confirming.anonKey);
    const signUp = await client.auth.signUp({
      email: 'careful@talentg.test',
      password: 'careful-password',
    });
    expect(signUp.error).toBeNull();
    expect(signUp.data.session).toBeNull();
    expect(signUp.data.user?.email_confirmed_at).toBeUndefined();
    const early = await clientFor(confirming, confirming.anonKey).auth.signInWithPassword({
      email: 'careful@talentg.test',
      password: 'careful-password',
    });
    expect(early.error).toMatchObject({ code: 'email_not_confirmed' });

    await sleep(1100); // [auth.email] max_frequency: 1 s between two mails to one address
    expect(
      (await client.auth.resend({ type: 'signup', email: 'careful@talentg.test' })).error,
    ).toBeNull();
    expect(await mailTo(confirming, 'careful@talentg.test')).toHaveLength(2);
    const mail = await latestMail(confirming, 'careful@talentg.test');
    expect(mail.subject).toBe('Confirm Your Signup');
    const confirmed = await fetch(mail.link, { redirect: 'manual' });
    expect(fragmentOf(confirmed.headers.get('location'))).toMatchObject({ type: 'signup' });
    const later = await clientFor(confirming, confirming.anonKey).auth.signInWithPassword({
      email: 'careful@talentg.test',
      password: 'careful-password',
    });
    expect(later.error).toBeNull();
    const settings = (await (await authFetch(confirming, '/settings')).json()) as {
      mailer_autoconfirm: boolean;
    };
    expect(settings.mailer_autoconfirm).toBe(false);
  });
});
