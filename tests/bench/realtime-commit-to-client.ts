import type { RealtimePostgresInsertPayload, SupabaseClient } from '@supabase/supabase-js';
import pg from 'pg';
import { startStack } from '../../src/local-supabase/stack.js';
import { uniqueDatabaseName } from '../support/pg-cluster.js';
import { disconnectAll, realtimeClientAs, subscribed, userToken } from '../support/realtime.js';
import { percentile, round, wallClockMs, type Benchmark } from './metric.js';

const SUBSCRIBERS = 200;
const INSERTS = 200;
const INSERT_INTERVAL_MS = 20;
// Joins in batches: 200 at once on 2 cores measures the join storm, not the steady state.
const JOIN_BATCH = 20;
const DRAIN_TIMEOUT_MS = 10_000;

// Each row carries its own insert time from PostgreSQL's clock, so arrival minus stamp covers commit + capture + send.
const fixtureSql = `
  create table public.bench_calls (
    id bigint generated always as identity primary key,
    owner uuid not null,
    seq int not null,
    stamped_ms double precision not null default extract(epoch from clock_timestamp()) * 1000
  );
  alter table public.bench_calls enable row level security;
  create policy bench_calls_read_own on public.bench_calls for select to authenticated using (owner = auth.uid());
  grant select on public.bench_calls to authenticated;
  alter publication supabase_realtime add table public.bench_calls;
`;

type Call = { id: number; owner: string; seq: number; stamped_ms: number | string };

function userId(i: number): string {
  return `0000000c-0000-4000-8000-${String(i).padStart(12, '0')}`;
}

export const realtimeCommitToClient: Benchmark = {
  name: 'realtime_commit_to_client_p95',
  async run({ postgres, log }) {
    const databaseUrl = await (await postgres()).createDatabase(uniqueDatabaseName('bench_realtime'));
    const stack = await startStack({ db: databaseUrl, migrations: false, fixtureSql, port: 0 });
    const writer = new pg.Client({ connectionString: databaseUrl });
    const clients: SupabaseClient[] = [];
    try {
      await writer.connect();
      const stampLatencyMs = new Map<number, number>();
      const commitLatencyMs = new Map<number, number>();
      const committedAt = new Map<number, number>();
      let leaked = 0;
      let duplicates = 0;
      let onAll: (() => void) | undefined;

      const arrive = (user: string, row: Call) => {
        const arrived = wallClockMs();
        if (row.owner !== user) leaked++;
        if (stampLatencyMs.has(row.seq)) duplicates++;
        stampLatencyMs.set(row.seq, arrived - Number(row.stamped_ms));
        const committed = committedAt.get(row.seq);
        if (committed !== undefined) commitLatencyMs.set(row.seq, arrived - committed);
        if (stampLatencyMs.size === INSERTS) onAll?.();
      };

      const joinStarted = performance.now();
      for (let first = 0; first < SUBSCRIBERS; first += JOIN_BATCH) {
        const batch = Array.from({ length: Math.min(JOIN_BATCH, SUBSCRIBERS - first) }, (_, k) => first + k);
        await Promise.all(
          batch.map(async (i) => {
            const user = userId(i);
            const client = await realtimeClientAs(stack, await userToken(stack, user));
            clients.push(client);
            await subscribed(
              client.channel(`bench-calls-${i}`).on(
                'postgres_changes',
                { event: 'INSERT', schema: 'public', table: 'bench_calls' },
                (payload: RealtimePostgresInsertPayload<Call>) => arrive(user, payload.new),
              ),
              30_000,
            );
          }),
        );
      }
      log(`${SUBSCRIBERS} clients subscribed in ${((performance.now() - joinStarted) / 1000).toFixed(1)} s`);

      const allArrived = new Promise<void>((resolve) => (onAll = resolve));
      for (let seq = 0; seq < INSERTS; seq++) {
        const owner = userId((seq * 37) % SUBSCRIBERS);
        await writer.query('insert into public.bench_calls (owner, seq) values ($1, $2)', [owner, seq]);
        committedAt.set(seq, wallClockMs());
        await new Promise((resolve) => setTimeout(resolve, INSERT_INTERVAL_MS));
      }
      let drainTimer: NodeJS.Timeout | undefined;
      await Promise.race([
        allArrived,
        new Promise((resolve) => (drainTimer = setTimeout(resolve, DRAIN_TIMEOUT_MS))),
      ]);
      clearTimeout(drainTimer);

      const missing = INSERTS - stampLatencyMs.size;
      if (missing > 0 || leaked > 0 || duplicates > 0) {
        log(`WARNING: ${missing} inserts never arrived, ${leaked} went to the wrong user, ${duplicates} arrived twice`);
      }
      // A lost event counts as the drain timeout, so losses raise the percentiles instead of hiding.
      const latencies = [...stampLatencyMs.values(), ...Array<number>(missing).fill(DRAIN_TIMEOUT_MS)];
      const afterCommit = [...commitLatencyMs.values()];
      const p50 = percentile(latencies, 0.5);
      const p95 = percentile(latencies, 0.95);
      log(`commit-to-client p50 ${p50.toFixed(1)} ms, p95 ${p95.toFixed(1)} ms`);
      return {
        value: round(p95),
        unit: 'ms',
        target: 50,
        details: {
          p50_ms: round(p50),
          p95_ms: round(p95),
          max_ms: round(Math.max(...latencies)),
          after_commit_returned_p50_ms: afterCommit.length > 0 ? round(percentile(afterCommit, 0.5)) : 'none',
          after_commit_returned_p95_ms: afterCommit.length > 0 ? round(percentile(afterCommit, 0.95)) : 'none',
          subscribers: SUBSCRIBERS,
          inserts: INSERTS,
          insert_interval_ms: INSERT_INTERVAL_MS,
          missing,
          leaked_to_wrong_user: leaked,
          duplicates,
          measured_from: 'row stamped with clock_timestamp() at insert, to arrival at the subscribed client',
          database: 'PostgreSQL 15 (throwaway cluster), RLS owner policy, one JWT per user',
        },
      };
    } finally {
      await disconnectAll(clients);
      await writer.end();
      await stack.close();
    }
  },
};
