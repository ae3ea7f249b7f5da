import type { RealtimePostgresChangesPayload, SupabaseClient } from '@supabase/supabase-js';
import pg from 'pg';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { RunningStack } from '../../../src/local-supabase/stack.js';
import {
  createDatabaseAt,
  sharedClusterUrl,
  uniqueDatabaseName,
} from '../../support/pg-cluster.js';
import {
  disconnectAll,
  Inbox,
  realtimeClientAs,
  subscribed,
  userToken,
} from '../../support/realtime.js';
import { startTestStack } from '../../support/stack.js';

type Lead = { id: number; owner: string; name: string };
type Change = RealtimePostgresChangesPayload<Lead>;

const USER_A = '0000000a-0000-4000-8000-0000000000aa';
const USER_B = '0000000b-0000-4000-8000-0000000000bb';

const fixtureSql = `
  create table public.leads (id bigint generated always as identity primary key, owner uuid not null, name text not null);
  alter table public.leads enable row level security;
  create policy leads_read_own on public.leads for select to authenticated using (owner = auth.uid());
  create policy leads_insert_own on public.leads for insert to authenticated with check (owner = auth.uid());
  alter publication supabase_realtime add table public.leads;
`;

let stack: RunningStack;
let databaseUrl: string;
const clients: SupabaseClient[] = [];
const connections: pg.Client[] = [];

// Always PostgreSQL, whatever TALENTG_TEST_DB_URL says: this is the capture path without PGlite's single connection.
beforeAll(async () => {
  databaseUrl = await createDatabaseAt(sharedClusterUrl(), uniqueDatabaseName('realtime'));
  stack = await startTestStack({ db: databaseUrl, migrations: false, fixtureSql });
}, 60_000);
afterEach(async () => {
  await disconnectAll(clients);
  await Promise.all(connections.splice(0).map((c) => c.end()));
});
afterAll(() => stack?.close());

async function connection(): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  connections.push(client);
  return client;
}

async function watchLeads(user: string): Promise<Inbox<Change>> {
  const client = await realtimeClientAs(stack, await userToken(stack, user));
  clients.push(client);
  const inbox = new Inbox<Change>();
  await subscribed(
    client
      .channel(`leads-${user}`)
      .on('postgres_changes', { event: '*', schema: 'public', table: 'leads' }, (p: Change) =>
        inbox.push(p),
      ),
  );
  return inbox;
}

const names = (inbox: Inbox<Change>) => inbox.items.map((c) => (c.new as Lead).name);

describe('postgres_changes on PostgreSQL', () => {
  it('checks each insert against the subscriber’s RLS policy', async () => {
    const a = await watchLeads(USER_A);
    const b = await watchLeads(USER_B);
    await stack.db.query('insert into public.leads (owner, name) values ($1, $2), ($3, $4)', [
      USER_A,
      'lead a',
      USER_B,
      'lead b',
    ]);
    await a.waitFor(1);
    await b.waitFor(1);
    expect(names(a)).toEqual(['lead a']);
    expect(names(b)).toEqual(['lead b']);
  });

  it('delivers concurrent transactions in commit order, losing neither', async () => {
    const a = await watchLeads(USER_A);
    const early = await connection();
    const late = await connection();
    await early.query('begin');
    await early.query('insert into public.leads (owner, name) values ($1, $2)', [
      USER_A,
      'started first, committed last',
    ]);
    await late.query('insert into public.leads (owner, name) values ($1, $2)', [
      USER_A,
      'started last, committed first',
    ]);
    await a.waitFor(1);
    await early.query('commit');
    await a.waitFor(2);
    expect(names(a)).toEqual(['started last, committed first', 'started first, committed last']);
  });

  it('sends nothing for a rolled-back transaction, even one that wrote many rows', async () => {
    const a = await watchLeads(USER_A);
    const writer = await connection();
    await writer.query('begin');
    await writer.query(
      `insert into public.leads (owner, name) select $1, 'bulk ' || n from generate_series(1, 500) n`,
      [USER_A],
    );
    await writer.query('rollback');
    await stack.db.query('insert into public.leads (owner, name) values ($1, $2)', [
      USER_A,
      'after rollback',
    ]);
    await a.waitFor(1);
    expect(names(a)).toEqual(['after rollback']);
  });

  it('captures writes made as an API role through RLS (the trigger writes the change log as its owner)', async () => {
    const a = await watchLeads(USER_A);
    const writer = await connection();
    await writer.query('begin');
    await writer.query(
      `select set_config('role', 'authenticated', true), set_config('request.jwt.claims', $1, true)`,
      [JSON.stringify({ sub: USER_A, role: 'authenticated' })],
    );
    await writer.query('insert into public.leads (owner, name) values ($1, $2)', [
      USER_A,
      'written by a',
    ]);
    await writer.query('commit');
    await a.waitFor(1);
    expect(names(a)).toEqual(['written by a']);
  });
});
