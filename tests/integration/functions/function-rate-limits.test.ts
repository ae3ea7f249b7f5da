import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { RunningStack } from '../../../src/local-supabase/stack.js';
import { clientFor, startTestStack } from '../../support/stack.js';

// The shared limiter (supabase/functions/_shared/rate-limit.ts) on api, health, admin-users and
// email-sender, per address and per user, with small limits on a stack of this file's own; and the one
// JSON log line per request (request-log.ts) each of them writes.

let stack: RunningStack;
const tokens: Record<string, string> = {};
const ids: Record<string, string> = {};
const stderr = vi.spyOn(process.stderr, 'write');

beforeAll(async () => {
  // Day-long windows: fixed windows start on the clock, and a minute's could end mid-test.
  stack = await startTestStack({
    seed: true,
    functionsEnv: {
      API_RATE_LIMIT: '6/86400',
      API_USER_RATE_LIMIT: '3/86400',
      HEALTH_RATE_LIMIT: '2/86400',
      ADMIN_USERS_USER_RATE_LIMIT: '2/86400',
      EMAIL_SENDER_RATE_LIMIT: '2/86400',
    },
  });
  for (const who of ['manager', 'tc1']) {
    const { data, error } = await clientFor(stack, stack.anonKey).auth.signInWithPassword({
      email: `${who}@talentg.test`,
      password: 'talentg-demo',
    });
    if (error || !data.session) throw new Error(`sign-in as ${who}: ${error?.message}`);
    tokens[who] = data.session.access_token;
    ids[who] = data.session.user.id;
  }
}, 120_000);

afterAll(async () => {
  stderr.mockRestore();
  await stack?.close();
});

async function call(
  fn: string,
  token: string,
  method = 'GET',
): Promise<{ status: number; retryAfter: string | null; body: unknown }> {
  const response = await fetch(`${stack.url}/functions/v1/${fn}`, {
    method,
    headers: { authorization: `Bearer ${token}` },
  });
  return {
    status: response.status,
    retryAfter: response.headers.get('retry-after'),
    body: await response.json(),
  };
}

/** One after another, where the count is exact (a concurrent burst may pass by the requests in flight). */
async function statuses(times: number, send: () => Promise<{ status: number }>): Promise<number[]> {
  const answers: number[] = [];
  for (let i = 0; i < times; i++) answers.push((await send()).status);
  return answers;
}

function expectRateLimited(answer: { status: number; retryAfter: string | null; body: unknown }) {
  expect(answer.status).toBe(429);
  expect(Number(answer.retryAfter)).toBeGreaterThanOrEqual(1);
  expect(Number(answer.retryAfter)).toBeLessThanOrEqual(86400);
  expect(answer.body).toMatchObject({ success: false, error: { code: 'RATE_LIMITED' } });
}

describe('rate limits on every public function', () => {
  it('api: a user past their own limit is refused, and another user past the address’s', async () => {
    expect(await statuses(3, () => call('api/leads', tokens.manager!))).toEqual([200, 200, 200]);
    expectRateLimited(await call('api/leads', tokens.manager!));
    // tc1 has a fresh user window, but the address has counted 4 of its 6.
    expect(await statuses(2, () => call('api/leads', tokens.tc1!))).toEqual([200, 200]);
    expectRateLimited(await call('api/leads', tokens.tc1!));
  });

  it('health: past the address’s limit, 429 in the envelope before anything is checked', async () => {
    expect(await statuses(2, () => call('health', stack.anonKey))).toEqual([200, 200]);
    expectRateLimited(await call('health', stack.anonKey));
  });

  it('admin-users: a user past their limit is refused before the admin check', async () => {
    // tc1 is no admin: refused as such until the limit, then limited.
    expect(await statuses(2, () => call('admin-users', tokens.tc1!, 'POST'))).toEqual([403, 403]);
    expectRateLimited(await call('admin-users', tokens.tc1!, 'POST'));
    // The manager is another user.
    expect((await call('admin-users', tokens.manager!, 'POST')).status).toBe(403);
  });

  it('email-sender: callers without the service key are limited; the schedule’s own key is not', async () => {
    expect(await statuses(2, () => call('email-sender', stack.anonKey, 'POST'))).toEqual([
      403, 403,
    ]);
    expectRateLimited(await call('email-sender', stack.anonKey, 'POST'));
    // No Brevo settings on this stack: the run is refused for that, not for the limit.
    const run = await call('email-sender', stack.serviceRoleKey, 'POST');
    expect(run.status).toBe(503);
    expect(run.body).toMatchObject({ error: { code: 'NOT_CONFIGURED' } });
  });
});

describe('one JSON log line per request', () => {
  it('names the function, method, status, duration and caller of every request above', () => {
    const lines = stderr.mock.calls
      .map(([chunk]) => String(chunk))
      .flatMap((chunk) => chunk.split('\n'))
      .map((line) => /^\[functions:([\w-]+)\] (\{.*\})$/.exec(line))
      .filter((match) => match !== null)
      .map((match) => ({
        worker: match[1],
        line: JSON.parse(match[2]!) as Record<string, unknown>,
      }));
    for (const fn of ['api', 'health', 'admin-users', 'email-sender']) {
      const own = lines.filter((entry) => entry.worker === fn).map((entry) => entry.line);
      expect(own.length, fn).toBeGreaterThanOrEqual(3);
      for (const line of own) {
        expect(line).toMatchObject({
          function: fn,
          method: expect.any(String),
          status: expect.any(Number),
          duration_ms: expect.any(Number),
          address: '127.0.0.1',
        });
      }
      expect(own.map((line) => line.status)).toContain(429);
    }
    const api = lines.filter((entry) => entry.worker === 'api').map((entry) => entry.line);
    expect(api).toContainEqual(
      expect.objectContaining({ user: ids.manager, status: 429, code: 'RATE_LIMITED' }),
    );
    expect(api).toContainEqual(expect.objectContaining({ user: ids.tc1, status: 200 }));
  });
});
