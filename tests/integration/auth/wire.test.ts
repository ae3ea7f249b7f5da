import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningStack } from '../../../src/local-supabase/stack.js';
import { clientFor, startTestStack } from '../../support/stack.js';
import { authFetch } from './auth-fixtures.js';

let stack: RunningStack;

beforeAll(async () => {
  stack = await startTestStack({ migrations: false });
}, 120_000);
afterAll(async () => {
  await stack?.close();
});

const V2024 = { 'x-supabase-api-version': '2024-01-01' };

describe('GoTrue wire behaviour', () => {
  it('answers GET /health and GET /settings as GoTrue', async () => {
    const health = await authFetch(stack, '/health');
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({
      version: 'talentg-local',
      name: 'GoTrue',
      description: 'GoTrue is a user registration and authentication API',
    });
    const settings = await authFetch(stack, '/settings');
    expect(await settings.json()).toMatchObject({
      external: { email: true, phone: true, google: false, anonymous_users: false },
      disable_signup: false,
      mailer_autoconfirm: true,
    });
  });

  it("answers an unknown path with chi's 404 and a known path with the wrong method with 405", async () => {
    const unknown = await authFetch(stack, '/magiclink/nowhere');
    expect(unknown.status).toBe(404);
    expect(await unknown.text()).toBe('404 page not found\n');
    const wrongMethod = await authFetch(stack, '/token', { method: 'GET' });
    expect(wrongMethod.status).toBe(405);
    expect(wrongMethod.headers.get('allow')).toBe('POST');
  });

  it.each([
    ['not JSON at all', '{"email": '],
    ['an empty body', ''],
    ['a JSON array', '[1, 2]'],
    ['a field of the wrong type', '{"email": 42, "password": "x"}'],
  ])('answers %s with 400 bad_json, never a 500', async (_name, body) => {
    const response = await authFetch(stack, '/token?grant_type=password', {
      method: 'POST',
      body,
      headers: V2024,
    });
    expect(response.status).toBe(400);
    const json = (await response.json()) as { code: string; message: string };
    expect(json.code).toBe('bad_json');
    expect(json.message).toMatch(/^Could not parse request body as JSON: /);
    expect(json.message).not.toMatch(/\n\s+at /);
  });

  it('refuses a body over 1 MiB with 413 request_entity_too_large as JSON', async () => {
    const body = JSON.stringify({ email: 'x@talentg.test', password: 'p'.repeat(2 * 1024 * 1024) });
    const response = await authFetch(stack, '/signup', { method: 'POST', body, headers: V2024 });
    expect(response.status).toBe(413);
    expect(await response.json()).toEqual({
      code: 'request_entity_too_large',
      message: 'Request body too large (max 1048576 bytes)',
    });
    expect((await authFetch(stack, '/health')).status).toBe(200);
  });

  it('refuses an oversized chunked body (no content-length) without harming the server', async () => {
    const status = await new Promise<number | string>((resolve) => {
      const url = new URL(`${stack.url}/auth/v1/signup`);
      const req = request(
        {
          host: url.hostname,
          port: url.port,
          path: url.pathname,
          method: 'POST',
          headers: { apikey: stack.anonKey },
        },
        (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        },
      );
      req.on('error', (error) => resolve(`connection closed: ${error.message}`));
      const chunk = Buffer.alloc(64 * 1024, 'a');
      let sent = 0;
      const pump = () => {
        while (sent < 3 * 1024 * 1024) {
          sent += chunk.length;
          if (!req.write(chunk)) return void req.once('drain', pump);
        }
        req.end();
      };
      pump();
    });
    expect([413, 'connection closed: socket hang up', 'connection closed: write EPIPE']).toContain(
      typeof status === 'string'
        ? status.replace(/ECONNRESET|read ECONNRESET/, 'socket hang up')
        : status,
    );
    expect((await authFetch(stack, '/health')).status).toBe(200);
  });

  it('echoes the API version and answers {code, message} only to clients that ask for 2024-01-01', async () => {
    const modern = await authFetch(stack, '/token?grant_type=password', {
      method: 'POST',
      body: JSON.stringify({ email: 'nobody@talentg.test', password: 'whatever' }),
      headers: V2024,
    });
    expect(modern.headers.get('x-supabase-api-version')).toBe('2024-01-01');
    expect(modern.headers.get('x-sb-error-code')).toBe('invalid_credentials');
    expect(await modern.json()).toEqual({
      code: 'invalid_credentials',
      message: 'Invalid login credentials',
    });

    const legacy = await authFetch(stack, '/token?grant_type=password', {
      method: 'POST',
      body: JSON.stringify({ email: 'nobody@talentg.test', password: 'whatever' }),
      headers: { 'x-supabase-api-version': 'not-a-date' },
    });
    expect(legacy.headers.get('x-supabase-api-version')).toBeNull();
    expect(await legacy.json()).toEqual({
      code: 400,
      error_code: 'invalid_credentials',
      msg: 'Invalid login credentials',
    });
  });

  it('lets supabase-js read the error code of the modern body', async () => {
    const { error } = await clientFor(stack, stack.anonKey).auth.signInWithPassword({
      email: 'nobody@talentg.test',
      password: 'whatever',
    });
    expect(error).toMatchObject({ name: 'AuthApiError', status: 400, code: 'invalid_credentials' });
  });
});
