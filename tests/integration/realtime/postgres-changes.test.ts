import {
  createClient,
  type RealtimePostgresChangesPayload,
  type SupabaseClient,
} from '@supabase/supabase-js';
import WebSocket from 'ws';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { RunningStack } from '../../../src/local-supabase/stack.js';
import { clientFor, startTestStack } from '../../support/stack.js';
import {
  disconnectAll,
  Inbox,
  realtimeClientAs,
  subscribed,
  userToken,
} from '../../support/realtime.js';

type Todo = { id: number; owner: string; title: string; done: boolean; priority: number };
type Change = RealtimePostgresChangesPayload<Todo>;

const USER_A = '0000000a-0000-4000-8000-000000000000';
const USER_B = '0000000b-0000-4000-8000-000000000000';

const fixtureSql = `
  create table public.todos (
    id bigint generated always as identity primary key,
    owner uuid not null,
    title text not null,
    done boolean not null default false,
    priority int not null default 0
  );
  alter table public.todos enable row level security;
  create policy todos_read_own on public.todos for select using (owner = auth.uid());
  alter publication supabase_realtime add table public.todos;
`;

let stack: RunningStack;
const clients: SupabaseClient[] = [];

beforeAll(async () => {
  stack = await startTestStack({ migrations: false, fixtureSql });
}, 60_000);
afterEach(() => disconnectAll(clients));
afterAll(() => stack?.close());

async function insertTodo(owner: string, title: string, priority = 0): Promise<number> {
  const result = await stack.db.query<{ id: string | number }>(
    'insert into public.todos (owner, title, priority) values ($1, $2, $3) returning id',
    [owner, title, priority],
  );
  return Number(result.rows[0]?.id);
}

/** A client signed in as `user` that records every change on todos matching any of `filters`. */
async function watchTodos(
  user: string | 'service_role',
  options: { event?: '*' | 'INSERT' | 'UPDATE' | 'DELETE'; filters?: string[] } = {},
) {
  const client =
    user === 'service_role'
      ? clientFor(stack, stack.serviceRoleKey)
      : await realtimeClientAs(stack, await userToken(stack, user));
  clients.push(client);
  const inbox = new Inbox<Change>();
  const channel = client.channel(`todos-${user}-${Math.random()}`);
  for (const filter of options.filters ?? [undefined]) {
    channel.on<Todo>(
      'postgres_changes',
      {
        event: options.event ?? '*',
        schema: 'public',
        table: 'todos',
        ...(filter ? { filter } : {}),
      } as never,
      (payload: Change) => inbox.push(payload),
    );
  }
  await subscribed(channel);
  return inbox;
}

describe('postgres_changes through supabase-js', () => {
  it('delivers an insert only to subscribers whose RLS policy lets them read the row', async () => {
    const a = await watchTodos(USER_A);
    const b = await watchTodos(USER_B);
    await insertTodo(USER_A, 'call the lead');
    await insertTodo(USER_B, 'sentinel for B');

    const [forA] = await a.waitFor(1);
    expect(forA).toMatchObject({
      schema: 'public',
      table: 'todos',
      eventType: 'INSERT',
      new: { owner: USER_A, title: 'call the lead', done: false, priority: 0 },
      old: {},
      errors: null,
    });
    expect(typeof forA?.new).toBe('object');
    expect((forA as { commit_timestamp: string }).commit_timestamp).toMatch(
      /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/,
    );
    // B's own later row arrives; A's earlier row never did, since delivery keeps commit order.
    const [forB] = await b.waitFor(1);
    expect(forB?.new).toMatchObject({ title: 'sentinel for B' });
    expect(b.items.map((c) => (c.new as Todo).title)).toEqual(['sentinel for B']);
    // And A, whose next row comes after B's, never saw B's.
    await insertTodo(USER_A, 'sentinel for A');
    await a.waitFor(2);
    expect(a.items.map((c) => (c.new as Todo).title)).toEqual(['call the lead', 'sentinel for A']);
  });

  it('lets a service_role subscriber see every row', async () => {
    const service = await watchTodos('service_role', { event: 'INSERT' });
    await insertTodo(USER_A, 'for a');
    await insertTodo(USER_B, 'for b');
    const seen = await service.waitFor(2);
    expect(seen.map((c) => (c.new as Todo).title)).toEqual(['for a', 'for b']);
  });

  it('sends updates with the new row and the old primary key, and deletes with only the key', async () => {
    const id = await insertTodo(USER_A, 'draft');
    const a = await watchTodos(USER_A, { event: 'UPDATE' });
    const deletes = await watchTodos(USER_A, { event: 'DELETE' });
    await stack.db.query('update public.todos set title = $1, done = true where id = $2', [
      'final',
      id,
    ]);
    // RLS is checked against the row as it is when the change is delivered, so let it arrive first.
    const [update] = await a.waitFor(1);
    expect(update).toMatchObject({
      eventType: 'UPDATE',
      new: { id, title: 'final', done: true },
      old: { id },
    });
    expect(Object.keys(update?.old ?? {})).toEqual(['id']);

    await stack.db.query('delete from public.todos where id = $1', [id]);
    const [deleted] = await deletes.waitFor(1);
    expect(deleted).toMatchObject({ eventType: 'DELETE', new: {}, old: { id } });
    expect(Object.keys(deleted?.old ?? {})).toEqual(['id']);
  });

  it('does not RLS-filter deletes, as Supabase does not', async () => {
    const id = await insertTodo(USER_A, 'owned by a');
    const b = await watchTodos(USER_B, { event: 'DELETE' });
    await stack.db.query('delete from public.todos where id = $1', [id]);
    const [deleted] = await b.waitFor(1);
    expect(deleted?.old).toEqual({ id });
  });

  it('applies eq and in filters', async () => {
    const eq = await watchTodos('service_role', { event: 'INSERT', filters: ['title=eq.wanted'] });
    const inList = await watchTodos('service_role', {
      event: 'INSERT',
      filters: ['priority=in.(2,3)'],
    });
    await insertTodo(USER_A, 'unwanted', 1);
    await insertTodo(USER_A, 'wanted', 2);
    await insertTodo(USER_A, 'other', 3);
    await insertTodo(USER_A, 'wanted', 9);

    await inList.waitFor(2);
    await eq.waitFor(2);
    expect(inList.items.map((c) => (c.new as Todo).priority)).toEqual([2, 3]);
    expect(eq.items.map((c) => (c.new as Todo).priority)).toEqual([2, 9]);
  });

  it('combines a filter with RLS: the filter never widens what a user may see', async () => {
    const b = await watchTodos(USER_B, {
      event: 'INSERT',
      filters: [`owner=eq.${USER_A}`, `owner=eq.${USER_B}`],
    });
    await insertTodo(USER_A, 'private to a');
    await insertTodo(USER_B, 'sentinel for b');
    await b.waitFor(1);
    expect(b.items.map((c) => (c.new as Todo).title)).toEqual(['sentinel for b']);
  });

  it('sends nothing for a rolled-back transaction', async () => {
    const a = await watchTodos(USER_A, { event: 'INSERT' });
    await stack.db
      .transaction(async (tx) => {
        await tx.query('insert into public.todos (owner, title) values ($1, $2)', [
          USER_A,
          'rolled back',
        ]);
        throw new Error('abort on purpose');
      })
      .catch(() => undefined);
    await insertTodo(USER_A, 'committed');
    await a.waitFor(1);
    expect(a.items.map((c) => (c.new as Todo).title)).toEqual(['committed']);
  });

  it('works the same for a supabase-js client speaking vsn 1.0.0', async () => {
    const v1 = createClient(stack.url, stack.anonKey, {
      auth: { persistSession: false, autoRefreshToken: false, detectSessionInUrl: false },
      realtime: { transport: WebSocket as never, vsn: '1.0.0' },
    });
    clients.push(v1);
    await v1.realtime.setAuth(await userToken(stack, USER_A));
    const inbox = new Inbox<Change>();
    await subscribed(
      v1
        .channel('v1')
        .on(
          'postgres_changes',
          { event: 'INSERT', schema: 'public', table: 'todos' },
          (p: Change) => inbox.push(p),
        ),
    );
    await insertTodo(USER_B, 'hidden from a');
    await insertTodo(USER_A, 'over vsn 1');
    await inbox.waitFor(1);
    expect(inbox.items.map((c) => (c.new as Todo).title)).toEqual(['over vsn 1']);
  });

  it('follows a new access token: after setAuth as B, B’s rows arrive and A’s do not', async () => {
    const client = await realtimeClientAs(stack, await userToken(stack, USER_A));
    clients.push(client);
    const inbox = new Inbox<Change>();
    const channel = client
      .channel('switch')
      .on('postgres_changes', { event: 'INSERT', schema: 'public', table: 'todos' }, (p: Change) =>
        inbox.push(p),
      );
    const systems = new Inbox<{ message: string }>();
    channel.on('system', {}, (payload: { message: string }) => systems.push(payload));
    await subscribed(channel);
    await systems.waitFor(1);
    await client.realtime.setAuth(await userToken(stack, USER_B));
    // The server confirms the token swap by re-announcing the subscription.
    await systems.waitFor(2);
    await insertTodo(USER_A, 'a after switch');
    await insertTodo(USER_B, 'b after switch');
    await inbox.waitFor(1);
    expect(inbox.items.map((c) => (c.new as Todo).title)).toEqual(['b after switch']);
  });

  it('delivers every row of a multi-row transaction, in order', async () => {
    const a = await watchTodos(USER_A, { event: 'INSERT' });
    await stack.db.transaction(async (tx) => {
      for (const title of ['one', 'two', 'three']) {
        await tx.query('insert into public.todos (owner, title) values ($1, $2)', [USER_A, title]);
      }
    });
    await a.waitFor(3);
    expect(a.items.map((c) => (c.new as Todo).title)).toEqual(['one', 'two', 'three']);
  });
});
