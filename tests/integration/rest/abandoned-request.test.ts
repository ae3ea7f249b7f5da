// A client that disconnects before its answer leaves no work behind: on PGlite (one connection) its
// queued request never runs and the next one is served without waiting for it; on PostgreSQL its
// running statement is cancelled and rolled back.
import { request as httpRequest } from 'node:http';
import { afterAll, describe, expect, it } from 'vitest';
import type { RunningStack } from '../../../src/local-supabase/stack.js';
import {
  createDatabaseAt,
  sharedClusterUrl,
  uniqueDatabaseName,
} from '../../support/pg-cluster.js';
import { startTestStack } from '../../support/stack.js';

const FIXTURE_SQL = `
create table public.writes (n int primary key);
grant select on public.writes to anon;
-- Sleeps, then writes n: a slow write whose effect shows whether it ran.
create function public.slow_write(n int, seconds float8) returns void language plpgsql as $$
begin
  perform pg_sleep(seconds);
  insert into public.writes (n) values (n);
end $$;
grant insert on public.writes to anon;
grant execute on function public.slow_write(int, float8) to anon;
`;

const clusterDb = await createDatabaseAt(sharedClusterUrl(), uniqueDatabaseName('abandoned'));
const [onPglite, onPostgres] = await Promise.all([
  startTestStack({ db: 'memory', migrations: false, fixtureSql: FIXTURE_SQL }),
  startTestStack({ db: clusterDb, migrations: false, fixtureSql: FIXTURE_SQL }),
]);
afterAll(() => Promise.all([onPglite.close(), onPostgres.close()]));

function callSlowWrite(stack: RunningStack, n: number, seconds: number): Promise<Response> {
  return fetch(`${stack.url}/rest/v1/rpc/slow_write`, {
    method: 'POST',
    headers: { apikey: stack.anonKey, 'content-type': 'application/json' },
    body: JSON.stringify({ n, seconds }),
  });
}

/** Sends slow_write and drops the connection after `afterMs`, as a killed process does. */
function abandonSlowWrite(
  stack: RunningStack,
  n: number,
  seconds: number,
  afterMs: number,
): Promise<void> {
  const body = JSON.stringify({ n, seconds });
  const sent = httpRequest(`${stack.url}/rest/v1/rpc/slow_write`, {
    method: 'POST',
    headers: {
      apikey: stack.anonKey,
      'content-type': 'application/json',
      'content-length': Buffer.byteLength(body),
    },
  });
  sent.on('error', () => {});
  sent.end(body);
  return new Promise((resolve) =>
    setTimeout(() => {
      sent.destroy();
      resolve();
    }, afterMs),
  );
}

async function writes(stack: RunningStack): Promise<number[]> {
  const { rows } = await stack.db.query<{ n: number | string }>(
    'select n from public.writes order by n',
  );
  return rows.map((row) => Number(row.n));
}

describe('a request whose client disconnected', () => {
  it('on PGlite: never runs if it was still queued, and the request behind it does not wait for it', async () => {
    // Holds the one connection for 1 s without blocking the thread, so requests queue behind it.
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    const holding = onPglite.db.transaction(async (tx) => {
      await tx.query('select 1');
      await released;
    });
    const started = Date.now();
    // A 5 s write queues behind it; its client leaves while it waits.
    await abandonSlowWrite(onPglite, 2, 5, 300);
    const behind = fetch(`${onPglite.url}/rest/v1/writes?select=n`, {
      headers: { apikey: onPglite.anonKey },
    });
    await new Promise((resolve) => setTimeout(resolve, 300));
    release();
    await holding;
    const answer = await behind;
    const servedAfterMs = Date.now() - started;
    expect(answer.status).toBe(200);
    expect(await answer.json()).toEqual([]);
    // Served once the connection was free, not after the abandoned 5 s write, which would hold the
    // connection 5 s once the holder let go: any figure under 5 s tells them apart.
    expect(servedAfterMs).toBeLessThan(4_500);
    expect(await writes(onPglite)).toEqual([]);
  });

  it('on PostgreSQL: is cancelled while it runs, and its write is rolled back', async () => {
    await abandonSlowWrite(onPostgres, 3, 30, 500);
    const deadline = Date.now() + 5_000;
    let running = 1;
    while (running > 0 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      const { rows } = await onPostgres.db.query<{ count: string | number }>(
        `select count(*) as count from pg_stat_activity
          where state = 'active' and query like '%slow_write%' and pid <> pg_backend_pid()`,
      );
      running = Number(rows[0]?.count);
    }
    // Without the cancel the backend would sleep its 30 s.
    expect(running).toBe(0);
    expect(await writes(onPostgres)).toEqual([]);
    // The stack keeps serving.
    expect((await callSlowWrite(onPostgres, 4, 0)).status).toBe(204);
    expect(await writes(onPostgres)).toEqual([4]);
  });
});
