import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveAuthSettings } from '../../../src/local-supabase/auth/auth-settings.js';
import { WindowRateLimiter } from '../../../src/local-supabase/rate-limit.js';
import type { RunningStack } from '../../../src/local-supabase/stack.js';
import { clientFor, startTestStack } from '../../support/stack.js';
import { authFetch, seedUser } from './auth-fixtures.js';

const WINDOW_SECONDS = 2;

let stack: RunningStack;

beforeAll(async () => {
  stack = await startTestStack({
    migrations: false,
    auth: { rateLimit: { signInsAndSignUps: 3, tokenRefreshes: 2, windowSeconds: WINDOW_SECONDS } },
  });
}, 120_000);
afterAll(async () => {
  await stack?.close();
});

/** A sign-in attempt without credentials: counted by the limiter, answered without hashing anything. */
const attempt = (headers: Record<string, string> = {}) =>
  authFetch(stack, '/token?grant_type=password', {
    method: 'POST',
    body: '{}',
    headers: { ...headers, ...V2024 },
  });
const V2024 = { 'x-supabase-api-version': '2024-01-01' };

describe('rate limits per client address', () => {
  it('answers 429 over_request_rate_limit past the sign-in limit, whatever X-Forwarded-For claims', async () => {
    for (let n = 0; n < 3; n += 1) expect((await attempt()).status).toBe(400);
    const limited = await attempt({ 'x-forwarded-for': '203.0.113.9' });
    expect(limited.status).toBe(429);
    expect(await limited.json()).toEqual({
      code: 'over_request_rate_limit',
      message: 'Request rate limit reached',
    });

    const signUp = await clientFor(stack, stack.anonKey).auth.signUp({
      email: 'limited@talentg.test',
      password: 'limited-password',
    });
    expect(signUp.error).toMatchObject({ status: 429, code: 'over_request_rate_limit' });

    await sleep(WINDOW_SECONDS * 1000 + 200);
    expect((await attempt()).status).toBe(400);
  });

  it('counts refresh-token grants against their own limit', async () => {
    await sleep(WINDOW_SECONDS * 1000 + 200);
    const person = await seedUser(stack, 'refresher@talentg.test', 'refresher-password');
    const { data } = await clientFor(stack, stack.anonKey).auth.signInWithPassword(person);
    let refreshToken = data.session!.refresh_token;
    for (let n = 0; n < 2; n += 1) {
      const result = await clientFor(stack, stack.anonKey).auth.refreshSession({
        refresh_token: refreshToken,
      });
      expect(result.error).toBeNull();
      refreshToken = result.data.session!.refresh_token;
    }
    const limited = await clientFor(stack, stack.anonKey).auth.refreshSession({
      refresh_token: refreshToken,
    });
    expect(limited.error).toMatchObject({ status: 429, code: 'over_request_rate_limit' });
  });
});

describe('WindowRateLimiter', () => {
  it('counts each address separately and starts a new window when the old one ends', () => {
    let now = 0;
    const limiter = new WindowRateLimiter(() => now);
    expect([1, 2, 3].map(() => limiter.take('signIn:10.0.0.1', 2, 1000))).toEqual([
      true,
      true,
      false,
    ]);
    expect(limiter.take('signIn:10.0.0.2', 2, 1000)).toBe(true);
    now = 1000;
    expect(limiter.take('signIn:10.0.0.1', 2, 1000)).toBe(true);
  });

  it("defaults to the Supabase CLI's limits and can be switched off", () => {
    const defaults = resolveAuthSettings(undefined);
    expect(defaults.rateLimit).toEqual({
      signInsAndSignUps: 30,
      tokenRefreshes: 150,
      tokenVerifications: 30,
      windowMs: 300_000,
      emailsPerHour: undefined,
    });
    expect(defaults.refreshTokenReuseSeconds).toBe(10);
    expect(resolveAuthSettings({ rateLimit: false }).rateLimit).toBe(false);
  });
});
