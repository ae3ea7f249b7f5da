import { decodeProtectedHeader, jwtVerify } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningStack } from '../../../src/local-supabase/stack.js';
import { clientFor, startTestStack } from '../../support/stack.js';
import { authFetch, seedUser, type SeededUser } from './auth-fixtures.js';

let stack: RunningStack;
let seeded: SeededUser;

beforeAll(async () => {
  stack = await startTestStack({ migrations: false });
  seeded = await seedUser(stack, 'seeded@talentg.test', 'seeded-password');
}, 120_000);
afterAll(async () => {
  await stack?.close();
});

describe('password sign-in (POST /token?grant_type=password)', () => {
  it('signs in a user seeded by SQL with pgcrypto crypt() and answers a GoTrue session', async () => {
    const { data, error } = await clientFor(stack, stack.anonKey).auth.signInWithPassword({
      email: seeded.email,
      password: seeded.password,
    });
    expect(error).toBeNull();
    const session = data.session!;
    expect(session.token_type).toBe('bearer');
    expect(session.expires_in).toBe(3600);
    expect(session.expires_at).toBeGreaterThan(Math.floor(Date.now() / 1000) + 3500);
    expect(session.refresh_token).toMatch(/^[a-z0-9]{32}$/);
    expect(session.user).toMatchObject({
      id: seeded.id,
      aud: 'authenticated',
      role: 'authenticated',
      email: seeded.email,
      phone: '',
      app_metadata: { provider: 'email', providers: ['email'] },
      user_metadata: { full_name: 'Seeded Person' },
      identities: [],
      is_anonymous: false,
    });
    for (const field of [
      'email_confirmed_at',
      'confirmed_at',
      'last_sign_in_at',
      'created_at',
      'updated_at',
    ]) {
      expect(session.user[field as keyof typeof session.user], field).toMatch(
        /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/,
      );
    }
  });

  it("issues an HS256 access token with GoTrue's claims, verifiable with the project secret", async () => {
    const { data } = await clientFor(stack, stack.anonKey).auth.signInWithPassword({
      email: seeded.email,
      password: seeded.password,
    });
    const token = data.session!.access_token;
    expect(decodeProtectedHeader(token)).toEqual({ alg: 'HS256', typ: 'JWT' });
    const { payload } = await jwtVerify(token, new TextEncoder().encode(stack.jwtSecret));
    const now = Math.floor(Date.now() / 1000);
    expect(Object.keys(payload)).toEqual([
      'iss',
      'sub',
      'aud',
      'exp',
      'iat',
      'email',
      'phone',
      'app_metadata',
      'user_metadata',
      'role',
      'aal',
      'amr',
      'session_id',
      'is_anonymous',
    ]);
    expect(payload).toMatchObject({
      iss: `${stack.url}/auth/v1`,
      sub: seeded.id,
      aud: 'authenticated',
      email: seeded.email,
      phone: '',
      app_metadata: { provider: 'email', providers: ['email'] },
      user_metadata: { full_name: 'Seeded Person' },
      role: 'authenticated',
      aal: 'aal1',
      is_anonymous: false,
    });
    expect(payload.exp! - payload.iat!).toBe(3600);
    expect(Math.abs(payload.iat! - now)).toBeLessThan(5);
    const amr = payload.amr as { method: string; timestamp: number }[];
    expect(amr).toHaveLength(1);
    expect(amr[0]!.method).toBe('password');
    expect(Math.abs(amr[0]!.timestamp - now)).toBeLessThan(5);
    const sessions = await stack.db.query<{ user_id: string }>(
      'select user_id::text as user_id from auth.sessions where id = $1',
      [payload.session_id],
    );
    expect(sessions.rows).toEqual([{ user_id: seeded.id }]);
  });

  it('matches the email case-insensitively', async () => {
    const { error } = await clientFor(stack, stack.anonKey).auth.signInWithPassword({
      email: 'SEEDED@TalentG.test',
      password: seeded.password,
    });
    expect(error).toBeNull();
  });

  it('answers 400 invalid_credentials for a wrong password and for an unknown email alike', async () => {
    const supabase = clientFor(stack, stack.anonKey);
    for (const attempt of [
      { email: seeded.email, password: 'not-the-password' },
      { email: 'nobody@talentg.test', password: seeded.password },
    ]) {
      const { data, error } = await supabase.auth.signInWithPassword(attempt);
      expect(data.session).toBeNull();
      expect(error).toMatchObject({
        status: 400,
        code: 'invalid_credentials',
        message: 'Invalid login credentials',
      });
    }
  });

  it('refuses a banned user with 400 user_banned', async () => {
    const banned = await seedUser(stack, 'banned@talentg.test', 'banned-password', {
      bannedUntil: new Date(Date.now() + 3_600_000).toISOString(),
    });
    const { error } = await clientFor(stack, stack.anonKey).auth.signInWithPassword(banned);
    expect(error).toMatchObject({ status: 400, code: 'user_banned', message: 'User is banned' });
  });

  it('lets a user whose ban has ended sign in again', async () => {
    const unbanned = await seedUser(stack, 'unbanned@talentg.test', 'unbanned-password', {
      bannedUntil: new Date(Date.now() - 60_000).toISOString(),
    });
    const { error } = await clientFor(stack, stack.anonKey).auth.signInWithPassword(unbanned);
    expect(error).toBeNull();
  });

  it('refuses an unconfirmed email with 400 email_not_confirmed', async () => {
    const unconfirmed = await seedUser(stack, 'unconfirmed@talentg.test', 'unconfirmed-password', {
      confirmed: false,
    });
    const { error } = await clientFor(stack, stack.anonKey).auth.signInWithPassword(unconfirmed);
    expect(error).toMatchObject({ status: 400, code: 'email_not_confirmed' });
  });

  it('signs in by phone, written with or without the leading +', async () => {
    await seedUser(stack, 'phone@talentg.test', 'phone-password', { phone: '919876543210' });
    const { data, error } = await clientFor(stack, stack.anonKey).auth.signInWithPassword({
      phone: '+91 9876543210',
      password: 'phone-password',
    });
    expect(error).toBeNull();
    expect(data.user?.phone).toBe('919876543210');
  });

  it('answers GoTrue validation errors for a grant without credentials or an unknown grant', async () => {
    const missing = await authFetch(stack, '/token?grant_type=password', {
      method: 'POST',
      body: JSON.stringify({ password: 'x' }),
      headers: { 'x-supabase-api-version': '2024-01-01' },
    });
    expect(missing.status).toBe(400);
    expect(await missing.json()).toEqual({
      code: 'validation_failed',
      message: 'missing email or phone',
    });
    const unknown = await authFetch(stack, '/token?grant_type=magic', {
      method: 'POST',
      body: '{}',
    });
    expect(unknown.status).toBe(400);
    expect(await unknown.json()).toEqual({
      code: 400,
      error_code: 'invalid_credentials',
      msg: 'unsupported_grant_type',
    });
  });
});
