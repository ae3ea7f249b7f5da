import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { RealtimePostgresChangesPayload, SupabaseClient } from '@supabase/supabase-js';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../../src/local-supabase/db/index.js';
import { CHANGES_CHANNEL } from '../../../src/local-supabase/realtime/changes/capture.js';
import type { RunningStack } from '../../../src/local-supabase/stack.js';
import {
  createDatabaseAt,
  sharedClusterUrl,
  uniqueDatabaseName,
} from '../../support/pg-cluster.js';
import { disconnectAll, Inbox, subscribed } from '../../support/realtime.js';
import { clientFor, startTestStack } from '../../support/stack.js';

type Note = Record<string, unknown> & { id: number };
type Change = RealtimePostgresChangesPayload<Note>;

const noteColumns = `
  id int primary key,
  batch text not null,
  title text not null,
  tags text[] not null default '{}',
  meta jsonb,
  done boolean not null default false,
  amount numeric(10, 2),
  due timestamptz`;

const fixtureSql = `
  create table public.notes (${noteColumns});
  create table public.notes_full (${noteColumns});
  alter table public.notes_full replica identity full;
  create table public.leaving (id int primary key);
  alter publication supabase_realtime add table public.notes, public.notes_full, public.leaving;
`;

/** Three rows, ids out of order, with values of several types; `offset` shifts the ids. Keyed by id. */
function rows(batch: string, offset: number): Map<number, string> {
  return new Map([
    [
      3 + offset,
      `(${3 + offset}, '${batch}', 'third', '{a,b}', '{"k": [1, 2]}', true, 12.50, '2026-01-02T03:04:05Z')`,
    ],
    [1 + offset, `(${1 + offset}, '${batch}', 'first', '{}', null, false, null, null)`],
    [
      2 + offset,
      `(${2 + offset}, '${batch}', 'second', '{"x y"}', '"s"', false, 0.10, '2026-06-30T23:59:59.123Z')`,
    ],
  ]);
}

const valuesOf = (...sets: Map<number, string>[]) =>
  sets.flatMap((set) => [...set.values()]).join(', ');

const insertColumns = '(id, batch, title, tags, meta, done, amount, due)';
/** The single-row statements' ids are the multi-row statement's plus this. */
const SINGLE = 100;

/** A change as a subscriber sees it, with the single-row twin's ids and batch mapped onto the multi-row one's. */
function comparable(change: Change | undefined) {
  const strip = (record: object | undefined) =>
    Object.fromEntries(
      Object.entries(record ?? {}).map(([name, value]) => [
        name,
        name === 'id' ? Number(value) % SINGLE : name === 'batch' ? '<batch>' : value,
      ]),
    );
  return {
    schema: change?.schema,
    table: change?.table,
    eventType: change?.eventType,
    errors: change?.errors,
    new: strip(change?.new),
    old: strip(change?.old),
  };
}

const ids = (rows: { id: unknown }[]) => rows.map((row) => Number(row.id));

interface Backend {
  name: string;
  /** A database for one stack, and what removes it afterwards. */
  database(): Promise<{ db: string; remove(): Promise<void> }>;
}

const backends: Backend[] = [
  {
    name: 'PGlite',
    async database() {
      const dir = await mkdtemp(path.join(tmpdir(), 'talentg-statement-capture-'));
      // The stack keeps storage next to a PGlite data directory, so both live under dir.
      return { db: path.join(dir, 'db'), remove: () => rm(dir, { recursive: true, force: true }) };
    },
  },
  {
    name: 'PostgreSQL',
    async database() {
      const db = await createDatabaseAt(sharedClusterUrl(), uniqueDatabaseName('rt_statement'));
      return { db, remove: () => Promise.resolve() };
    },
  },
];

describe.each(backends)('statement-level change capture on $name', (backend) => {
  let stack: RunningStack;
  let removeDatabase: () => Promise<void> = () => Promise.resolve();
  const clients: SupabaseClient[] = [];

  beforeAll(async () => {
    const { db, remove } = await backend.database();
    removeDatabase = remove;
    stack = await startTestStack({ db, migrations: false, fixtureSql });
  }, 60_000);
  afterEach(() => disconnectAll(clients));
  afterAll(async () => {
    await stack?.close();
    await removeDatabase();
  });

  async function watch(on: RunningStack, table: string): Promise<Inbox<Change>> {
    const client = clientFor(on, on.serviceRoleKey);
    clients.push(client);
    const inbox = new Inbox<Change>();
    await subscribed(
      client
        .channel(`${table}-${Math.random()}`)
        .on('postgres_changes', { event: '*', schema: 'public', table }, (p: Change) =>
          inbox.push(p),
        ),
    );
    return inbox;
  }

  async function captureTriggers(db: Database, table: string) {
    const result = await db.query<{ tgname: string; level: string }>(
      `select tgname, case when (tgtype & 1) = 1 then 'row' else 'statement' end as level from pg_trigger
        where tgrelid = $1::regclass and tgname like 'talentg_realtime_capture%' order by tgname`,
      [table],
    );
    return result.rows;
  }

  const statementTriggers = [
    { tgname: 'talentg_realtime_capture_delete', level: 'statement' },
    { tgname: 'talentg_realtime_capture_insert', level: 'statement' },
    { tgname: 'talentg_realtime_capture_update', level: 'statement' },
  ];

  it('delivers a multi-row INSERT as one event per row, in row order, as single-row inserts would', async () => {
    const inbox = await watch(stack, 'notes');
    const multi = await stack.db.query<{ id: number }>(
      `insert into public.notes ${insertColumns} values ${valuesOf(rows('multi', 0))} returning id`,
    );
    expect(ids(multi.rows)).toEqual([3, 1, 2]);
    const singles = rows('single', SINGLE);
    for (const id of ids(multi.rows)) {
      await stack.db.query(
        `insert into public.notes ${insertColumns} values ${singles.get(id + SINGLE)}`,
      );
    }
    const changes = await inbox.waitFor(6);
    expect(changes.map((c) => (c.new as Note).id)).toEqual([3, 1, 2, 103, 101, 102]);
    expect(changes[0]).toMatchObject({
      eventType: 'INSERT',
      new: { id: 3, batch: 'multi', title: 'third', tags: ['a', 'b'], meta: { k: [1, 2] } },
      old: {},
    });
    expect(changes.slice(0, 3).map(comparable)).toEqual(changes.slice(3).map(comparable));
  });

  it.each([
    { table: 'notes', identity: 'default', oldColumns: ['id'] },
    {
      table: 'notes_full',
      identity: 'full',
      oldColumns: ['id', 'batch', 'title', 'tags', 'meta', 'done', 'amount', 'due'],
    },
  ])(
    'delivers a multi-row UPDATE under replica identity $identity as one event per row, in row order, as single-row updates would',
    async ({ table, oldColumns }) => {
      const inbox = await watch(stack, table);
      await stack.db.query(
        `insert into public.${table} ${insertColumns}
         values ${valuesOf(rows('update multi', 10), rows('update single', 10 + SINGLE))}`,
      );
      // The rows' inserts arrive first, so none of them can be mistaken for what follows.
      await inbox.waitFor(6);
      const edit = `set title = title || ' (edited)', done = not done, tags = tags || 'edited'::text`;
      // No index on batch: the update scans the heap, so its row order is not the ids' order.
      const multi = await stack.db.query<{ id: number }>(
        `update public.${table} ${edit} where batch = 'update multi' returning id`,
      );
      expect(ids(multi.rows)).toEqual([13, 11, 12]);
      for (const id of ids(multi.rows)) {
        await stack.db.query(`update public.${table} ${edit} where id = $1`, [id + SINGLE]);
      }
      const changes = (await inbox.waitFor(12)).slice(6);
      expect(changes.map((c) => c.eventType)).toEqual(Array(6).fill('UPDATE'));
      expect(changes.map((c) => (c.new as Note).id)).toEqual([13, 11, 12, 113, 111, 112]);
      expect(changes.map((c) => (c.old as Note).id)).toEqual([13, 11, 12, 113, 111, 112]);
      expect(changes[0]).toMatchObject({
        eventType: 'UPDATE',
        new: { id: 13, title: 'third (edited)', done: false, tags: ['a', 'b', 'edited'] },
      });
      for (const change of changes)
        expect(Object.keys(change.old).sort()).toEqual(oldColumns.sort());
      if (oldColumns.length > 1) {
        expect(changes[0]?.old).toMatchObject({ title: 'third', done: true, tags: ['a', 'b'] });
      }
      expect(changes.slice(0, 3).map(comparable)).toEqual(changes.slice(3).map(comparable));
    },
  );

  it.each([
    { table: 'notes', oldColumns: ['id'] },
    {
      table: 'notes_full',
      oldColumns: ['id', 'batch', 'title', 'tags', 'meta', 'done', 'amount', 'due'],
    },
  ])(
    'delivers a multi-row DELETE on $table as one event per row, in row order, as single-row deletes would',
    async ({ table, oldColumns }) => {
      const inbox = await watch(stack, table);
      await stack.db.query(
        `insert into public.${table} ${insertColumns}
         values ${valuesOf(rows('delete multi', 20), rows('delete single', 20 + SINGLE))}`,
      );
      // The rows' inserts arrive first, so none of them can be mistaken for what follows.
      await inbox.waitFor(6);
      const multi = await stack.db.query<{ id: number }>(
        `delete from public.${table} where batch = 'delete multi' returning id`,
      );
      expect(ids(multi.rows)).toEqual([23, 21, 22]);
      for (const id of ids(multi.rows)) {
        await stack.db.query(`delete from public.${table} where id = $1`, [id + SINGLE]);
      }
      const changes = (await inbox.waitFor(12)).slice(6);
      expect(changes.map((c) => c.eventType)).toEqual(Array(6).fill('DELETE'));
      expect(changes.map((c) => (c.old as Note).id)).toEqual([23, 21, 22, 123, 121, 122]);
      for (const change of changes)
        expect(Object.keys(change.old).sort()).toEqual(oldColumns.sort());
      expect(changes.slice(0, 3).map(comparable)).toEqual(changes.slice(3).map(comparable));
    },
  );

  it('sends nothing and notifies nobody for statements that change no rows', async () => {
    const inbox = await watch(stack, 'notes');
    const notifications = new Inbox<string>();
    const unlisten = await stack.db.listen(CHANGES_CHANNEL, notifications.push);
    try {
      const changeCount = async () =>
        Number(
          (await stack.db.query<{ n: string }>('select count(*) as n from realtime.changes'))
            .rows[0]?.n,
        );
      const before = await changeCount();
      await stack.db.query(
        `insert into public.notes (id, batch, title) select id + 1000, batch, title from public.notes where false`,
      );
      await stack.db.query(`update public.notes set title = 'never' where batch = 'no such batch'`);
      await stack.db.query(`delete from public.notes where batch = 'no such batch'`);
      expect(await changeCount()).toBe(before);

      const sentinel = await stack.db.query<{ key: string }>(
        `insert into public.notes (id, batch, title) values (40, 'sentinel', 'sentinel')
         returning pg_current_xact_id()::text || ':' || 'public.notes'::regclass::oid as key`,
      );
      await inbox.waitFor(1);
      // Notifications arrive in commit order, so any from the empty statements would come first.
      await notifications.waitFor(1);
      expect(notifications.items).toEqual([sentinel.rows[0]?.key]);
      expect(inbox.items.map((c) => (c.new as Note).title)).toEqual(['sentinel']);
    } finally {
      await unlisten();
    }
  });

  it('detaches the triggers from a table that leaves the publication', async () => {
    expect(await captureTriggers(stack.db, 'public.leaving')).toEqual(statementTriggers);
    await stack.db.query('alter publication supabase_realtime drop table public.leaving');
    await stack.db.query('select realtime.sync_capture_triggers()');
    expect(await captureTriggers(stack.db, 'public.leaving')).toEqual([]);
  });

  it('refuses to capture a published partition, whose statement triggers would miss writes through its parent', async () => {
    await stack.db.exec(`
      create table public.calls (id int, day date) partition by range (day);
      create table public.calls_2026 partition of public.calls for values from ('2026-01-01') to ('2027-01-01');
    `);
    const refused = stack.db.transaction(async (tx) => {
      await tx.query('alter publication supabase_realtime add table public.calls_2026');
      await tx.query('select realtime.sync_capture_triggers()');
    });
    await expect(refused).rejects.toThrow(
      /realtime cannot capture changes of (public\.)?calls_2026: only plain tables/,
    );
  });

  it('replaces the legacy row trigger of an older database, so each change arrives once', async () => {
    const { db, remove } = await backend.database();
    let restarted: RunningStack | undefined;
    try {
      const first = await startTestStack({
        db,
        migrations: false,
        fixtureSql: `
          create table public.legacy (id int primary key, title text not null);
          alter publication supabase_realtime add table public.legacy;`,
      });
      await first.close();
      // What capture.sql installed before statement-level capture, recreated by hand while no stack runs.
      const older = await openDatabase(db);
      try {
        await older.exec(`
          create function realtime.capture_change() returns trigger
          language plpgsql security definer set search_path = '' as $$
          begin
            insert into realtime.changes (relid, type, record, old_record)
            values (tg_relid, tg_op,
                    case when tg_op <> 'DELETE' then to_jsonb(new) end,
                    case when tg_op <> 'INSERT' then to_jsonb(old) end);
            perform pg_notify('talentg_realtime', pg_current_xact_id()::text || ':' || tg_relid::text);
            return null;
          end $$;
          create trigger talentg_realtime_capture after insert or update or delete on public.legacy
            for each row execute function realtime.capture_change();`);
        expect(await captureTriggers(older, 'public.legacy')).toEqual([
          { tgname: 'talentg_realtime_capture', level: 'row' },
          ...statementTriggers,
        ]);
      } finally {
        await older.close();
      }

      restarted = await startTestStack({ db, migrations: false });
      expect(await captureTriggers(restarted.db, 'public.legacy')).toEqual(statementTriggers);
      const legacyFunction = await restarted.db.query<{ n: string }>(
        `select count(*) as n from pg_proc
          where proname = 'capture_change' and pronamespace = 'realtime'::regnamespace`,
      );
      expect(Number(legacyFunction.rows[0]?.n)).toBe(0);

      const inbox = await watch(restarted, 'legacy');
      await restarted.db.query(`insert into public.legacy values (2, 'two'), (1, 'one')`);
      await restarted.db.query(`update public.legacy set title = 'uno' where id = 1`);
      await restarted.db.query(`insert into public.legacy values (9, 'sentinel')`);
      // Duplicates would come before the sentinel, which is delivered last.
      await inbox.waitFor(4);
      expect(inbox.items.map((c) => [c.eventType, (c.new as { title: string }).title])).toEqual([
        ['INSERT', 'two'],
        ['INSERT', 'one'],
        ['UPDATE', 'uno'],
        ['INSERT', 'sentinel'],
      ]);
    } finally {
      await disconnectAll(clients);
      await restarted?.close();
      await remove();
    }
  });
});
