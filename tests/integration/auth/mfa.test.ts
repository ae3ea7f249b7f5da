import type { SupabaseClient } from '@supabase/supabase-js';
import { decodeJwt } from 'jose';
import { Secret, TOTP } from 'otpauth';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningStack } from '../../../src/local-supabase/stack.js';
import { clientFor, startTestStack } from '../../support/stack.js';

const ADMIN = { email: 'admin@talentg.test', password: 'talentg-demo' };
const TC2_ID = '00000000-0000-4000-8000-000000000004';

let stack: RunningStack;

beforeAll(async () => {
  stack = await startTestStack({ seed: true });
}, 120_000);
afterAll(async () => {
  await stack?.close();
});

async function signedInAdmin(): Promise<SupabaseClient> {
  const client = clientFor(stack, stack.anonKey);
  const { error } = await client.auth.signInWithPassword(ADMIN);
  if (error) throw error;
  return client;
}

async function accessClaims(client: SupabaseClient): Promise<Record<string, unknown>> {
  const { data } = await client.auth.getSession();
  return decodeJwt(data.session?.access_token ?? '');
}

/** The code of the current 30 s step, or of a step `steps` later. */
const codeFor = (secret: string, steps = 0) =>
  new TOTP({
    secret: Secret.fromBase32(secret),
    digits: 6,
    period: 30,
    algorithm: 'SHA1',
  }).generate({ timestamp: Date.now() + steps * 30_000 });

describe('TOTP MFA (POST /factors, /challenge, /verify) and admin role changes at aal2', () => {
  let atAal2: SupabaseClient;
  let factorId: string;
  let secret: string;
  let usedCode: string;

  it('enrols a TOTP factor with a secret, an otpauth URI and a QR code, unverified until first verified', async () => {
    atAal2 = await signedInAdmin();
    expect(await accessClaims(atAal2)).toMatchObject({
      aal: 'aal1',
      amr: [{ method: 'password', timestamp: expect.any(Number) }],
    });
    const enrolled = await atAal2.auth.mfa.enroll({ factorType: 'totp', friendlyName: 'Phone' });
    expect(enrolled.error).toBeNull();
    const data = enrolled.data!;
    expect(data).toMatchObject({ type: 'totp', friendly_name: 'Phone' });
    expect(data.totp.uri).toMatch(/^otpauth:\/\/totp\/.+secret=[A-Z2-7]+/);
    expect(data.totp.qr_code).toMatch(/^data:image\/svg\+xml;utf-8,<svg/);
    factorId = data.id;
    secret = data.totp.secret;

    const listed = await atAal2.auth.mfa.listFactors();
    expect(listed.data?.all).toMatchObject([
      { id: factorId, factor_type: 'totp', status: 'unverified' },
    ]);
    expect(listed.data?.totp).toEqual([]);
    const again = await atAal2.auth.mfa.enroll({ factorType: 'totp', friendlyName: 'Phone' });
    expect(again.error).toMatchObject({ status: 422, code: 'mfa_factor_name_conflict' });
  });

  it('refuses a wrong code with 422 mfa_verification_failed and keeps the session at aal1', async () => {
    const challenge = await atAal2.auth.mfa.challenge({ factorId });
    expect(challenge.error).toBeNull();
    expect(challenge.data?.expires_at).toBeGreaterThan(Date.now() / 1000);
    const right = codeFor(secret);
    const wrong = String((Number(right) + 500_000) % 1_000_000).padStart(6, '0');
    const verified = await atAal2.auth.mfa.verify({
      factorId,
      challengeId: challenge.data!.id,
      code: wrong,
    });
    expect(verified.error).toMatchObject({ status: 422, code: 'mfa_verification_failed' });
    expect((await accessClaims(atAal2)).aal).toBe('aal1');
  });

  it('verifies the current code into a new session at aal2 whose amr has totp, kept across a refresh', async () => {
    usedCode = codeFor(secret);
    const verified = await atAal2.auth.mfa.challengeAndVerify({ factorId, code: usedCode });
    expect(verified.error).toBeNull();
    const claims = await accessClaims(atAal2);
    expect(claims.aal).toBe('aal2');
    expect((claims.amr as { method: string }[]).map((entry) => entry.method).sort()).toEqual([
      'password',
      'totp',
    ]);
    const level = await atAal2.auth.mfa.getAuthenticatorAssuranceLevel();
    expect(level.data).toMatchObject({ currentLevel: 'aal2', nextLevel: 'aal2' });
    expect((await atAal2.auth.mfa.listFactors()).data?.totp).toMatchObject([
      { id: factorId, status: 'verified' },
    ]);

    const refreshed = await atAal2.auth.refreshSession();
    expect(refreshed.error).toBeNull();
    expect(decodeJwt(refreshed.data.session!.access_token).aal).toBe('aal2');
  });

  it('refuses a code accepted once, in another session too (as GoTrue refuses a replayed code), and takes the next one', async () => {
    const other = await signedInAdmin();
    const replayed = await other.auth.mfa.challengeAndVerify({ factorId, code: usedCode });
    expect(replayed.error).toMatchObject({ status: 422, code: 'mfa_verification_failed' });
    expect((await accessClaims(other)).aal).toBe('aal1');
    // What the authenticator shows a moment later is accepted (one step either side of now is).
    const next = await other.auth.mfa.challengeAndVerify({ factorId, code: codeFor(secret, 1) });
    expect(next.error).toBeNull();
    expect((await accessClaims(other)).aal).toBe('aal2');
    // And is itself good once.
    const third = await signedInAdmin();
    const again = await third.auth.mfa.challengeAndVerify({ factorId, code: codeFor(secret, 1) });
    expect(again.error).toMatchObject({ status: 422, code: 'mfa_verification_failed' });
  });

  it('refuses an admin role change at aal1 (RLS, 42501) and allows it at aal2', async () => {
    const atAal1 = await signedInAdmin();
    const level = await atAal1.auth.mfa.getAuthenticatorAssuranceLevel();
    expect(level.data).toMatchObject({ currentLevel: 'aal1', nextLevel: 'aal2' });

    const refused = await atAal1
      .from('profiles')
      .update({ role: 'manager' })
      .eq('id', TC2_ID)
      .select('role');
    expect(refused.error).toMatchObject({ code: '42501' });
    const renamed = await atAal1
      .from('profiles')
      .update({ full_name: 'Arjun N.' })
      .eq('id', TC2_ID)
      .select('full_name');
    expect(renamed.error).toBeNull();
    expect(renamed.data).toEqual([{ full_name: 'Arjun N.' }]);

    const allowed = await atAal2
      .from('profiles')
      .update({ role: 'manager' })
      .eq('id', TC2_ID)
      .select('role');
    expect(allowed.error).toBeNull();
    expect(allowed.data).toEqual([{ role: 'manager' }]);

    const passwordAtAal1 = await atAal1.auth.updateUser({ password: 'taken-over-password' });
    expect(passwordAtAal1.error).toMatchObject({ status: 401, code: 'insufficient_aal' });

    const unenrollAtAal1 = await atAal1.auth.mfa.unenroll({ factorId });
    expect(unenrollAtAal1.error).toMatchObject({ status: 422, code: 'insufficient_aal' });
  });

  it('unenrols at aal2, after which the session is aal1 again', async () => {
    const removed = await atAal2.auth.mfa.unenroll({ factorId });
    expect(removed.error).toBeNull();
    expect(removed.data).toEqual({ id: factorId });
    const refreshed = await atAal2.auth.refreshSession();
    expect(decodeJwt(refreshed.data.session!.access_token).aal).toBe('aal1');
    expect((await atAal2.auth.mfa.listFactors()).data?.all).toEqual([]);
  });

  it("answers 404 mfa_factor_not_found for another user's factor", async () => {
    const tc1 = clientFor(stack, stack.anonKey);
    await tc1.auth.signInWithPassword({ email: 'tc1@talentg.test', password: 'talentg-demo' });
    const enrolled = await tc1.auth.mfa.enroll({ factorType: 'totp' });
    const admin = await signedInAdmin();
    const challenge = await admin.auth.mfa.challenge({ factorId: enrolled.data!.id });
    expect(challenge.error).toMatchObject({ status: 404, code: 'mfa_factor_not_found' });
  });
});

describe('the admin MFA API (GET /admin/users/:id/factors, DELETE .../factors/:factor_id)', () => {
  const adminApi = () => clientFor(stack, stack.serviceRoleKey).auth.admin;

  it("lists a user's factors, deletes one (the sessions it raised fall to aal1) and answers 404s as GoTrue", async () => {
    const person = clientFor(stack, stack.anonKey);
    await person.auth.signInWithPassword({
      email: 'manager@talentg.test',
      password: 'talentg-demo',
    });
    const enrolled = await person.auth.mfa.enroll({ factorType: 'totp', friendlyName: 'Phone' });
    const factorId = enrolled.data!.id;
    expect(
      (
        await person.auth.mfa.challengeAndVerify({
          factorId,
          code: codeFor(enrolled.data!.totp.secret),
        })
      ).error,
    ).toBeNull();
    const userId = (await person.auth.getUser()).data.user!.id;

    const listed = await adminApi().mfa.listFactors({ userId });
    expect(listed.error).toBeNull();
    expect(listed.data?.factors).toEqual([
      expect.objectContaining({
        id: factorId,
        factor_type: 'totp',
        status: 'verified',
        friendly_name: 'Phone',
      }),
    ]);

    const refused = await clientFor(stack, stack.anonKey).auth.admin.mfa.deleteFactor({
      userId,
      id: factorId,
    });
    expect(refused.error).toMatchObject({ status: 403 });
    const unknownFactor = await adminApi().mfa.deleteFactor({ userId, id: TC2_ID });
    expect(unknownFactor.error).toMatchObject({ status: 404, code: 'mfa_factor_not_found' });
    const otherUser = await adminApi().mfa.deleteFactor({ userId: TC2_ID, id: factorId });
    expect(otherUser.error).toMatchObject({ status: 404, code: 'mfa_factor_not_found' });

    const deleted = await adminApi().mfa.deleteFactor({ userId, id: factorId });
    expect(deleted.error).toBeNull();
    // auth-js wraps the answer, GoTrue's factor as it was, once more.
    expect(deleted.data).toMatchObject({ data: { id: factorId, status: 'verified' } });
    expect((await adminApi().mfa.listFactors({ userId })).data?.factors).toEqual([]);
    // GoTrue ends no session here: the one the factor raised goes on at aal1.
    const refreshed = await person.auth.refreshSession();
    expect(refreshed.error).toBeNull();
    expect(decodeJwt(refreshed.data.session!.access_token)).toMatchObject({ aal: 'aal1' });
  });
});
