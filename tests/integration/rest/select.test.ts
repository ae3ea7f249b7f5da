import type { SupabaseClient } from '@supabase/supabase-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningStack } from '../../../src/local-supabase/stack.js';
import { clientFor, startTestStack } from '../../support/stack.js';
import { REST_FIXTURE_SQL, rest } from './fixture.js';

let stack: RunningStack;
let db: SupabaseClient;

beforeAll(async () => {
  stack = await startTestStack({ migrations: false, fixtureSql: REST_FIXTURE_SQL });
  db = clientFor(stack, stack.anonKey);
}, 60_000);
afterAll(async () => {
  await stack?.close();
});

describe('select shapes', () => {
  it('renames columns with aliases and converts them with casts', async () => {
    const { data, error } = await db
      .from('books')
      .select('name:title, pages::text, cost:price::text')
      .eq('id', 1);
    expect(error).toBeNull();
    expect(data).toEqual([{ name: 'The Left Hand of Darkness', pages: '304', cost: '9.99' }]);
  });

  it('reads JSON paths, naming each by its last key unless aliased', async () => {
    const { data } = await db
      .from('books')
      .select('meta->isbn, code:meta->>isbn, meta->ratings->0, tags->1')
      .eq('id', 1);
    expect(data).toEqual([{ isbn: 'A1', code: 'A1', ratings: 5, tags: 'classic' }]);
  });

  it('returns every column for select=* and for an empty select', async () => {
    const star = await rest(stack, '/publishers?select=*&order=id', { apikey: stack.anonKey });
    const empty = await rest(stack, '/publishers?select=&order=id', { apikey: stack.anonKey });
    expect(star.json).toEqual([
      { id: 1, name: 'Ace' },
      { id: 2, name: 'Harcourt' },
    ]);
    expect(empty.json).toEqual(star.json);
  });

  it('reads computed fields (functions of the row) like columns, but not in *', async () => {
    const { data } = await db
      .from('books')
      .select('title, words:title_words')
      .gte('title_words', 2)
      .order('title_words', { ascending: false })
      .order('id');
    expect(data).toEqual([
      { title: 'The Left Hand of Darkness', words: 5 },
      { title: 'The Dispossessed', words: 2 },
      { title: 'The Cyberiad', words: 2 },
    ]);
    const star = await db.from('books').select('*').eq('id', 1).single();
    expect(star.data).not.toHaveProperty('title_words');
  });

  it('reads views like tables', async () => {
    const { data } = await db.from('book_titles').select('title').eq('author_id', 3);
    expect(data).toEqual([{ title: 'Kindred' }]);
  });

  it('counts and sums with aggregate functions, grouped by the other columns', async () => {
    const { data } = await db
      .from('books')
      .select('author_id, count(), total:pages.sum()')
      .order('author_id');
    expect(data).toEqual([
      { author_id: 1, count: 2, total: 691 },
      { author_id: 2, count: 2, total: 204 },
      { author_id: 3, count: 1, total: 264 },
    ]);
  });
});

describe('order', () => {
  const order = async (path: string) =>
    ((await rest(stack, path, { apikey: stack.anonKey })).json as { id: number }[]).map(
      (row) => row.id,
    );

  it('orders descending with nulls last or first on request', async () => {
    const { data } = await db
      .from('books')
      .select('id')
      .order('pages', { ascending: false, nullsFirst: false });
    expect(data?.map((row) => row.id)).toEqual([2, 1, 5, 3, 4]);
    expect(await order('/books?select=id&order=pages.asc.nullsfirst')).toEqual([4, 3, 5, 1, 2]);
  });

  it("keeps PostgreSQL's default null placement when none is asked", async () => {
    expect(await order('/books?select=id&order=pages.asc')).toEqual([3, 5, 1, 2, 4]);
    expect(await order('/books?select=id&order=pages.desc')).toEqual([4, 2, 1, 5, 3]);
  });

  it('orders by several columns and by JSON paths', async () => {
    expect(await order('/books?select=id&order=author_id.desc,pages.asc')).toEqual([5, 3, 4, 1, 2]);
    expect(await order('/books?select=id&order=meta->>isbn.desc.nullslast&id=in.(1,2,4)')).toEqual([
      4, 2, 1,
    ]);
  });
});

describe('ranges and counts', () => {
  it('pages with limit and offset (range())', async () => {
    const { data } = await db.from('books').select('id').order('id').range(1, 2);
    expect(data).toEqual([{ id: 2 }, { id: 3 }]);
  });

  it('answers 206 with Content-Range when a counted page is partial, 200 when complete', async () => {
    const partial = await rest(stack, '/books?select=id&order=id&limit=2', {
      apikey: stack.anonKey,
      headers: { prefer: 'count=exact' },
    });
    expect(partial.status).toBe(206);
    expect(partial.headers.get('content-range')).toBe('0-1/5');
    expect(partial.headers.get('preference-applied')).toBe('count=exact');
    const whole = await rest(stack, '/books?select=id', {
      apikey: stack.anonKey,
      headers: { prefer: 'count=exact' },
    });
    expect(whole.status).toBe(200);
    expect(whole.headers.get('content-range')).toBe('0-4/5');
    const uncounted = await rest(stack, '/books?select=id&offset=3', { apikey: stack.anonKey });
    expect(uncounted.status).toBe(200);
    expect(uncounted.headers.get('content-range')).toBe('3-4/*');
  });

  it('honours the Range header on GET, intersected with limit', async () => {
    const response = await rest(stack, '/books?select=id&order=id', {
      apikey: stack.anonKey,
      headers: { range: '1-3', 'range-unit': 'items' },
    });
    expect(response.json).toEqual([{ id: 2 }, { id: 3 }, { id: 4 }]);
    expect(response.headers.get('content-range')).toBe('1-3/*');
  });

  it('refuses an offset past the counted rows with 416 PGRST103', async () => {
    const response = await rest(stack, '/books?select=id&offset=9', {
      apikey: stack.anonKey,
      headers: { prefer: 'count=exact' },
    });
    expect(response.status).toBe(416);
    expect(response.json).toEqual({
      code: 'PGRST103',
      details: 'An offset of 9 was requested, but there are only 5 rows.',
      hint: null,
      message: 'Requested range not satisfiable',
    });
  });

  it('refuses a negative limit and an inverted Range header', async () => {
    const negative = await rest(stack, '/books?limit=-1', { apikey: stack.anonKey });
    expect(negative.status).toBe(416);
    expect((negative.json as { details: string }).details).toBe(
      'Limit should be greater than or equal to zero.',
    );
    const inverted = await rest(stack, '/books', {
      apikey: stack.anonKey,
      headers: { range: '5-2' },
    });
    expect(inverted.status).toBe(416);
  });

  it("caps every read at config.toml's max_rows (1000) and says so in Content-Range", async () => {
    const response = await rest(stack, '/many_rows?select=id', {
      apikey: stack.anonKey,
      headers: { prefer: 'count=exact' },
    });
    expect(response.status).toBe(206);
    expect(response.json).toHaveLength(1000);
    expect(response.headers.get('content-range')).toBe('0-999/1005');
    const limited = await rest(stack, '/many_rows?select=id&limit=2000&offset=1000', {
      apikey: stack.anonKey,
    });
    expect(limited.json).toHaveLength(5);
  });

  it('returns no rows for limit=0 yet still counts', async () => {
    const response = await rest(stack, '/books?limit=0', {
      apikey: stack.anonKey,
      headers: { prefer: 'count=exact' },
    });
    expect(response.json).toEqual([]);
    expect(response.headers.get('content-range')).toBe('*/5');
  });

  it('counts exactly with head: true, honouring filters, without a body', async () => {
    const all = await db.from('books').select('*', { count: 'exact', head: true });
    expect(all).toMatchObject({ count: 5, data: null, error: null, status: 200 });
    const some = await db
      .from('books')
      .select('id', { count: 'exact', head: true })
      .eq('author_id', 2);
    expect(some.count).toBe(2);
  });

  it('gives planned and estimated counts as numbers', async () => {
    const planned = await db.from('books').select('id', { count: 'planned', head: true });
    expect(typeof planned.count).toBe('number');
    const estimated = await db.from('books').select('id', { count: 'estimated' }).limit(1);
    expect(estimated.count).toBe(5);
    expect(estimated.data).toHaveLength(1);
  });
});

describe('single objects and other media types', () => {
  it('returns one object for single() and PGRST116 with 406 otherwise', async () => {
    const one = await db.from('books').select('title').eq('id', 3).single();
    expect(one.data).toEqual({ title: 'Solaris' });
    const many = await db.from('books').select('id').single();
    expect(many.status).toBe(406);
    expect(many.error).toEqual({
      code: 'PGRST116',
      details: 'The result contains 5 rows',
      hint: null,
      message: 'Cannot coerce the result to a single JSON object',
    });
    const none = await db.from('books').select('id').eq('id', 99).single();
    expect(none.error?.details).toBe('The result contains 0 rows');
  });

  it('gives null for maybeSingle() with no row, and PGRST116 for several', async () => {
    const none = await db.from('books').select('id').eq('id', 99).maybeSingle();
    expect(none).toMatchObject({ data: null, error: null, status: 200 });
    const several = await db.from('books').select('id').lt('id', 3).maybeSingle();
    expect(several.error?.code).toBe('PGRST116');
  });

  it('answers text/csv with a header line', async () => {
    const { data } = await db.from('publishers').select('id,name').order('id').csv();
    expect(data).toBe('id,name\n1,Ace\n2,Harcourt');
  });

  it('strips null fields for nulls=stripped', async () => {
    const response = await rest(stack, '/books?select=id,pages,price&id=eq.4', {
      apikey: stack.anonKey,
      headers: { accept: 'application/vnd.pgrst.array+json;nulls=stripped' },
    });
    expect(response.json).toEqual([{ id: 4, price: 8.0 }]);
  });

  it('refuses a media type it cannot produce with 406 PGRST107', async () => {
    const response = await rest(stack, '/books', {
      apikey: stack.anonKey,
      headers: { accept: 'application/xml' },
    });
    expect(response.status).toBe(406);
    expect(response.json).toMatchObject({
      code: 'PGRST107',
      message: 'None of these media types are available: application/xml',
    });
  });

  it('accepts the public profile and echoes it, and refuses other schemas with PGRST106', async () => {
    const ok = await rest(stack, '/publishers?select=id&id=eq.1', {
      apikey: stack.anonKey,
      headers: { 'accept-profile': 'public' },
    });
    expect(ok.status).toBe(200);
    expect(ok.headers.get('content-profile')).toBe('public');
    const other = await db.schema('auth').from('users').select();
    expect(other.status).toBe(406);
    expect(other.error).toEqual({
      code: 'PGRST106',
      details: null,
      hint: 'Only the following schemas are exposed: public, graphql_public',
      message: 'Invalid schema: auth',
    });
  });
});
