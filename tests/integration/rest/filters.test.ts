import type { SupabaseClient } from '@supabase/supabase-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningStack } from '../../../src/local-supabase/stack.js';
import { clientFor, startTestStack } from '../../support/stack.js';
import { REST_FIXTURE_SQL, rest } from './fixture.js';

let stack: RunningStack;
let db: SupabaseClient;

beforeAll(async () => {
  stack = await startTestStack({ migrations: false, fixtureSql: REST_FIXTURE_SQL });
  db = clientFor(stack, stack.serviceRoleKey);
}, 60_000);
afterAll(async () => {
  await stack?.close();
});

/** The ids a filtered query returns, in id order. */
async function ids(
  query: PromiseLike<{ data: { id: number }[] | null; error: unknown }>,
): Promise<number[]> {
  const { data, error } = await query;
  expect(error).toBeNull();
  return (data ?? []).map((row) => row.id).sort((a, b) => a - b);
}

const books = () => db.from('books').select('id');

describe('filter operators (supabase-js)', () => {
  it('compares with eq, neq, gt, gte, lt, lte', async () => {
    expect(await ids(books().eq('title', 'Solaris'))).toEqual([3]);
    expect(await ids(books().neq('author_id', 1))).toEqual([3, 4, 5]);
    expect(await ids(books().gt('pages', 300))).toEqual([1, 2]);
    expect(await ids(books().gte('pages', 304))).toEqual([1, 2]);
    expect(await ids(books().lt('pages', 264))).toEqual([3]);
    expect(await ids(books().lte('pages', 264))).toEqual([3, 5]);
  });

  it('matches patterns with like, ilike, match and imatch', async () => {
    expect(await ids(books().like('title', '%The%'))).toEqual([1, 2, 4]);
    expect(await ids(books().ilike('title', '%the %'))).toEqual([1, 2, 4]);
    expect(await ids(books().filter('title', 'match', '^The [CD]'))).toEqual([2, 4]);
    expect(await ids(books().filter('title', 'imatch', '^the [cd]'))).toEqual([2, 4]);
  });

  it('reads * as % in like patterns sent raw, as PostgREST does', async () => {
    const { json } = await rest(stack, '/books?select=id&title=like.*Hand*', {
      apikey: stack.anonKey,
    });
    expect(json).toEqual([{ id: 1 }]);
  });

  it('applies like/ilike/eq with the any and all quantifiers', async () => {
    expect(await ids(books().likeAnyOf('title', ['%Hand%', 'Sol%']))).toEqual([1, 3]);
    expect(await ids(books().likeAllOf('title', ['The%', '%Dark%']))).toEqual([1]);
    expect(await ids(books().ilikeAnyOf('title', ['kindred', '%cyber%']))).toEqual([4, 5]);
    expect(await ids(books().filter('id', 'eq(any)', '{2,4}'))).toEqual([2, 4]);
    expect(await ids(books().filter('pages', 'gt(all)', '{200,300}'))).toEqual([1, 2]);
  });

  it('selects from lists with in, including quoted values with commas', async () => {
    expect(await ids(books().in('id', [1, 3]))).toEqual([1, 3]);
    expect(await ids(books().in('title', ['Solaris', 'Kindred']))).toEqual([3, 5]);
    expect(await ids(books().notIn('id', [1, 2, 3]))).toEqual([4, 5]);
    await db.from('tags').insert({ id: 50, label: 'a,b' });
    const { data } = await db.from('tags').select('id').in('label', ['a,b', 'x']);
    expect(data).toEqual([{ id: 50 }]);
    await db.from('tags').delete().eq('id', 50);
  });

  it('treats an empty in list as matching nothing', async () => {
    const { json } = await rest(stack, '/books?select=id&id=in.()', {
      apikey: stack.serviceRoleKey,
    });
    expect(json).toEqual([]);
  });

  it('tests null, true and false with is, and distinctness with isdistinct', async () => {
    expect(await ids(books().is('pages', null))).toEqual([4]);
    expect(await ids(books().not('pages', 'is', null))).toEqual([1, 2, 3, 5]);
    expect(await ids(books().filter('editor_id', 'isdistinct', '1'))).toEqual([1, 2, 4]);
    const { json } = await rest(stack, '/notes?select=body&shared=is.true&order=body', {
      apikey: stack.serviceRoleKey,
    });
    expect(json).toEqual([{ body: 'alice two' }]);
  });

  it('searches text with fts, plfts, phfts and wfts, on tsvector and plain text columns', async () => {
    expect(await ids(books().textSearch('search', 'darkness'))).toEqual([1]);
    expect(
      await ids(books().textSearch('search', 'left hand', { type: 'plain', config: 'english' })),
    ).toEqual([1]);
    expect(await ids(books().textSearch('search', 'left hand', { type: 'phrase' }))).toEqual([1]);
    expect(
      await ids(
        books().textSearch('search', '"the dispossessed" or kindred', { type: 'websearch' }),
      ),
    ).toEqual([2, 5]);
    expect(await ids(books().textSearch('title', 'solaris', { config: 'english' }))).toEqual([3]);
  });

  it('compares arrays and JSON with cs, cd and ov', async () => {
    expect(await ids(books().contains('tags', ['scifi', 'classic']))).toEqual([1]);
    expect(await ids(books().contains('meta', { isbn: 'A1' }))).toEqual([1]);
    expect(await ids(books().containedBy('tags', ['scifi', 'utopia', 'classic']))).toEqual([
      1, 2, 3, 5,
    ]);
    expect(await ids(books().overlaps('tags', ['humor', 'utopia']))).toEqual([2, 4]);
  });

  it('compares ranges with sl, sr, nxl, nxr and adj', async () => {
    expect(await ids(books().rangeLt('period', '[2000,2001)'))).toEqual([1, 2, 3, 5]);
    expect(await ids(books().rangeGt('period', '[1900,1910)'))).toEqual([1, 2, 3, 5]);
    expect(await ids(books().rangeGte('period', '[1970,1971)'))).toEqual([2, 5]);
    expect(await ids(books().rangeLte('period', '[1970,1971)'))).toEqual([1, 3]);
    expect(await ids(books().rangeAdjacent('period', '[1970,1974)'))).toEqual([1, 2]);
    expect(await ids(books().overlaps('period', '[1974,1980)'))).toEqual([2, 5]);
  });

  it('negates any operator with not', async () => {
    expect(await ids(books().not('title', 'eq', 'Solaris'))).toEqual([1, 2, 4, 5]);
    expect(await ids(books().not('tags', 'cs', '{scifi}'))).toEqual([4, 5]);
  });

  it('combines conditions with or, nested and, and not.or', async () => {
    expect(await ids(books().or('id.eq.1,title.eq.Kindred'))).toEqual([1, 5]);
    expect(await ids(books().or('id.eq.4,and(pages.gt.300,price.lt.10)'))).toEqual([1, 4]);
    expect(await ids(books().or('title.eq."The Cyberiad",tags.cs.{utopia}'))).toEqual([2, 4]);
    expect(await ids(books().or('id.not.in.(1,2,3)'))).toEqual([4, 5]);
    const { json } = await rest(stack, '/books?select=id&not.or=(id.eq.1,id.eq.2)&order=id', {
      apikey: stack.anonKey,
    });
    expect(json).toEqual([{ id: 3 }, { id: 4 }, { id: 5 }]);
  });

  it('filters on JSON paths with -> and ->>', async () => {
    expect(await ids(books().eq('meta->>isbn', 'A2'))).toEqual([2]);
    expect(await ids(books().eq('meta->ratings->0', 5))).toEqual([1]);
    const { data } = await db.from('authors').select('id').eq('bio->>country', 'PL');
    expect(data).toEqual([{ id: 2 }]);
  });

  it('applies match() as one eq per key', async () => {
    expect(await ids(books().match({ author_id: 1, publisher_id: 2 }))).toEqual([2]);
  });
});
