import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningStack } from '../../../src/local-supabase/stack.js';
import { clientFor, startTestStack } from '../../support/stack.js';
import { REST_FIXTURE_SQL, rest } from './fixture.js';

let stack: RunningStack;

beforeAll(async () => {
  stack = await startTestStack({ migrations: false, fixtureSql: REST_FIXTURE_SQL });
}, 60_000);
afterAll(async () => {
  await stack?.close();
});

const get = (path: string, headers: Record<string, string> = {}) =>
  rest(stack, path, { apikey: stack.anonKey, headers });

describe('request errors answer like PostgREST, never with a 500', () => {
  it('answers an unknown table with 404 PGRST205, suggesting a close name', async () => {
    const { error, status } = await clientFor(stack, stack.anonKey).from('bookz').select();
    expect(status).toBe(404);
    expect(error).toEqual({
      code: 'PGRST205',
      details: null,
      hint: "Perhaps you meant the table 'public.books'",
      message: "Could not find the table 'public.bookz' in the schema cache",
    });
    const far = await get('/zzzzzzzz');
    expect((far.json as { hint: unknown }).hint).toBeNull();
  });

  it('answers an unknown column in select, filter or order with 400 42703', async () => {
    for (const path of [
      '/books?select=nope',
      '/books?nope=eq.1',
      '/books?order=nope',
      '/books?or=(nope.eq.1)',
    ]) {
      const response = await get(path);
      expect(response.status).toBe(400);
      expect(response.json).toEqual({
        code: '42703',
        details: null,
        hint: null,
        message: 'column books.nope does not exist',
      });
    }
  });

  it('answers malformed parameters with 400 PGRST100 naming what failed to parse', async () => {
    const filter = await get('/books?id=1');
    expect(filter.status).toBe(400);
    expect(filter.json).toEqual({
      code: 'PGRST100',
      details: 'unexpected "1" expecting "not" or operator (eq, gt, ...)',
      hint: null,
      message: '"failed to parse filter (1)" (line 1, column 1)',
    });
    for (const path of [
      '/books?select=id,(',
      '/books?order=id.sideways',
      '/books?or=(id.eq.1',
      '/books?id=in.(1,2',
      '/books?id=is.maybe',
    ]) {
      const response = await get(path);
      expect(response.status, path).toBe(400);
      expect((response.json as { code: string }).code, path).toBe('PGRST100');
    }
  });

  it('answers a filter value of the wrong type with 400 22P02', async () => {
    const response = await get('/books?id=eq.abc');
    expect(response.status).toBe(400);
    expect(response.json).toEqual({
      code: '22P02',
      details: null,
      hint: null,
      message: 'invalid input syntax for type bigint: "abc"',
    });
  });

  it('passes an operator PostgreSQL lacks through as 42883 with 404, as PostgREST maps it', async () => {
    const response = await get('/books?pages=like.3*');
    expect(response.status).toBe(404);
    expect((response.json as { code: string }).code).toBe('42883');
  });

  it('answers paths and methods it does not serve with PGRST125, PGRST126 and PGRST117', async () => {
    expect((await get('/books/1/pages')).json).toMatchObject({ code: 'PGRST125' });
    expect((await get('/books/1')).status).toBe(404);
    expect((await get('/')).json).toMatchObject({ code: 'PGRST126' });
    const put = await rest(stack, '/books?id=eq.1', {
      method: 'PUT',
      apikey: stack.anonKey,
      body: '{}',
    });
    expect(put.status).toBe(405);
    expect(put.json).toMatchObject({ code: 'PGRST117', message: 'Unsupported HTTP method: PUT' });
  });

  it('answers a body that is not JSON with PGRST102', async () => {
    const xml = await rest(stack, '/tags', {
      method: 'POST',
      apikey: stack.serviceRoleKey,
      headers: { 'content-type': 'text/xml' },
      body: '<tag/>',
    });
    expect(xml.status).toBe(400);
    expect(xml.json).toMatchObject({
      code: 'PGRST102',
      message: 'Content-Type not acceptable: text/xml',
    });
    const empty = await rest(stack, '/tags', {
      method: 'POST',
      apikey: stack.serviceRoleKey,
      body: '',
    });
    expect(empty.json).toMatchObject({ code: 'PGRST102', message: 'Empty or invalid json' });
  });

  it('refuses writes to another schema with PGRST106 and unknown preferences under handling=strict with PGRST122', async () => {
    const profile = await rest(stack, '/tags', {
      method: 'POST',
      apikey: stack.serviceRoleKey,
      headers: { 'content-profile': 'storage' },
      body: '{"id": 300, "label": "x"}',
    });
    expect(profile.status).toBe(406);
    expect(profile.json).toMatchObject({ code: 'PGRST106' });
    const strict = await get('/books', { prefer: 'handling=strict, count=sometimes' });
    expect(strict.status).toBe(400);
    expect(strict.json).toEqual({
      code: 'PGRST122',
      details: 'Invalid preferences: count=sometimes',
      hint: null,
      message: 'Invalid preferences given with handling=strict',
    });
    expect((await get('/books?select=id&limit=1', { prefer: 'count=sometimes' })).status).toBe(200);
  });

  it('answers a body over the size limit with 413, before buffering it all', async () => {
    const response = await rest(stack, '/tags', {
      method: 'POST',
      apikey: stack.serviceRoleKey,
      body: `[${'{"id":1,"label":"x"},'.repeat(600_000)}{"id":1,"label":"x"}]`,
    });
    expect(response.status).toBe(413);
    expect(response.json).toMatchObject({ code: 'PGRST102' });
  });
});

describe('schema cache', () => {
  async function waitForStatus(path: string, status: number): Promise<void> {
    for (let attempt = 0; attempt < 100; attempt++) {
      if ((await get(path)).status === status) return;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error(`${path} never answered ${status}`);
  }

  it("keeps its picture of a table through DDL that fires no event trigger, until NOTIFY pgrst, 'reload schema'", async () => {
    // Event triggers do not fire in replica mode: this is a server without Supabase's pgrst_ddl_watch.
    await stack.db.exec(
      `set session_replication_role = replica; alter table public.publishers add column city text default 'Paris'; reset session_replication_role`,
    );
    expect((await get('/publishers?select=city')).status).toBe(400);
    await stack.db.exec(`notify pgrst, 'reload schema'`);
    await waitForStatus('/publishers?select=city&id=eq.1', 200);
    expect((await get('/publishers?select=city&id=eq.1')).json).toEqual([{ city: 'Paris' }]);
  });

  it('sees a migration that only adds a column without being told, as the event trigger of Supabase makes it', async () => {
    await stack.db.exec(`alter table public.publishers add column country text default 'FR'`);
    await waitForStatus('/publishers?select=country&id=eq.1', 200);
    expect((await get('/publishers?select=country&id=eq.1')).json).toEqual([{ country: 'FR' }]);
  });

  it('reloads on demand when a request names a table it does not know yet', async () => {
    await stack.db.exec(
      `create table public.late_arrival (id int primary key); insert into public.late_arrival values (7)`,
    );
    await waitForStatus('/late_arrival', 200);
    expect((await get('/late_arrival')).json).toEqual([{ id: 7 }]);
  });
});
