import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningStack } from '../../../src/local-supabase/stack.js';
import {
  ATTACK_KINDS,
  attackToken,
  attackTokensFrom,
  type AttackKind,
} from '../../support/attack-tokens.js';
import { clientFor, startTestStack } from '../../support/stack.js';
import { authFetch, seedUser } from './auth-fixtures.js';

let stack: RunningStack;
let attacks: Record<AttackKind, string>;

beforeAll(async () => {
  stack = await startTestStack({ migrations: false });
  const person = await seedUser(stack, 'target@talentg.test', 'target-password');
  const { data } = await clientFor(stack, stack.anonKey).auth.signInWithPassword(person);
  attacks = await attackTokensFrom(data.session!.access_token, stack.jwtSecret);
}, 120_000);
afterAll(async () => {
  await stack?.close();
});

/** The message GoTrue (golang-jwt inside it) gives for each kind of broken token. */
const REFUSALS: Record<AttackKind, string> = {
  'alg-none':
    'invalid JWT: unable to parse or verify signature, token signature is invalid: signing method none is invalid',
  'bad-signature':
    'invalid JWT: unable to parse or verify signature, token signature is invalid: signature is invalid',
  'tampered-payload':
    'invalid JWT: unable to parse or verify signature, token signature is invalid: signature is invalid',
  expired:
    'invalid JWT: unable to parse or verify signature, token has invalid claims: token is expired',
  'role-postgres': 'invalid claim: role "postgres" is not one of anon, authenticated, service_role',
  'role-supabase-admin':
    'invalid claim: role "supabase_admin" is not one of anon, authenticated, service_role',
};

describe('forged and broken access tokens', () => {
  it.each(ATTACK_KINDS)('GET /user refuses a %s token with 403 bad_jwt', async (kind) => {
    const response = await authFetch(stack, '/user', {
      headers: { authorization: `Bearer ${attacks[kind]}`, 'x-supabase-api-version': '2024-01-01' },
    });
    expect(response.status).toBe(403);
    expect(response.headers.get('x-supabase-api-version')).toBe('2024-01-01');
    expect(await response.json()).toEqual({ code: 'bad_jwt', message: REFUSALS[kind] });
  });

  it.each(ATTACK_KINDS)(
    'supabase-js getUser reports a %s token as an AuthApiError 403 bad_jwt',
    async (kind) => {
      const { data, error } = await clientFor(stack, stack.anonKey).auth.getUser(attacks[kind]);
      expect(data.user).toBeNull();
      expect(error).toMatchObject({ name: 'AuthApiError', status: 403, code: 'bad_jwt' });
    },
  );

  it('answers the legacy body to clients that send no API version', async () => {
    const response = await authFetch(stack, '/user', {
      headers: { authorization: `Bearer ${attacks.expired}` },
    });
    expect(response.status).toBe(403);
    expect(response.headers.get('x-sb-error-code')).toBe('bad_jwt');
    expect(await response.json()).toEqual({
      code: 403,
      error_code: 'bad_jwt',
      msg: REFUSALS.expired,
    });
  });

  it.each(['alg-none', 'bad-signature', 'tampered-payload', 'role-supabase-admin'] as const)(
    'admin endpoints refuse a %s token posing as an administrator',
    async (kind) => {
      const forged = await attackToken(kind, stack.jwtSecret, {
        role: 'service_role',
        iss: 'supabase-demo',
      });
      const response = await authFetch(stack, '/admin/users', {
        headers: { authorization: `Bearer ${forged}`, 'x-supabase-api-version': '2024-01-01' },
      });
      expect(response.status).toBe(403);
      expect(((await response.json()) as { code: string }).code).toBe('bad_jwt');
    },
  );
});

describe('the API gateway key check', () => {
  it('answers 401 "No API key found in request" without an apikey', async () => {
    const response = await fetch(`${stack.url}/auth/v1/settings`);
    expect(response.status).toBe(401);
    expect(await response.json()).toEqual({
      message: 'No API key found in request',
      hint: 'No `apikey` request header or url param was found.',
    });
  });

  it.each(ATTACK_KINDS)('answers 401 "Invalid API key" for a %s token as apikey', async (kind) => {
    const forged = await attackToken(kind, stack.jwtSecret, { role: 'anon', iss: 'supabase-demo' });
    const response = await authFetch(stack, '/settings', { headers: { apikey: forged } });
    expect(response.status).toBe(401);
    expect(await response.json()).toEqual({
      message: 'Invalid API key',
      hint: 'Double check your Supabase `anon` or `service_role` API key.',
    });
  });

  it('answers 401 "Invalid API key" for a user access token as apikey', async () => {
    const { data } = await clientFor(stack, stack.anonKey).auth.signInWithPassword({
      email: 'target@talentg.test',
      password: 'target-password',
    });
    const response = await authFetch(stack, '/settings', {
      headers: { apikey: data.session!.access_token },
    });
    expect(response.status).toBe(401);
  });

  it('accepts the anon key as a query parameter, as the gateway does', async () => {
    const response = await fetch(`${stack.url}/auth/v1/health?apikey=${stack.anonKey}`);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ name: 'GoTrue' });
  });
});
