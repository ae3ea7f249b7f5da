import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signJwt } from '../../../src/local-supabase/jwt.js';
import type { RunningStack } from '../../../src/local-supabase/stack.js';
import { clientFor, startTestStack } from '../../support/stack.js';
import { ALICE, REST_FIXTURE_SQL, rest, userToken } from './fixture.js';

// What the fast read path (remembered tokens, prepared statements, one round trip) must not change.
const GADGETS_SQL = `
create table public.gadgets (id int primary key, name text not null);
grant select on public.gadgets to anon, authenticated;
insert into public.gadgets values (1, 'lamp'), (2, 'fan');
create function public.forget_prepared() returns void language plpgsql as $$
begin
  execute 'deallocate all';
end $$;
`;

let stack: RunningStack;

beforeAll(async () => {
  stack = await startTestStack({
    migrations: false,
    fixtureSql: REST_FIXTURE_SQL + GADGETS_SQL,
  });
}, 60_000);
afterAll(async () => {
  await stack?.close();
});

const get = (path: string, token?: string) =>
  rest(stack, path, { apikey: stack.anonKey, ...(token ? { token } : {}) });

describe('a remembered token', () => {
  it('is refused once it expires, although it was accepted before', async () => {
    const now = Math.floor(Date.now() / 1000);
    const token = await signJwt(
      { sub: ALICE, role: 'authenticated', aud: 'authenticated', iat: now, exp: now + 2 },
      stack.jwtSecret,
    );
    expect((await get('/notes?select=body', token)).status).toBe(200);
    expect((await get('/notes?select=body', token)).status).toBe(200);
    // jose's rule: expired once exp <= now in whole seconds.
    await new Promise((resolve) => setTimeout(resolve, (now + 2) * 1000 - Date.now() + 50));
    const expired = await get('/notes?select=body', token);
    expect(expired.status).toBe(401);
    expect(expired.json).toMatchObject({ code: 'PGRST303', message: 'JWT expired' });
  });

  it('does not vouch for a token with the same claims signed by another secret', async () => {
    const claims = { sub: ALICE, role: 'authenticated', aud: 'authenticated', exp: 4102444800 };
    const genuine = await signJwt(claims, stack.jwtSecret);
    expect((await get('/notes?select=body', genuine)).status).toBe(200);
    const forged = await signJwt(claims, `${stack.jwtSecret}-not`);
    const response = await get('/notes?select=body', forged);
    expect(response.status).toBe(401);
    expect(response.json).toMatchObject({ code: 'PGRST301' });
  });
});

describe('prepared read statements', () => {
  it('keep answering the same after PostgreSQL rejects a value or the statement text', async () => {
    // 22P02 comes from binding the value; an unknown cast type (42704) from parsing the statement.
    for (const [path, code] of [
      ['/gadgets?id=eq.abc', '22P02'],
      ['/gadgets?select=id::nosuchtype', '42704'],
    ] as const) {
      for (let attempt = 0; attempt < 3; attempt++) {
        const failed = await get(path);
        expect(failed.status).toBe(400);
        expect(failed.json).toMatchObject({ code });
        const fine = await get('/gadgets?select=name&id=eq.1');
        expect(fine.json).toEqual([{ name: 'lamp' }]);
      }
    }
  });

  it('see a column added to the table at once, through the same query shape', async () => {
    const before = await get('/gadgets?select=*&id=eq.2');
    expect(before.json).toEqual([{ id: 2, name: 'fan' }]);
    await stack.db.exec(`alter table public.gadgets add column watts int not null default 40`);
    const after = await get('/gadgets?select=*&id=eq.2');
    expect(after.json).toEqual([{ id: 2, name: 'fan', watts: 40 }]);
  });

  it('recover when a function makes PostgreSQL forget them', async () => {
    for (let i = 0; i < 4; i++) await get('/gadgets?select=name&id=eq.1');
    const forgot = await rest(stack, '/rpc/forget_prepared', {
      method: 'POST',
      apikey: stack.anonKey,
      body: '{}',
    });
    expect(forgot.status).toBe(204);
    for (let i = 0; i < 6; i++) {
      expect((await get('/gadgets?select=name&id=eq.1')).json).toEqual([{ name: 'lamp' }]);
    }
  });

  it('keep working past the number of shapes a connection keeps prepared', async () => {
    // Each alias is a new statement text; past 200 on one connection, that connection is replaced.
    for (let shape = 0; shape < 500; shape++) {
      const response = await get(`/gadgets?select=n${shape}:name&id=eq.1`);
      expect(response.json).toEqual([{ [`n${shape}`]: 'lamp' }]);
    }
    expect((await get('/gadgets?select=name&id=eq.1')).json).toEqual([{ name: 'lamp' }]);
  });
});

describe('one request, one transaction', () => {
  it('refuses a role the authenticator may not assume on a write as on a read, writing nothing', async () => {
    const service = clientFor(stack, stack.serviceRoleKey);
    const count = async () =>
      (await service.from('notes').select('*', { count: 'exact', head: true })).count;
    const before = await count();
    const write = (token: string) =>
      rest(stack, '/notes', {
        method: 'POST',
        apikey: stack.anonKey,
        token,
        body: JSON.stringify({ body: 'as a stranger', owner_id: ALICE }),
      });
    const unknown = await write(await signJwt({ role: 'nobody' }, stack.jwtSecret));
    expect(unknown.status).toBe(401);
    expect(unknown.json).toMatchObject({ code: '22023', message: 'role "nobody" does not exist' });
    const ungranted = await write(await signJwt({ role: 'supabase_auth_admin' }, stack.jwtSecret));
    expect(ungranted.status).toBe(403);
    expect(ungranted.json).toMatchObject({
      code: '42501',
      message: 'permission denied to set role "supabase_auth_admin"',
    });
    expect(await count()).toBe(before);
  });

  it('lets a read see the write just before it, and a write follow a read at once', async () => {
    const alice = await userToken(stack, ALICE);
    for (let round = 0; round < 10; round++) {
      const body = `round ${round}`;
      const created = await rest(stack, '/notes', {
        method: 'POST',
        apikey: stack.anonKey,
        token: alice,
        body: JSON.stringify({ body }),
      });
      expect(created.status).toBe(201);
      const read = await get(`/notes?select=body&body=eq.${encodeURIComponent(body)}`, alice);
      expect(read.json).toEqual([{ body }]);
    }
  });

  it('answers a singular read that finds no row or many with 406 PGRST116', async () => {
    const none = await rest(stack, '/gadgets?id=eq.99', {
      apikey: stack.anonKey,
      headers: { accept: 'application/vnd.pgrst.object+json' },
    });
    expect(none.status).toBe(406);
    expect(none.json).toMatchObject({ code: 'PGRST116' });
    const many = await rest(stack, '/gadgets', {
      apikey: stack.anonKey,
      headers: { accept: 'application/vnd.pgrst.object+json' },
    });
    expect(many.status).toBe(406);
    expect((await get('/gadgets?select=name&id=eq.1')).json).toEqual([{ name: 'lamp' }]);
  });
});
