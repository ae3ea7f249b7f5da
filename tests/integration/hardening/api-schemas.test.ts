import { rm } from 'node:fs/promises';
import type { SupabaseClient } from '@supabase/supabase-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningStack } from '../../../src/local-supabase/stack.js';
import { projectWithConfig } from '../../support/project-dir.js';
import { clientFor, startTestStack } from '../../support/stack.js';

// config.toml's [api] shapes REST as it shapes PostgREST under `supabase start`: the schemas it
// exposes (chosen per request with Accept-Profile / Content-Profile), the schemas searched after
// them, and the most rows one read returns.
const CONFIG = `
[api]
enabled = true
schemas = [
  "public", # the default
  "reports",
]
extra_search_path = ["public", "extensions", "helpers"]
max_rows = 3
`;

const FIXTURE = `
create schema reports;
create schema hidden;
create schema helpers;
create function helpers.shout(p text) returns text language sql immutable as $$ select upper(p) $$;
create table public.notes (id int primary key, body text);
create table reports.notes (id int primary key, body text);
create table hidden.notes (id int primary key, body text);
insert into public.notes select n, 'public ' || n from generate_series(1, 5) n;
insert into reports.notes values (1, 'report one');
insert into hidden.notes values (1, 'secret');
-- Unqualified: found only through extra_search_path.
create function reports.loud(p_id int) returns text language plpgsql stable
  as $$ begin return (select shout(body) from reports.notes where id = p_id); end $$;
grant usage on schema reports, hidden, helpers to anon, authenticated, service_role;
grant all on all tables in schema public, reports, hidden to anon, authenticated, service_role;
grant execute on all functions in schema reports, helpers to anon, authenticated, service_role;
`;

let projectDir: string;
let stack: RunningStack;
let db: SupabaseClient;

beforeAll(async () => {
  projectDir = await projectWithConfig(CONFIG);
  stack = await startTestStack({ projectDir, migrations: false, fixtureSql: FIXTURE });
  db = clientFor(stack, stack.serviceRoleKey);
}, 120_000);
afterAll(async () => {
  await stack?.close();
  if (projectDir) await rm(projectDir, { recursive: true, force: true });
});

const rest = (url: string, init: RequestInit = {}) =>
  fetch(`${stack.url}/rest/v1${url}`, {
    ...init,
    headers: {
      apikey: stack.serviceRoleKey,
      'content-type': 'application/json',
      ...(init.headers as Record<string, string> | undefined),
    },
  });

describe('[api] schemas, extra_search_path and max_rows from config.toml', () => {
  it('reads the first exposed schema by default and names it in Content-Profile, as several are exposed', async () => {
    const response = await rest('/notes?select=body&id=eq.1');
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual([{ body: 'public 1' }]);
    expect(response.headers.get('content-profile')).toBe('public');
  });

  it('reads and writes another exposed schema chosen with Accept-Profile / Content-Profile', async () => {
    const read = await db.schema('reports').from('notes').select('body').eq('id', 1);
    expect(read.error).toBeNull();
    expect(read.data).toEqual([{ body: 'report one' }]);

    const insert = await db.schema('reports').from('notes').insert({ id: 2, body: 'report two' });
    expect(insert.error).toBeNull();
    const check = await stack.db.query<{ body: string }>(
      'select body from reports.notes where id = 2',
    );
    expect(check.rows).toEqual([{ body: 'report two' }]);
    const publicTwo = await stack.db.query<{ body: string }>(
      'select body from public.notes where id = 2',
    );
    expect(publicTwo.rows).toEqual([{ body: 'public 2' }]);

    const response = await rest('/notes?id=eq.2', {
      method: 'PATCH',
      headers: { 'content-profile': 'reports', prefer: 'return=representation' },
      body: JSON.stringify({ body: 'edited' }),
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-profile')).toBe('reports');
    expect(await response.json()).toEqual([{ id: 2, body: 'edited' }]);
  });

  it("calls the chosen schema's functions, which find extra_search_path's schemas unqualified", async () => {
    const { data, error } = await db.schema('reports').rpc('loud', { p_id: 1 });
    expect(error).toBeNull();
    expect(data).toBe('REPORT ONE');
    // Not in public: the default schema has no such function.
    const missing = await db.rpc('loud', { p_id: 1 });
    expect(missing.error?.code).toBe('PGRST202');
  });

  it('refuses a schema that exists but is not exposed with PGRST106 (406), listing the exposed ones', async () => {
    for (const schema of ['hidden', 'helpers', 'auth']) {
      const { status, error } = await db.schema(schema).from('notes').select();
      expect(status).toBe(406);
      expect(error).toEqual({
        code: 'PGRST106',
        details: null,
        hint: 'Only the following schemas are exposed: public, reports',
        message: `Invalid schema: ${schema}`,
      });
    }
    const write = await rest('/notes', {
      method: 'POST',
      headers: { 'content-profile': 'hidden' },
      body: JSON.stringify({ id: 9, body: 'x' }),
    });
    expect(write.status).toBe(406);
    expect(await write.json()).toMatchObject({ code: 'PGRST106' });
    const untouched = await stack.db.query('select 1 from hidden.notes where id = 9');
    expect(untouched.rows).toEqual([]);
  });

  it('returns at most max_rows rows per read, in any schema', async () => {
    const { data } = await db.from('notes').select('id').order('id');
    expect(data).toEqual([{ id: 1 }, { id: 2 }, { id: 3 }]);
  });
});
