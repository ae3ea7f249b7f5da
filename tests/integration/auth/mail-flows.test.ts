import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningStack } from '../../../src/local-supabase/stack.js';
import { clientFor, startTestStack } from '../../support/stack.js';
import { authFetch, seedUser } from './auth-fixtures.js';
import { fragmentOf, latestMail, mailTo } from './mailbox-reader.js';

let stack: RunningStack;

beforeAll(async () => {
  stack = await startTestStack({ migrations: false });
}, 120_000);
afterAll(async () => {
  await stack?.close();
});

const anon = () => clientFor(stack, stack.anonKey);

describe('invite (POST /invite) and its link (GET /verify)', () => {
  it('mails an invite whose link signs the person in; they set a password and sign in with it', async () => {
    const admin = clientFor(stack, stack.serviceRoleKey).auth.admin;
    const invited = await admin.inviteUserByEmail('New.Hire@TalentG.test', {
      data: { full_name: 'New Hire' },
      redirectTo: 'http://127.0.0.1:3000/welcome',
    });
    expect(invited.error).toBeNull();
    expect(invited.data.user).toMatchObject({
      email: 'new.hire@talentg.test',
      user_metadata: { full_name: 'New Hire' },
    });
    expect(invited.data.user?.invited_at).toBeTruthy();
    expect(invited.data.user?.email_confirmed_at).toBeUndefined();

    const mail = await latestMail(stack, 'new.hire@talentg.test');
    expect(mail.subject).toBe('You have been invited');
    expect(mail.code).toMatch(/^\d{6}$/);
    const accepted = await fetch(mail.link, { redirect: 'manual' });
    expect(accepted.status).toBe(303);
    const location = accepted.headers.get('location') ?? '';
    expect(location.startsWith('http://127.0.0.1:3000/welcome#')).toBe(true);
    const fragment = fragmentOf(location);
    expect(fragment).toMatchObject({ token_type: 'bearer', type: 'invite' });

    const person = anon();
    const session = await person.auth.setSession({
      access_token: fragment.access_token ?? '',
      refresh_token: fragment.refresh_token ?? '',
    });
    expect(session.error).toBeNull();
    expect(session.data.user?.email_confirmed_at).toBeTruthy();
    expect((await person.auth.updateUser({ password: 'hired-and-happy' })).error).toBeNull();

    const signedIn = await anon().auth.signInWithPassword({
      email: 'new.hire@talentg.test',
      password: 'hired-and-happy',
    });
    expect(signedIn.error).toBeNull();

    const usedAgain = await fetch(mail.link, { redirect: 'manual' });
    expect(fragmentOf(usedAgain.headers.get('location'))).toMatchObject({
      error: 'access_denied',
      error_code: 'otp_expired',
    });
  });

  it('refuses to invite an address that already has a confirmed user, and needs the service key', async () => {
    await seedUser(stack, 'already@talentg.test', 'already-password');
    const again = await clientFor(stack, stack.serviceRoleKey).auth.admin.inviteUserByEmail(
      'already@talentg.test',
    );
    expect(again.error).toMatchObject({ status: 422, code: 'email_exists' });
    const byAnon = await anon().auth.admin.inviteUserByEmail('sneaky@talentg.test');
    expect(byAnon.error).toMatchObject({ status: 403, code: 'not_admin' });
    expect(await mailTo(stack, 'sneaky@talentg.test')).toEqual([]);
  });
});

describe('password recovery (POST /recover, POST /verify)', () => {
  it('mails a code that signs in for a password change; the new password works and the old one does not', async () => {
    await seedUser(stack, 'forgetful@talentg.test', 'old-password');
    const person = anon();
    const asked = await person.auth.resetPasswordForEmail('forgetful@talentg.test');
    expect(asked.error).toBeNull();
    const mail = await latestMail(stack, 'forgetful@talentg.test');
    expect(mail.subject).toBe('Reset Your Password');

    const verified = await person.auth.verifyOtp({
      email: 'forgetful@talentg.test',
      token: mail.code,
      type: 'recovery',
    });
    expect(verified.error).toBeNull();
    expect(verified.data.session?.access_token).toBeTruthy();
    expect((await person.auth.updateUser({ password: 'new-password' })).error).toBeNull();

    const withNew = await anon().auth.signInWithPassword({
      email: 'forgetful@talentg.test',
      password: 'new-password',
    });
    expect(withNew.error).toBeNull();
    const withOld = await anon().auth.signInWithPassword({
      email: 'forgetful@talentg.test',
      password: 'old-password',
    });
    expect(withOld.error).toMatchObject({ code: 'invalid_credentials' });
  });

  it('answers an unknown address like a known one and mails nothing', async () => {
    const asked = await anon().auth.resetPasswordForEmail('nobody@talentg.test');
    expect(asked.error).toBeNull();
    expect(await mailTo(stack, 'nobody@talentg.test')).toEqual([]);
  });

  it('refuses a second mail to one address within [auth.email] max_frequency', async () => {
    await seedUser(stack, 'impatient@talentg.test', 'impatient-password');
    expect((await anon().auth.resetPasswordForEmail('impatient@talentg.test')).error).toBeNull();
    const again = await anon().auth.resetPasswordForEmail('impatient@talentg.test');
    expect(again.error).toMatchObject({ status: 429, code: 'over_email_send_rate_limit' });
    expect(await mailTo(stack, 'impatient@talentg.test')).toHaveLength(1);
  });

  it('refuses a wrong code with 403 otp_expired', async () => {
    await seedUser(stack, 'guesser@talentg.test', 'guesser-password');
    await anon().auth.resetPasswordForEmail('guesser@talentg.test');
    const { code } = await latestMail(stack, 'guesser@talentg.test');
    const wrong = code === '000000' ? '111111' : '000000';
    const verified = await anon().auth.verifyOtp({
      email: 'guesser@talentg.test',
      token: wrong,
      type: 'recovery',
    });
    expect(verified.error).toMatchObject({ status: 403, code: 'otp_expired' });
  });
});

describe('email one-time codes (POST /otp)', () => {
  it('signs an existing user in with the code read from the mailbox', async () => {
    const seeded = await seedUser(stack, 'coder@talentg.test', 'coder-password');
    const person = anon();
    const sent = await person.auth.signInWithOtp({
      email: 'coder@talentg.test',
      options: { shouldCreateUser: false },
    });
    expect(sent.error).toBeNull();
    const mail = await latestMail(stack, 'coder@talentg.test');
    expect(mail.subject).toBe('Your Magic Link');
    const verified = await person.auth.verifyOtp({
      email: 'coder@talentg.test',
      token: mail.code,
      type: 'email',
    });
    expect(verified.error).toBeNull();
    expect(verified.data.user?.id).toBe(seeded.id);
    expect((await person.auth.getUser()).data.user?.email).toBe('coder@talentg.test');
  });

  it('creates a user only when should_create_user allows it', async () => {
    const refused = await anon().auth.signInWithOtp({
      email: 'stranger@talentg.test',
      options: { shouldCreateUser: false },
    });
    expect(refused.error).toMatchObject({ status: 422, code: 'otp_disabled' });

    const person = anon();
    expect((await person.auth.signInWithOtp({ email: 'newcomer@talentg.test' })).error).toBeNull();
    const mail = await latestMail(stack, 'newcomer@talentg.test');
    expect(mail.subject).toBe('Confirm Your Signup');
    const verified = await person.auth.verifyOtp({
      email: 'newcomer@talentg.test',
      token: mail.code,
      type: 'email',
    });
    expect(verified.error).toBeNull();
    expect(verified.data.user?.email_confirmed_at).toBeTruthy();
  });
});

describe('admin links (POST /admin/generate_link)', () => {
  it('answers a magic link and code without mailing them; the hashed token verifies once', async () => {
    await seedUser(stack, 'linked@talentg.test', 'linked-password');
    const generated = await clientFor(stack, stack.serviceRoleKey).auth.admin.generateLink({
      type: 'magiclink',
      email: 'linked@talentg.test',
    });
    expect(generated.error).toBeNull();
    const properties = generated.data.properties!;
    expect(properties).toMatchObject({ verification_type: 'magiclink' });
    expect(properties.email_otp).toMatch(/^\d{6}$/);
    expect(properties.action_link).toContain(`token=${properties.hashed_token}`);
    expect(generated.data.user?.email).toBe('linked@talentg.test');
    expect(await mailTo(stack, 'linked@talentg.test')).toEqual([]);

    const verified = await anon().auth.verifyOtp({
      token_hash: properties.hashed_token,
      type: 'magiclink',
    });
    expect(verified.error).toBeNull();
    const twice = await anon().auth.verifyOtp({
      token_hash: properties.hashed_token,
      type: 'magiclink',
    });
    expect(twice.error).toMatchObject({ status: 403, code: 'otp_expired' });
  });

  it('creates the user for signup and invite links, and refuses an unknown type', async () => {
    const admin = clientFor(stack, stack.serviceRoleKey).auth.admin;
    const signup = await admin.generateLink({
      type: 'signup',
      email: 'linked.signup@talentg.test',
      password: 'linked-signup-password',
    });
    expect(signup.error).toBeNull();
    expect(signup.data.properties?.verification_type).toBe('signup');
    const invite = await admin.generateLink({
      type: 'invite',
      email: 'linked.invite@talentg.test',
    });
    expect(invite.data.user?.invited_at).toBeTruthy();
    const bad = await authFetch(stack, '/admin/generate_link', {
      method: 'POST',
      headers: { authorization: `Bearer ${stack.serviceRoleKey}` },
      body: JSON.stringify({ type: 'teleport', email: 'x@talentg.test' }),
    });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ error_code: 'validation_failed' });
  });
});

describe('the mailbox', () => {
  it('lists captured mail as HTML for a person, escaped', async () => {
    const page = await fetch(`${stack.url}/mailbox/?to=new.hire@talentg.test`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toContain('text/html');
    const html = await page.text();
    expect(html).toContain('You have been invited');
    expect(html).toContain('/auth/v1/verify?token=');
    expect(html).not.toContain('<script');
  });
});
