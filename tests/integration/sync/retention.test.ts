// Sync retention on the embedded stack (docs/sync-protocol.md, "Retention"): the stack's own timer
// runs sync.run_retention(), on PGlite and on PostgreSQL 15, stops on close, and survives failures.
import pg from 'pg';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { openDatabase } from '../../../src/local-supabase/db/index.js';
import { startRetention } from '../../../src/local-supabase/retention.js';
import type { RunningStack } from '../../../src/local-supabase/stack.js';
import {
  createDatabaseAt,
  sharedClusterUrl,
  uniqueDatabaseName,
} from '../../support/pg-cluster.js';
import { startTestStack } from '../../support/stack.js';

const TC1 = '00000000-0000-4000-8000-000000000003';
const OLD_CLIENT = 'c2000000-0000-4000-8000-000000000001';
const LEAD = 'f2000000-0000-4000-8000-000000000001';

/**
 * Back-dated history, written as the superuser: one entry of each kind past its retention, and one
 * of each still inside it. The client's last seq is far ahead, so seq 1 is outside the kept window.
 */
const BACKDATED_HISTORY = `
  insert into sync.clients (client_id, user_id, last_seq) values ('${OLD_CLIENT}', '${TC1}', 5000);
  insert into sync.mutations (client_id, seq, mutation_id, op, user_id, status, answer, received_at)
  values ('${OLD_CLIENT}', 1, gen_random_uuid(), 'add_note', '${TC1}', 'applied', '{"status": "applied"}', now() - interval '100 days'),
         ('${OLD_CLIENT}', 2, gen_random_uuid(), 'add_note', '${TC1}', 'applied', '{"status": "applied"}', now() - interval '10 days');
  insert into sync.change_log (entity, entity_id, lead_id, kind, created_at)
  values ('lead', '${LEAD}', '${LEAD}', 'upsert', now() - interval '40 days'),
         ('lead', '${LEAD}', '${LEAD}', 'upsert', now() - interval '1 day');
  insert into sync.conflicts (occurred_at, user_id, op, kind)
  values (now() - interval '200 days', '${TC1}', 'set_status', 'status_conflict'),
         (now() - interval '1 day', '${TC1}', 'set_status', 'status_conflict');
`;

const AGES = `
  select (select count(*) from sync.change_log where lead_id = '${LEAD}' and created_at < now() - interval '30 days')::int as old_log,
         (select count(*) from sync.change_log where lead_id = '${LEAD}' and created_at >= now() - interval '30 days')::int as new_log,
         (select count(*) from sync.mutations where client_id = '${OLD_CLIENT}' and seq = 1)::int as old_mutations,
         (select count(*) from sync.mutations where client_id = '${OLD_CLIENT}' and seq = 2)::int as new_mutations,
         (select count(*) from sync.conflicts where user_id = '${TC1}' and occurred_at < now() - interval '180 days')::int as old_conflicts,
         (select count(*) from sync.conflicts where user_id = '${TC1}' and occurred_at >= now() - interval '180 days')::int as new_conflicts
`;

/** Stands in for the migration's function: counts its calls in a sequence (kept when a call fails). */
const COUNTING_RETENTION = `
  create schema sync;
  create sequence sync.runs;
  create table sync.failure (singleton boolean primary key default true, state text);
  insert into sync.failure (state) values (null);
  create function sync.run_retention() returns jsonb language plpgsql as $$
  declare v_state text;
  begin
    perform nextval('sync.runs');
    select state into v_state from sync.failure;
    if v_state is not null then
      raise exception 'retention failed on purpose' using errcode = v_state;
    end if;
    return '{}';
  end;
  $$;
`;

/** Counts as numbers: the PostgreSQL adapter hands values over as text. */
function countsOf(row: Record<string, unknown> | undefined): Record<string, number> {
  return Object.fromEntries(Object.entries(row ?? {}).map(([key, value]) => [key, Number(value)]));
}

const stacks: RunningStack[] = [];
afterAll(() => Promise.all(stacks.map((stack) => stack.close())));

/** How many times sync.run_retention() has been called, through the stack's database or a client of its own. */
async function runsSoFar(db: {
  query(text: string): Promise<{ rows: unknown[] }>;
}): Promise<number> {
  const { rows } = await db.query(
    'select case when is_called then last_value else 0 end as runs from sync.runs',
  );
  return Number((rows[0] as { runs: string | number } | undefined)?.runs ?? 0);
}

describe.each([
  ['PGlite', async () => 'memory'],
  ['PostgreSQL 15', () => createDatabaseAt(sharedClusterUrl(), uniqueDatabaseName('retention'))],
])('the embedded stack on %s', (_name, database) => {
  it('removes back-dated sync rows on its own timer and keeps the recent ones', async () => {
    const stack = await startTestStack({
      db: await database(),
      seed: true,
      retentionIntervalMs: 50,
    });
    stacks.push(stack);
    await stack.db.exec(BACKDATED_HISTORY);

    await expect
      .poll(async () => countsOf((await stack.db.query(AGES)).rows[0]), {
        timeout: 15_000,
        interval: 50,
      })
      .toEqual({
        old_log: 0,
        new_log: 1,
        old_mutations: 0,
        new_mutations: 1,
        old_conflicts: 0,
        new_conflicts: 1,
      });
  });
});

describe('the retention timer', () => {
  it('stops when the stack closes', async () => {
    const databaseUrl = await createDatabaseAt(
      sharedClusterUrl(),
      uniqueDatabaseName('retention_close'),
    );
    const stack = await startTestStack({
      db: databaseUrl,
      migrations: false,
      fixtureSql: COUNTING_RETENTION,
      retentionIntervalMs: 20,
    });
    await expect
      .poll(() => runsSoFar(stack.db), { timeout: 10_000, interval: 20 })
      .toBeGreaterThanOrEqual(2);
    // A timer left running after close would fail on the closed pool and say so on stderr.
    const stderr = vi.spyOn(process.stderr, 'write');
    await stack.close();

    const client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
    try {
      const atClose = await runsSoFar(client);
      // Twenty intervals: a timer still running would have fired by now.
      await new Promise((resolve) => setTimeout(resolve, 400));
      expect(await runsSoFar(client)).toBe(atClose);
      const retentionLines = stderr.mock.calls.filter(([chunk]) =>
        String(chunk).startsWith('retention:'),
      );
      expect(retentionLines).toEqual([]);
    } finally {
      stderr.mockRestore();
      await client.end();
    }
  });

  it('keeps running through failures and logs each kind once until a run succeeds', async () => {
    const db = await openDatabase('memory');
    const lines: string[] = [];
    try {
      await db.exec(COUNTING_RETENTION);
      const retention = startRetention(db, { intervalMs: 10, log: (line) => lines.push(line) });
      const setFailure = (state: string | null) =>
        db.query('update sync.failure set state = $1', [state]);
      const runsAfterNow = async (more: number) => {
        const from = await runsSoFar(db);
        await expect
          .poll(() => runsSoFar(db), { timeout: 10_000, interval: 10 })
          .toBeGreaterThanOrEqual(from + more);
      };

      await setFailure('22012');
      await runsAfterNow(3);
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(
        /^retention: sync\.run_retention\(\) failed \(22012\): retention failed on purpose/,
      );

      await setFailure('40001');
      await runsAfterNow(3);
      expect(lines).toHaveLength(2);
      expect(lines[1]).toContain('(40001)');

      await setFailure(null);
      await runsAfterNow(2);
      await setFailure('22012');
      await runsAfterNow(3);
      expect(lines, 'a failure after a success is reported again').toHaveLength(3);

      await retention.stop();
    } finally {
      await db.close();
    }
  });

  it('is off at 0 and refuses an interval setTimeout cannot keep', async () => {
    const db = await openDatabase('memory');
    try {
      await db.exec(COUNTING_RETENTION);
      const off = startRetention(db, { intervalMs: 0, log: () => undefined });
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(await runsSoFar(db)).toBe(0);
      await off.stop();
      expect(() => startRetention(db, { intervalMs: 2 ** 31, log: () => undefined })).toThrow(
        RangeError,
      );
      expect(() => startRetention(db, { intervalMs: -1, log: () => undefined })).toThrow(
        RangeError,
      );
    } finally {
      await db.close();
    }
  });
});
