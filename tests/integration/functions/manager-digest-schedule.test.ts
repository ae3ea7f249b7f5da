// The managers' daily digest on the embedded stack (docs/integrations.md, "Scheduling"): the stack's own
// timer calls public.enqueue_manager_digests(null, <time zone>) as pg_cron does hosted, so a team on
// `npm start` gets its digest; the time zone is a stack option (`talentg stack --digest-time-zone`),
// judged by PostgreSQL at the start; a database without the function is skipped; the timer stops on
// close and survives failures, logging each kind once.
import pg from 'pg';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { openDatabase } from '../../../src/local-supabase/db/index.js';
import { startManagerDigests } from '../../../src/local-supabase/manager-digests.js';
import type { RunningStack } from '../../../src/local-supabase/stack.js';
import {
  createDatabaseAt,
  PG_TEMPLATE_ENV,
  sharedClusterUrl,
  uniqueDatabaseName,
} from '../../support/pg-cluster.js';
import { startTestStack } from '../../support/stack.js';
import { spawnTalentg } from '../talentg-process.js';

const MANAGER = '00000000-0000-4000-8000-000000000002';

/** Stands in for the migration's function: counts its calls in a sequence (kept when a call fails) and records the arguments of those that succeed. */
const RECORDING_DIGESTS = `
  create sequence public.digest_runs;
  create table public.digest_calls (n serial primary key, day date, time_zone text);
  create table public.digest_failure (singleton boolean primary key default true, state text);
  insert into public.digest_failure (state) values (null);
  create function public.enqueue_manager_digests(p_day date default null, p_time_zone text default 'UTC')
  returns integer language plpgsql as $$
  declare v_state text;
  begin
    perform nextval('public.digest_runs');
    insert into public.digest_calls (day, time_zone) values (p_day, p_time_zone);
    select state into v_state from public.digest_failure;
    if v_state is not null then
      raise exception 'digest failed on purpose' using errcode = v_state;
    end if;
    return 0;
  end;
  $$;
`;

const stacks: RunningStack[] = [];
afterAll(() => Promise.all(stacks.map((stack) => stack.close())));

async function callsSoFar(db: { query(text: string): Promise<{ rows: unknown[] }> }) {
  const { rows } = await db.query(
    "select (select case when is_called then last_value else 0 end from public.digest_runs)::text as calls, coalesce(string_agg(distinct coalesce(day::text, 'null') || ' ' || time_zone, ','), '') as args from public.digest_calls",
  );
  const row = rows[0] as { calls: string; args: string };
  return { calls: Number(row.calls), args: row.args };
}

describe('the managers’ digest on the embedded stack', () => {
  it('enqueues each manager’s digest of yesterday in the stack’s time zone, once, on its own timer', async () => {
    const stack = await startTestStack({
      seed: true,
      digestIntervalMs: 50,
      digestTimeZone: 'Asia/Kolkata',
    });
    stacks.push(stack);
    const yesterday = async () => {
      const { rows } = await stack.db.query<{ day: string }>(
        "select ((now() at time zone 'Asia/Kolkata')::date - 1)::text as day",
      );
      return rows[0]!.day;
    };
    const before = await yesterday();
    const digests = async () =>
      (
        await stack.db.query<{ recipient: string; dedupe_key: string; day: string; zone: string }>(
          `select recipient, dedupe_key, variables ->> 'day' as day, variables ->> 'time_zone' as zone
             from public.email_outbox where template = 'manager_digest'`,
        )
      ).rows;
    await expect.poll(digests, { timeout: 15_000, interval: 50 }).toHaveLength(1);
    const [digest] = await digests();
    expect([before, await yesterday()]).toContain(digest!.day);
    expect(digest).toEqual({
      recipient: 'manager@talentg.test',
      dedupe_key: `manager-digest:${MANAGER}:${digest!.day}`,
      day: digest!.day,
      zone: 'Asia/Kolkata',
    });
    // Once: ten more runs of the timer enqueue no second digest.
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(await digests()).toHaveLength(1);
  });

  it('skips a database without the function, calls it once it exists, and stops when the stack closes', async () => {
    const databaseUrl = await createDatabaseAt(
      sharedClusterUrl(),
      uniqueDatabaseName('digests_close'),
    );
    const stderr = vi.spyOn(process.stderr, 'write');
    try {
      const stack = await startTestStack({
        db: databaseUrl,
        migrations: false,
        digestIntervalMs: 20,
        digestTimeZone: 'America/New_York',
      });
      // Runs find no function for a while (nothing to log), then the function appears.
      await new Promise((resolve) => setTimeout(resolve, 100));
      await stack.db.exec(RECORDING_DIGESTS);
      await expect
        .poll(async () => (await callsSoFar(stack.db)).calls, { timeout: 10_000, interval: 20 })
        .toBeGreaterThanOrEqual(2);
      expect((await callsSoFar(stack.db)).args).toBe('null America/New_York');
      await stack.close();

      const client = new pg.Client({ connectionString: databaseUrl });
      await client.connect();
      try {
        const atClose = (await callsSoFar(client)).calls;
        // Twenty intervals: a timer still running would have fired by now.
        await new Promise((resolve) => setTimeout(resolve, 400));
        expect((await callsSoFar(client)).calls).toBe(atClose);
      } finally {
        await client.end();
      }
      const digestLines = stderr.mock.calls.filter(([chunk]) =>
        String(chunk).startsWith('manager digests:'),
      );
      expect(digestLines).toEqual([]);
    } finally {
      stderr.mockRestore();
    }
  });

  it('keeps running through failures and logs each kind once until a run succeeds', async () => {
    // On PostgreSQL: an in-process PGlite would need this file isolated (vitest.config.ts).
    const db = await openDatabase(
      await createDatabaseAt(sharedClusterUrl(), uniqueDatabaseName('digests_failures')),
    );
    const lines: string[] = [];
    let digests: ReturnType<typeof startManagerDigests> | undefined;
    try {
      await db.exec(RECORDING_DIGESTS);
      digests = startManagerDigests(db, {
        intervalMs: 10,
        timeZone: 'UTC',
        log: (line) => lines.push(line),
      });
      const setFailure = (state: string | null) =>
        db.query('update public.digest_failure set state = $1', [state]);
      const callsAfterNow = async (more: number) => {
        const from = (await callsSoFar(db)).calls;
        await expect
          .poll(async () => (await callsSoFar(db)).calls, { timeout: 10_000, interval: 10 })
          .toBeGreaterThanOrEqual(from + more);
      };

      await setFailure('22012');
      await callsAfterNow(3);
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(
        /^manager digests: public\.enqueue_manager_digests\(null, 'UTC'\) failed \(22012\): digest failed on purpose/,
      );
      await setFailure(null);
      await callsAfterNow(2);
      await setFailure('22012');
      await callsAfterNow(3);
      expect(lines, 'a failure after a success is reported again').toHaveLength(2);
    } finally {
      // Stopped before the database closes, also when an expectation failed, so no run outlives the test.
      await digests?.stop();
      await db.close();
    }
  });

  it('refuses a time zone PostgreSQL does not know, and an interval setTimeout cannot keep', async () => {
    await expect(
      startTestStack({ migrations: false, digestTimeZone: 'Mars/Olympus_Mons' }),
    ).rejects.toThrow(
      'digestTimeZone must be a time zone PostgreSQL knows, such as UTC or Asia/Kolkata; got "Mars/Olympus_Mons"',
    );
    await expect(startTestStack({ migrations: false, digestIntervalMs: -1 })).rejects.toThrow(
      RangeError,
    );
  });

  it('takes its time zone from `talentg stack --digest-time-zone`, refusing what is no name', async () => {
    const refused = spawnTalentg(['stack', '--port', '0', '--digest-time-zone', "UTC'; drop"]);
    expect(await refused.exited).toBe(2);
    expect(refused.stderr()).toContain(
      '--digest-time-zone must be a time zone name such as UTC or Asia/Kolkata',
    );
    expect(refused.stdout()).toBe('');

    // A name PostgreSQL does not know reaches the stack, which refuses to start with it.
    const unknown = spawnTalentg([
      'stack',
      '--port',
      '0',
      '--db',
      await createDatabaseAt(
        sharedClusterUrl(),
        uniqueDatabaseName('digests_cli'),
        process.env[PG_TEMPLATE_ENV] || undefined,
      ),
      '--seed',
      'none',
      '--digest-time-zone',
      'Mars/Olympus_Mons',
    ]);
    expect(await unknown.exited).toBe(1);
    expect(unknown.stderr()).toContain(
      'talentg stack: digestTimeZone must be a time zone PostgreSQL knows, such as UTC or Asia/Kolkata; got "Mars/Olympus_Mons"',
    );
    expect(unknown.stdout()).toBe('');
  }, 120_000);
});
