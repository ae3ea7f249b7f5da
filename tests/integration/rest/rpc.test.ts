import type { SupabaseClient } from '@supabase/supabase-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningStack } from '../../../src/local-supabase/stack.js';
import { clientFor, startTestStack } from '../../support/stack.js';
import { ALICE, REST_FIXTURE_SQL, rest, userToken } from './fixture.js';

let stack: RunningStack;
let db: SupabaseClient;

beforeAll(async () => {
  stack = await startTestStack({ migrations: false, fixtureSql: REST_FIXTURE_SQL });
  db = clientFor(stack, stack.serviceRoleKey);
}, 60_000);
afterAll(async () => {
  await stack?.close();
});

describe('calling functions', () => {
  it('calls with named arguments by POST and returns a scalar', async () => {
    const { data, status } = await db.rpc('add', { a: 2, b: 3 });
    expect(status).toBe(200);
    expect(data).toBe(5);
  });

  it('calls by GET with query-string arguments, defaults filling the rest', async () => {
    expect((await db.rpc('greet', { name: 'Ada' }, { get: true })).data).toBe('hello Ada');
    expect((await db.rpc('greet', {}, { get: true })).data).toBe('hello world');
    const raw = await rest(stack, '/rpc/add?a=40&b=2', { apikey: stack.anonKey });
    expect(raw.json).toBe(42);
  });

  it('reads a set of rows like a table: select, filter, order, limit, embed', async () => {
    const { data } = await db
      .rpc('books_by', { author: 2 })
      .select('title, publisher:publishers(name)')
      .neq('id', 99)
      .order('title', { ascending: false })
      .limit(1);
    expect(data).toEqual([{ title: 'The Cyberiad', publisher: null }]);
  });

  it('returns one row as an object, a set of scalars as an array, OUT parameters as an object', async () => {
    expect((await db.rpc('first_book').select('id')).data).toEqual({ id: 1 });
    expect((await db.rpc('tag_labels')).data).toEqual(['favourite', 'library', 'unread']);
    expect((await db.rpc('book_stats')).data).toEqual({ total: 5, max_pages: 387 });
  });

  it('answers 204 for a void function', async () => {
    const response = await db.rpc('noop');
    expect(response).toMatchObject({ status: 204, data: null, error: null });
  });

  it('passes the whole body to a function with one unnamed jsonb parameter', async () => {
    const response = await rest(stack, '/rpc/echo', {
      method: 'POST',
      apikey: stack.anonKey,
      body: '{"any": ["thing", 1]}',
    });
    expect(response.json).toEqual({ any: ['thing', 1] });
  });

  it('answers HEAD with only the count', async () => {
    const response = await db.rpc('tag_labels', {}, { head: true, count: 'exact' });
    expect(response).toMatchObject({ status: 200, count: 3, data: null, error: null });
  });

  it('counts a set result with count=exact', async () => {
    const { count, data } = await db
      .rpc('books_by', { author: 1 }, { count: 'exact' })
      .select('id')
      .limit(1);
    expect(count).toBe(2);
    expect(data).toEqual([{ id: 1 }]);
  });

  it('runs a volatile function by POST, and refuses its writes by GET (read-only, 405 25006)', async () => {
    const renamed = await db
      .rpc('rename_author', { author: 3, new_name: 'O. E. Butler' })
      .select('name');
    expect(renamed.data).toEqual({ name: 'O. E. Butler' });
    const read = await db.rpc('add_tag', { tag_id: 77, label: 'via get' }, { get: true });
    expect(read.status).toBe(405);
    expect(read.error?.code).toBe('25006');
    const { data } = await db.from('tags').select('id').eq('id', 77);
    expect(data).toEqual([]);
  });

  it('runs the function as the caller, so row-level security applies inside it', async () => {
    const alice = await rest(stack, '/rpc/my_note_count', {
      method: 'POST',
      apikey: stack.anonKey,
      token: await userToken(stack, ALICE),
      body: '{}',
    });
    expect(alice.json).toBe(2);
    const anon = await clientFor(stack, stack.anonKey).rpc('my_note_count');
    expect(anon.data).toBe(1);
  });

  it("runs functions with config.toml's extra_search_path, so extensions resolve unqualified", async () => {
    const { data, error } = await db.rpc('hash_check', { secret: 'pw' });
    expect(error).toBeNull();
    expect(data).toBe(true);
  });

  it('lets a function set the status and headers through response.status and response.headers', async () => {
    const response = await rest(stack, '/rpc/set_status', {
      method: 'POST',
      apikey: stack.anonKey,
      body: '{}',
    });
    expect(response.status).toBe(202);
    expect(response.headers.get('x-custom')).toBe('yes');
    expect(response.json).toBe(1);
  });
});

describe('function errors', () => {
  it('answers an unknown function with 404 PGRST202 and a suggestion', async () => {
    const { error, status } = await db.rpc('gret', { name: 'x' });
    expect(status).toBe(404);
    expect(error).toEqual({
      code: 'PGRST202',
      details:
        'Searched for the function public.gret with parameter name or with a single unnamed json/jsonb parameter, but no matches were found in the schema cache.',
      hint: 'Perhaps you meant to call the function public.greet',
      message: 'Could not find the function public.gret(name) in the schema cache',
    });
  });

  it('answers arguments that match no overload with PGRST202', async () => {
    const { error } = await db.rpc('add', { a: 1 });
    expect(error?.code).toBe('PGRST202');
    expect(error?.message).toBe('Could not find the function public.add(a) in the schema cache');
    expect(error?.hint).toBe('Perhaps you meant to call the function public.add(a, b)');
  });

  it('answers a RAISE with 400 P0001 and its detail', async () => {
    const { error, status } = await db.rpc('fail_plain');
    expect(status).toBe(400);
    expect(error).toEqual({ code: 'P0001', details: 'plain failure', hint: null, message: 'nope' });
  });

  it("answers RAISE SQLSTATE 'PGRST' with the status, body and headers the function chose", async () => {
    const response = await rest(stack, '/rpc/fail_custom', {
      method: 'POST',
      apikey: stack.anonKey,
      body: '{}',
    });
    expect(response.status).toBe(418);
    expect(response.headers.get('x-reason')).toBe('teapot');
    expect(response.json).toEqual({
      code: 'TG001',
      details: null,
      hint: 'try again',
      message: 'custom failure',
    });
  });

  it('answers a wrongly typed argument with 400 22P02', async () => {
    const { error, status } = await db.rpc('add', { a: 'one', b: 2 });
    expect(status).toBe(400);
    expect(error?.code).toBe('22P02');
  });

  it('refuses PATCH on a function with 405 PGRST101', async () => {
    const response = await rest(stack, '/rpc/add', {
      method: 'PATCH',
      apikey: stack.anonKey,
      body: '{}',
    });
    expect(response.status).toBe(405);
    expect(response.json).toMatchObject({
      code: 'PGRST101',
      message: 'Cannot use the PATCH method on RPC',
    });
  });
});
