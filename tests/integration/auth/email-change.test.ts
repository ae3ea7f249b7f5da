// An email change as GoTrue makes it with confirmations on (enable_confirmations = true): PUT /user mails a
// link and code to the new address and, with double_confirm_changes, to the current one; the change
// applies only once /verify type email_change has seen both. With confirmations off it applies at once.
import { rm } from 'node:fs/promises';
import type { SupabaseClient } from '@supabase/supabase-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningStack } from '../../../src/local-supabase/stack.js';
import { projectWithConfig } from '../../support/project-dir.js';
import { clientFor, startTestStack } from '../../support/stack.js';
import { seedUser } from './auth-fixtures.js';
import { fragmentOf, latestMail, mailTo } from './mailbox-reader.js';

let projectDir: string;
let stack: RunningStack;

beforeAll(async () => {
  projectDir = await projectWithConfig(
    '[auth.email]\nenable_confirmations = true\ndouble_confirm_changes = true\nmax_frequency = "1s"\n',
  );
  stack = await startTestStack({ projectDir, migrations: false });
}, 120_000);
afterAll(async () => {
  await stack?.close();
  if (projectDir) await rm(projectDir, { recursive: true, force: true });
});

async function signedIn(email: string, password: string): Promise<SupabaseClient> {
  const client = clientFor(stack, stack.anonKey);
  const { error } = await client.auth.signInWithPassword({ email, password });
  if (error) throw error;
  return client;
}

async function emailOf(id: string): Promise<{ email: string; email_change: string }> {
  const { rows } = await stack.db.query<{ email: string; email_change: string }>(
    'select email, email_change from auth.users where id = $1',
    [id],
  );
  return rows[0]!;
}

describe('email change (PUT /user, then /verify type email_change)', () => {
  it('mails both addresses and changes the email only when both links are followed', async () => {
    const user = await seedUser(stack, 'old.address@talentg.test', 'change-my-email');
    const client = await signedIn(user.email, user.password);
    const { data, error } = await client.auth.updateUser(
      { email: 'New.Address@talentg.test' },
      { emailRedirectTo: 'http://127.0.0.1:3000/changed' },
    );
    expect(error).toBeNull();
    expect(data.user).toMatchObject({
      email: 'old.address@talentg.test',
      new_email: 'new.address@talentg.test',
    });
    expect(data.user?.email_change_sent_at).toBeTruthy();
    expect(await emailOf(user.id)).toEqual({
      email: 'old.address@talentg.test',
      email_change: 'new.address@talentg.test',
    });

    const toNew = await latestMail(stack, 'new.address@talentg.test');
    const toCurrent = await latestMail(stack, 'old.address@talentg.test');
    expect(toNew.subject).toBe('Confirm Email Change');
    expect(toCurrent.subject).toBe('Confirm Email Change');
    expect(toNew.link).toContain('type=email_change');

    // The current address confirms first: the change waits for the other side.
    const first = await fetch(toCurrent.link, { redirect: 'manual' });
    expect(first.status).toBe(303);
    const firstAt = first.headers.get('location') ?? '';
    expect(firstAt.startsWith('http://127.0.0.1:3000/changed#')).toBe(true);
    expect(fragmentOf(firstAt)).toEqual({
      message: 'Confirmation link accepted. Please proceed to confirm link sent to the other email',
    });
    expect((await emailOf(user.id)).email).toBe('old.address@talentg.test');

    // The new address confirms with its code: the email changes and a session comes back.
    const verified = await clientFor(stack, stack.anonKey).auth.verifyOtp({
      email: 'new.address@talentg.test',
      token: toNew.code,
      type: 'email_change',
    });
    expect(verified.error).toBeNull();
    expect(verified.data.user?.email).toBe('new.address@talentg.test');
    expect(await emailOf(user.id)).toEqual({ email: 'new.address@talentg.test', email_change: '' });
    // A followed link works once.
    const replay = await fetch(toCurrent.link, { redirect: 'manual' });
    expect(fragmentOf(replay.headers.get('location'))).toMatchObject({ error_code: 'otp_expired' });

    await expect(signedIn('new.address@talentg.test', user.password)).resolves.toBeTruthy();
    await expect(signedIn('old.address@talentg.test', user.password)).rejects.toMatchObject({
      code: 'invalid_credentials',
    });
  });

  it('keeps the email when only the new address confirms, and refuses an address someone has', async () => {
    const user = await seedUser(stack, 'halfway@talentg.test', 'change-my-email');
    await seedUser(stack, 'taken@talentg.test', 'someone-else');
    const client = await signedIn(user.email, user.password);
    const taken = await client.auth.updateUser({ email: 'taken@talentg.test' });
    expect(taken.error).toMatchObject({ status: 422, code: 'email_exists' });
    expect(await mailTo(stack, 'taken@talentg.test')).toEqual([]);

    expect((await client.auth.updateUser({ email: 'elsewhere@talentg.test' })).error).toBeNull();
    const toNew = await latestMail(stack, 'elsewhere@talentg.test');
    const half = await fetch(toNew.link, { redirect: 'manual' });
    expect(fragmentOf(half.headers.get('location')).message).toMatch(/other email/);
    expect(await emailOf(user.id)).toEqual({
      email: 'halfway@talentg.test',
      email_change: 'elsewhere@talentg.test',
    });
  });
});
