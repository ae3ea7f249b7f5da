import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signJwt } from '../../../src/local-supabase/jwt.js';
import type { RunningStack } from '../../../src/local-supabase/stack.js';
import { clientFor, startTestStack } from '../../support/stack.js';
import { ALICE, BOB, REST_FIXTURE_SQL, rest, userToken } from './fixture.js';

let stack: RunningStack;
let alice: string;
let bob: string;

beforeAll(async () => {
  stack = await startTestStack({ migrations: false, fixtureSql: REST_FIXTURE_SQL });
  alice = await userToken(stack, ALICE);
  bob = await userToken(stack, BOB);
}, 60_000);
afterAll(async () => {
  await stack?.close();
});

const bodies = (json: unknown) => (json as { body: string }[]).map((row) => row.body).sort();

describe('row-level security decides what each token sees', () => {
  it('shows a user only their own rows', async () => {
    const asAlice = await rest(stack, '/notes?select=body', {
      apikey: stack.anonKey,
      token: alice,
    });
    expect(bodies(asAlice.json)).toEqual(['alice one', 'alice two']);
    const asBob = await rest(stack, '/notes?select=body', { apikey: stack.anonKey, token: bob });
    expect(bodies(asBob.json)).toEqual(['bob one']);
  });

  it('shows the anon key only the rows a policy grants anon', async () => {
    const { data } = await clientFor(stack, stack.anonKey).from('notes').select('body');
    expect(data).toEqual([{ body: 'alice two' }]);
  });

  it('lets the service_role key bypass row-level security', async () => {
    const { data } = await clientFor(stack, stack.serviceRoleKey).from('notes').select('body');
    expect(data?.map((row) => row.body).sort()).toEqual(['alice one', 'alice two', 'bob one']);
  });

  it("cannot update or delete another user's rows: nothing matches", async () => {
    const update = await rest(stack, `/notes?owner_id=eq.${BOB}`, {
      method: 'PATCH',
      apikey: stack.anonKey,
      token: alice,
      headers: { prefer: 'return=representation' },
      body: '{"body": "hijacked"}',
    });
    expect(update.json).toEqual([]);
    const remove = await rest(stack, `/notes?owner_id=eq.${BOB}`, {
      method: 'DELETE',
      apikey: stack.anonKey,
      token: alice,
      headers: { prefer: 'count=exact' },
    });
    expect(remove.headers.get('content-range')).toBe('*/0');
    const asBob = await rest(stack, '/notes?select=body', { apikey: stack.anonKey, token: bob });
    expect(bodies(asBob.json)).toEqual(['bob one']);
  });

  it('answers an insert the policy refuses with 403 42501', async () => {
    const response = await rest(stack, '/notes', {
      method: 'POST',
      apikey: stack.anonKey,
      token: alice,
      body: JSON.stringify({ body: 'forged', owner_id: BOB }),
    });
    expect(response.status).toBe(403);
    expect(response.json).toEqual({
      code: '42501',
      details: null,
      hint: null,
      message: 'new row violates row-level security policy for table "notes"',
    });
  });

  it("inserts the user's own row, owner filled in from auth.uid()", async () => {
    const response = await rest(stack, '/notes?select=body,owner_id', {
      method: 'POST',
      apikey: stack.anonKey,
      token: bob,
      headers: { prefer: 'return=representation' },
      body: '{"body": "bob two"}',
    });
    expect(response.status).toBe(201);
    expect(response.json).toEqual([{ body: 'bob two', owner_id: BOB }]);
  });

  it('answers a table the role may not read with 401 for anon and 403 for a user', async () => {
    const anon = await rest(stack, '/secrets', { apikey: stack.anonKey });
    expect(anon.status).toBe(401);
    expect(anon.headers.get('www-authenticate')).toBe('Bearer');
    expect(anon.json).toEqual({
      code: '42501',
      details: null,
      hint: null,
      message: 'permission denied for table secrets',
    });
    const user = await rest(stack, '/secrets', { apikey: stack.anonKey, token: alice });
    expect(user.status).toBe(403);
  });
});

describe('tokens PostgREST refuses', () => {
  it('answers an expired token with 401 PGRST303', async () => {
    const expired = await userToken(stack, ALICE, -120);
    const response = await rest(stack, '/notes', { apikey: stack.anonKey, token: expired });
    expect(response.status).toBe(401);
    expect(response.json).toEqual({
      code: 'PGRST303',
      details: null,
      hint: null,
      message: 'JWT expired',
    });
    expect(response.headers.get('www-authenticate')).toBe(
      'Bearer error="invalid_token", error_description="JWT expired"',
    );
  });

  it("answers alg: none with 401 PGRST301 'Wrong or unsupported encoding algorithm'", async () => {
    const encode = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
    const unsigned = `${encode({ alg: 'none', typ: 'JWT' })}.${encode({ role: 'service_role' })}.`;
    const response = await rest(stack, '/secrets', { apikey: stack.anonKey, token: unsigned });
    expect(response.status).toBe(401);
    expect(response.json).toEqual({
      code: 'PGRST301',
      details: "JWT is unsecured but expected 'alg' was not 'none'",
      hint: null,
      message: 'Wrong or unsupported encoding algorithm',
    });
  });

  it('answers a token signed with another secret with 401 PGRST301', async () => {
    const forged = await signJwt(
      { role: 'service_role' },
      'another-secret-that-is-at-least-32-characters',
    );
    const response = await rest(stack, '/secrets', { apikey: stack.anonKey, token: forged });
    expect(response.status).toBe(401);
    expect(response.json).toEqual({
      code: 'PGRST301',
      details: 'None of the keys was able to decode the JWT',
      hint: null,
      message: 'No suitable key or wrong key type',
    });
  });

  it('answers a token without three parts, or an empty one, with PGRST301', async () => {
    const partial = await rest(stack, '/notes', { token: 'eyJhbGciOiJIUzI1NiJ9.e30' });
    expect(partial.json).toMatchObject({
      code: 'PGRST301',
      message: 'Expected 3 parts in JWT; got 2',
    });
    const garbage = await rest(stack, '/notes', { token: 'abc.def.ghi' });
    expect(garbage.json).toMatchObject({
      code: 'PGRST301',
      message: 'JWT cryptographic operation failed',
    });
    // fetch trims header values, so the empty bearer token goes out through node:http.
    const empty = await new Promise<string>((resolve, reject) => {
      const request = http.get(
        `${stack.url}/rest/v1/notes`,
        { headers: { authorization: 'Bearer ' } },
        (response) => {
          let text = '';
          response.on('data', (chunk: Buffer) => (text += chunk.toString()));
          response.on('end', () => resolve(text));
        },
      );
      request.on('error', reject);
    });
    expect(JSON.parse(empty)).toMatchObject({
      code: 'PGRST301',
      message: 'Empty JWT is sent in Authorization header',
    });
  });

  it('answers a role that does not exist with 401 22023, and one not granted with 403 42501', async () => {
    const unknown = await rest(stack, '/books', {
      token: await signJwt({ role: 'nobody' }, stack.jwtSecret),
    });
    expect(unknown.status).toBe(401);
    expect(unknown.json).toEqual({
      code: '22023',
      details: null,
      hint: null,
      message: 'role "nobody" does not exist',
    });
    const ungranted = await rest(stack, '/books', {
      token: await signJwt({ role: 'supabase_auth_admin' }, stack.jwtSecret),
    });
    expect(ungranted.status).toBe(403);
    expect(ungranted.json).toMatchObject({ code: '42501' });
  });

  it('gives a token without a role claim the anonymous role', async () => {
    const token = await signJwt({ sub: ALICE } as never, stack.jwtSecret);
    const response = await rest(stack, '/notes?select=body', { token });
    expect(response.json).toEqual([{ body: 'alice two' }]);
  });

  it('checks the token before anything else about the request', async () => {
    const expired = await userToken(stack, ALICE, -120);
    const response = await rest(stack, '/no_such_table?bad=filter', { token: expired });
    expect(response.status).toBe(401);
  });
});
