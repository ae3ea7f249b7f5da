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

describe('embedding through foreign keys', () => {
  it('embeds a many-to-one as an object, disambiguated by column or constraint hints', async () => {
    const { data, error } = await db
      .from('books')
      .select(
        'title, author:authors!author_id(name), editor:authors!books_editor_id_fkey(name), publishers(name)',
      )
      .in('id', [1, 4])
      .order('id');
    expect(error).toBeNull();
    expect(data).toEqual([
      {
        title: 'The Left Hand of Darkness',
        author: { name: 'Ursula Le Guin' },
        editor: { name: 'Stanislaw Lem' },
        publishers: { name: 'Ace' },
      },
      { title: 'The Cyberiad', author: { name: 'Stanislaw Lem' }, editor: null, publishers: null },
    ]);
  });

  it('refuses an ambiguous embed with 300 PGRST201 listing the candidates', async () => {
    const { error, status } = await db.from('books').select('title, authors(name)');
    expect(status).toBe(300);
    expect(error?.code).toBe('PGRST201');
    expect(error?.message).toBe(
      "Could not embed because more than one relationship was found for 'books' and 'authors'",
    );
    expect(error?.details).toEqual([
      {
        cardinality: 'many-to-one',
        embedding: 'books with authors',
        relationship: 'books_author_id_fkey using books(author_id) and authors(id)',
      },
      {
        cardinality: 'many-to-one',
        embedding: 'books with authors',
        relationship: 'books_editor_id_fkey using books(editor_id) and authors(id)',
      },
    ]);
    expect(error?.hint).toContain("'authors!books_author_id_fkey'");
  });

  it('embeds a one-to-many as an array, empty when nothing matches', async () => {
    const { data } = await db.from('authors').select('name, books!author_id(title)').order('id');
    expect(data).toEqual([
      {
        name: 'Ursula Le Guin',
        books: [{ title: 'The Left Hand of Darkness' }, { title: 'The Dispossessed' }],
      },
      { name: 'Stanislaw Lem', books: [{ title: 'Solaris' }, { title: 'The Cyberiad' }] },
      { name: 'Octavia Butler', books: [{ title: 'Kindred' }] },
    ]);
    const { data: edited } = await db
      .from('authors')
      .select('name, edited:books!editor_id(title)')
      .eq('id', 3);
    expect(edited).toEqual([{ name: 'Octavia Butler', edited: [] }]);
  });

  it('embeds a many-to-many through the junction table', async () => {
    const { data } = await db.from('books').select('id, tags(label)').in('id', [1, 4]).order('id');
    expect(data).toEqual([
      { id: 1, tags: [{ label: 'favourite' }, { label: 'library' }] },
      { id: 4, tags: [] },
    ]);
    const { data: back } = await db.from('tags').select('label, books(id)').eq('id', 2);
    expect(back).toEqual([{ label: 'library', books: [{ id: 1 }, { id: 2 }] }]);
  });

  it('embeds a one-to-one as an object in both directions', async () => {
    const { data } = await db
      .from('books')
      .select('id, covers(color)')
      .in('id', [1, 2])
      .order('id');
    expect(data).toEqual([
      { id: 1, covers: { color: 'black' } },
      { id: 2, covers: null },
    ]);
    const { data: back } = await db.from('covers').select('color, books(title)').eq('book_id', 3);
    expect(back).toEqual([{ color: 'blue', books: { title: 'Solaris' } }]);
  });

  it('nests embeds', async () => {
    const { data } = await db
      .from('authors')
      .select('name, books!author_id(title, tags(label))')
      .eq('id', 2);
    expect(data).toEqual([
      {
        name: 'Stanislaw Lem',
        books: [
          { title: 'Solaris', tags: [{ label: 'unread' }] },
          { title: 'The Cyberiad', tags: [] },
        ],
      },
    ]);
  });

  it('filters only the embedded rows without !inner, and the parents with it', async () => {
    const loose = await db
      .from('authors')
      .select('id, books!author_id(title)')
      .eq('books.title', 'Solaris')
      .order('id');
    expect(loose.data?.map((row) => row.books)).toEqual([[], [{ title: 'Solaris' }], []]);
    const inner = await db
      .from('authors')
      .select('id, books!author_id!inner(title)')
      .eq('books.title', 'Solaris');
    expect(inner.data).toEqual([{ id: 2, books: [{ title: 'Solaris' }] }]);
  });

  it('counts only parents kept by an !inner embed', async () => {
    const { count } = await db
      .from('books')
      .select('id, publishers!inner(name)', { count: 'exact', head: true })
      .eq('publishers.name', 'Harcourt');
    expect(count).toBe(2);
  });

  it('filters by an embed without showing it when the embed selects nothing', async () => {
    const { data } = await db
      .from('books')
      .select('id, publishers!inner()')
      .eq('publishers.name', 'Ace')
      .order('id');
    expect(data).toEqual([{ id: 1 }, { id: 5 }]);
  });

  it('keeps parents whose embed is empty, or not, with embed=is.null / not.is.null', async () => {
    const missing = await db
      .from('books')
      .select('id, covers(color)')
      .is('covers', null)
      .order('id');
    expect(missing.data?.map((row) => row.id)).toEqual([2, 4, 5]);
    const present = await db
      .from('books')
      .select('id, covers(color)')
      .not('covers', 'is', null)
      .order('id');
    expect(present.data?.map((row) => row.id)).toEqual([1, 3]);
  });

  it('orders and limits embedded rows with referencedTable modifiers', async () => {
    const { data } = await db
      .from('authors')
      .select('id, books!author_id(title)')
      .order('title', { referencedTable: 'books', ascending: false })
      .limit(1, { referencedTable: 'books' })
      .order('id');
    expect(data).toEqual([
      { id: 1, books: [{ title: 'The Left Hand of Darkness' }] },
      { id: 2, books: [{ title: 'The Cyberiad' }] },
      { id: 3, books: [{ title: 'Kindred' }] },
    ]);
  });

  it('combines or filters inside an embed', async () => {
    const { data } = await db
      .from('authors')
      .select('id, books!author_id(id)')
      .or('id.eq.2,id.eq.5', { referencedTable: 'books' })
      .order('id');
    expect(data?.map((row) => row.books)).toEqual([[{ id: 2 }], [], [{ id: 5 }]]);
  });

  it('orders parents by a to-one embed, and refuses a to-many one with PGRST118', async () => {
    const ordered = await rest(
      stack,
      '/books?select=id,publishers(name)&publisher_id=not.is.null&order=publishers(name).desc,id',
      {
        apikey: stack.anonKey,
      },
    );
    expect((ordered.json as { id: number }[]).map((row) => row.id)).toEqual([2, 3, 1, 5]);
    const refused = await rest(
      stack,
      '/authors?select=id,books!author_id(title)&order=books(title)',
      { apikey: stack.anonKey },
    );
    expect(refused.status).toBe(400);
    expect(refused.json).toEqual({
      code: 'PGRST118',
      details: "'authors' and 'books' do not form a many-to-one or one-to-one relationship",
      hint: null,
      message: "A related order on 'books' is not possible",
    });
  });

  it('spreads a to-one embed into the parent object', async () => {
    const { data } = await db
      .from('books')
      .select('title, ...publishers(publisher:name)')
      .eq('id', 2);
    expect(data).toEqual([{ title: 'The Dispossessed', publisher: 'Harcourt' }]);
  });

  it('spreads a to-many embed into arrays per column', async () => {
    const { data } = await db
      .from('authors')
      .select('name, ...books!author_id(titles:title)')
      .eq('id', 1);
    expect(data).toEqual([
      { name: 'Ursula Le Guin', titles: ['The Left Hand of Darkness', 'The Dispossessed'] },
    ]);
  });

  it("embeds through a view using its base table's foreign keys, in both directions", async () => {
    const { data, error } = await db.from('book_titles').select('title, authors(name)').eq('id', 3);
    expect(error).toBeNull();
    expect(data).toEqual([{ title: 'Solaris', authors: { name: 'Stanislaw Lem' } }]);
    const { data: back } = await db.from('authors').select('name, book_titles(title)').eq('id', 3);
    expect(back).toEqual([{ name: 'Octavia Butler', book_titles: [{ title: 'Kindred' }] }]);
  });

  it('answers PGRST200 for a relationship that does not exist', async () => {
    const { error, status } = await db.from('publishers').select('name, tags(label)');
    expect(status).toBe(400);
    expect(error).toEqual({
      code: 'PGRST200',
      details:
        "Searched for a foreign key relationship between 'publishers' and 'tags' in the schema 'public', but no matches were found.",
      hint: null,
      message: "Could not find a relationship between 'publishers' and 'tags' in the schema cache",
    });
  });

  it('finds an aliased embed for filters by its alias, and by its table name as PostgREST still allows', async () => {
    const byAlias = await db
      .from('authors')
      .select('id, written:books!author_id!inner(title)')
      .eq('written.title', 'Kindred');
    const byName = await db
      .from('authors')
      .select('id, written:books!author_id!inner(title)')
      .eq('books.title', 'Kindred');
    expect(byAlias.data).toEqual([{ id: 3, written: [{ title: 'Kindred' }] }]);
    expect(byName.data).toEqual(byAlias.data);
  });

  it('refuses the same embed twice under one name with 42712, and allows it under two aliases', async () => {
    const twice = await db.from('books').select('tags(id), tags(label)');
    expect(twice.status).toBe(400);
    expect(twice.error).toMatchObject({
      code: '42712',
      message: 'table name "books_tags_1" specified more than once',
    });
    const aliased = await db.from('books').select('ids:tags(id), labels:tags(label)').eq('id', 2);
    expect(aliased.data).toEqual([{ ids: [{ id: 2 }], labels: [{ label: 'library' }] }]);
  });

  it('answers PGRST108 for a filter on a resource that is not embedded', async () => {
    const { error } = await db.from('books').select('id').eq('authors.name', 'x');
    expect(error).toEqual({
      code: 'PGRST108',
      details: null,
      hint: "Verify that 'authors' is included in the 'select' query parameter.",
      message: "'authors' is not an embedded resource in this request",
    });
  });

  it('names an unknown embedded column as PostgreSQL would, by its alias', async () => {
    const { error } = await db.from('authors').select('id, books!author_id(nope)');
    expect(error).toEqual({
      code: '42703',
      details: null,
      hint: null,
      message: 'column books_1.nope does not exist',
    });
  });
});
