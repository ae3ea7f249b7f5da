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

async function tagLabel(id: number): Promise<string | undefined> {
  const { data } = await db.from('tags').select('label').eq('id', id).maybeSingle();
  return (data as { label: string } | null)?.label;
}

describe('insert', () => {
  it('inserts with return=minimal: 201, no body, Content-Range */*', async () => {
    const response = await rest(stack, '/tags', {
      method: 'POST',
      apikey: stack.serviceRoleKey,
      body: '{"id": 100, "label": "minimal"}',
    });
    expect(response.status).toBe(201);
    expect(response.text).toBe('');
    expect(response.headers.get('content-range')).toBe('*/*');
    expect(await tagLabel(100)).toBe('minimal');
  });

  it('returns the inserted rows, with defaults applied, for return=representation', async () => {
    const { data, status } = await db
      .from('books')
      .insert({ title: 'Dawn', author_id: 3 })
      .select('title, status, tags, author:authors!author_id(name)')
      .single();
    expect(status).toBe(201);
    expect(data).toEqual({
      title: 'Dawn',
      status: 'draft',
      tags: [],
      author: { name: 'Octavia Butler' },
    });
  });

  it('returns only a Location header for return=headers-only', async () => {
    const response = await rest(stack, '/tags', {
      method: 'POST',
      apikey: stack.serviceRoleKey,
      headers: { prefer: 'return=headers-only' },
      body: '{"id": 101, "label": "located"}',
    });
    expect(response.status).toBe(201);
    expect(response.text).toBe('');
    expect(response.headers.get('location')).toBe('/tags?id=eq.101');
  });

  it('inserts arrays in bulk; columns= makes missing keys null, or defaults with missing=default', async () => {
    const nulls = await db
      .from('books')
      .insert([{ title: 'Bulk A', status: 'published' }, { title: 'Bulk B' }])
      .select('title, status');
    expect(nulls.error?.code).toBe('23502');
    const defaults = await db
      .from('books')
      .insert([{ title: 'Bulk A', status: 'published' }, { title: 'Bulk B' }], {
        defaultToNull: false,
      })
      .select('title, status');
    expect(defaults.data).toEqual([
      { title: 'Bulk A', status: 'published' },
      { title: 'Bulk B', status: 'draft' },
    ]);
  });

  it('counts inserted rows with count=exact', async () => {
    const { count, status } = await db.from('tags').insert(
      [
        { id: 102, label: 'c1' },
        { id: 103, label: 'c2' },
      ],
      { count: 'exact' },
    );
    expect(status).toBe(201);
    expect(count).toBe(2);
  });

  it('refuses a body whose objects have different keys without columns=', async () => {
    const response = await rest(stack, '/tags', {
      method: 'POST',
      apikey: stack.serviceRoleKey,
      body: '[{"id": 104}, {"label": "x"}]',
    });
    expect(response.status).toBe(400);
    expect(response.json).toEqual({
      code: 'PGRST102',
      details: null,
      hint: null,
      message: 'All object keys must match',
    });
  });
});

describe('upsert', () => {
  it('merges duplicates: 200 when every row updated, 201 when one is new', async () => {
    await db.from('tags').insert({ id: 110, label: 'before' });
    const updated = await db.from('tags').upsert({ id: 110, label: 'after' }).select();
    expect(updated.status).toBe(200);
    expect(updated.data).toEqual([{ id: 110, label: 'after' }]);
    const mixed = await db
      .from('tags')
      .upsert([
        { id: 110, label: 'again' },
        { id: 111, label: 'fresh' },
      ])
      .select();
    expect(mixed.status).toBe(201);
    expect(await tagLabel(110)).toBe('again');
    expect(await tagLabel(111)).toBe('fresh');
  });

  it('upserts on another unique column with onConflict', async () => {
    await db.from('tags').insert({ id: 112, label: 'unique-label' });
    const { data, error } = await db
      .from('tags')
      .upsert({ id: 112, label: 'unique-label' }, { onConflict: 'label' })
      .select();
    expect(error).toBeNull();
    expect(data).toEqual([{ id: 112, label: 'unique-label' }]);
  });

  it('leaves existing rows alone with ignoreDuplicates', async () => {
    await db.from('tags').insert({ id: 113, label: 'kept' });
    const { data, status } = await db
      .from('tags')
      .upsert({ id: 113, label: 'ignored' }, { ignoreDuplicates: true })
      .select();
    expect(status).toBe(201);
    expect(data).toEqual([]);
    expect(await tagLabel(113)).toBe('kept');
  });
});

describe('update and delete', () => {
  it('updates the filtered rows: 204 by default, the rows with representation, counted on request', async () => {
    await db.from('tags').insert([
      { id: 120, label: 'u1' },
      { id: 121, label: 'u2' },
    ]);
    const minimal = await rest(stack, '/tags?id=eq.120', {
      method: 'PATCH',
      apikey: stack.serviceRoleKey,
      body: '{"label": "u1b"}',
    });
    expect(minimal.status).toBe(204);
    expect(minimal.headers.get('content-range')).toBe('0-0/*');
    const { data, count, status } = await db
      .from('books')
      .update({ status: 'archived' }, { count: 'exact' })
      .in('id', [3, 4])
      .select('id, status')
      .order('id');
    expect(status).toBe(200);
    expect(count).toBe(2);
    expect(data).toEqual([
      { id: 3, status: 'archived' },
      { id: 4, status: 'archived' },
    ]);
  });

  it('answers an update matching nothing with 204, or [] for representation', async () => {
    const minimal = await db.from('tags').update({ label: 'x' }).eq('id', 9999);
    expect(minimal.status).toBe(204);
    const shown = await db.from('tags').update({ label: 'x' }).eq('id', 9999).select();
    expect(shown).toMatchObject({ status: 200, data: [] });
  });

  it('deletes the filtered rows and can return them', async () => {
    await db.from('tags').insert([
      { id: 130, label: 'd1' },
      { id: 131, label: 'd2' },
    ]);
    const { data, count } = await db
      .from('tags')
      .delete({ count: 'exact' })
      .gte('id', 130)
      .lte('id', 131)
      .select('id');
    expect(count).toBe(2);
    expect(data).toEqual([{ id: 130 }, { id: 131 }]);
    expect(await tagLabel(130)).toBeUndefined();
  });

  it('refuses update and delete without a filter, as pg-safeupdate does on Supabase', async () => {
    const update = await rest(stack, '/tags', {
      method: 'PATCH',
      apikey: stack.serviceRoleKey,
      body: '{"label": "all"}',
    });
    expect(update.status).toBe(400);
    expect(update.json).toMatchObject({ code: '21000', message: 'UPDATE requires a WHERE clause' });
    const remove = await db.from('tags').delete();
    expect(remove.error?.message).toBe('DELETE requires a WHERE clause');
  });

  it('rolls back an update when single() finds more than one row', async () => {
    const { error, status } = await db
      .from('books')
      .update({ status: 'single' })
      .in('id', [1, 2])
      .select()
      .single();
    expect(status).toBe(406);
    expect(error?.code).toBe('PGRST116');
    const { data } = await db.from('books').select('status').in('id', [1, 2]);
    expect(data).toEqual([{ status: 'published' }, { status: 'published' }]);
  });

  it('rolls back when more rows than max-affected change, with handling=strict', async () => {
    await db.from('tags').insert([
      { id: 150, label: 'm1' },
      { id: 151, label: 'm2' },
    ]);
    const response = await rest(stack, '/tags?id=in.(150,151)', {
      method: 'DELETE',
      apikey: stack.serviceRoleKey,
      headers: { prefer: 'handling=strict, max-affected=1' },
    });
    expect(response.status).toBe(400);
    expect(response.json).toMatchObject({ code: 'PGRST124', details: 'The query affects 2 rows' });
    expect(await tagLabel(150)).toBe('m1');
  });
});

describe('Prefer: tx=rollback', () => {
  it('answers as if the change happened, then keeps nothing', async () => {
    const { data, status } = await db
      .from('tags')
      .insert({ id: 170, label: 'rolled back' })
      .select()
      .rollback();
    expect(status).toBe(201);
    expect(data).toEqual([{ id: 170, label: 'rolled back' }]);
    expect(await tagLabel(170)).toBeUndefined();
    const removed = await db.from('books').delete().eq('id', 5).select('title').rollback().single();
    expect(removed.data).toEqual({ title: 'Kindred' });
    const { data: still } = await db.from('books').select('title').eq('id', 5).single();
    expect(still).toEqual({ title: 'Kindred' });
  });
});

describe('PostgreSQL errors as PostgREST answers them', () => {
  it('answers a duplicate key with 409 23505 and its detail', async () => {
    const { error, status } = await db.from('tags').insert({ id: 1, label: 'dup' });
    expect(status).toBe(409);
    expect(error).toEqual({
      code: '23505',
      details: 'Key (id)=(1) already exists.',
      hint: null,
      message: 'duplicate key value violates unique constraint "tags_pkey"',
    });
  });

  it('answers a missing foreign key with 409 23503', async () => {
    const { error, status } = await db.from('books').insert({ title: 'Orphan', author_id: 999 });
    expect(status).toBe(409);
    expect(error?.code).toBe('23503');
  });

  it('answers not-null and check violations with 400', async () => {
    const notNull = await db.from('books').insert({ author_id: 1 });
    expect(notNull.status).toBe(400);
    expect(notNull.error?.code).toBe('23502');
    const check = await db.from('books').insert({ title: 'Negative', pages: -1 });
    expect(check.status).toBe(400);
    expect(check.error?.code).toBe('23514');
  });

  it('answers a value of the wrong type with 400 22P02', async () => {
    const { error, status } = await db.from('books').insert({ title: 'Typed', pages: 'many' });
    expect(status).toBe(400);
    expect(error).toMatchObject({
      code: '22P02',
      message: 'invalid input syntax for type integer: "many"',
    });
  });

  it('answers an unknown body column with PGRST204', async () => {
    const { error, status } = await db.from('tags').insert({ id: 160, colour: 'red' });
    expect(status).toBe(400);
    expect(error).toEqual({
      code: 'PGRST204',
      details: null,
      hint: null,
      message: "Could not find the 'colour' column of 'tags' in the schema cache",
    });
  });

  it('answers malformed JSON with PGRST102', async () => {
    const response = await rest(stack, '/tags', {
      method: 'POST',
      apikey: stack.serviceRoleKey,
      body: '{"id": 1,',
    });
    expect(response.status).toBe(400);
    expect(response.json).toEqual({
      code: 'PGRST102',
      details: null,
      hint: null,
      message: 'Empty or invalid json',
    });
  });
});
