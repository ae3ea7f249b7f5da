import { createClient } from '@supabase/supabase-js';
import pg from 'pg';
import WebSocket from 'ws';
import { startStack } from '../../src/local-supabase/stack.js';
import { uniqueDatabaseName } from '../support/pg-cluster.js';
import { userToken } from '../support/realtime.js';
import { median, percentile, round, type Benchmark } from './metric.js';

const OWNER = '0000000b-0000-4000-8000-00000000be01';
const ROWS = 1000;
// A stack serves warm: both paths get ~2 s of rounds first, so V8 has optimised them before anything is timed
// (50 rounds left both twice as slow and the ratio at 2.0–2.7x; from ~1000 rounds on the figures settle).
const WARMUP_ROUNDS = 1500;
const ROUNDS = 1000;

// RLS on with an owner policy, so both paths pay for the same row-level check.
const fixtureSql = `
  create table public.bench_items (id bigint primary key, owner uuid not null, name text not null, amount numeric not null);
  alter table public.bench_items enable row level security;
  create policy bench_items_read_own on public.bench_items for select to authenticated using (owner = auth.uid());
  grant select on public.bench_items to authenticated;
  insert into public.bench_items select n, '${OWNER}', 'item ' || n, n * 1.5 from generate_series(1, ${ROWS}) n;
`;

const PG_METHOD =
  'pg.Client: begin; select set_config(role) + set_config(request.jwt.claims) (local); select * where id = $1; commit';

export const restReadByKey: Benchmark = {
  name: 'rest_read_by_key_overhead',
  async run({ postgres, log }) {
    const databaseUrl = await (await postgres()).createDatabase(uniqueDatabaseName('bench_rest'));
    const stack = await startStack({ db: databaseUrl, migrations: false, fixtureSql, port: 0 });
    const direct = new pg.Client({ connectionString: databaseUrl });
    try {
      await direct.connect();
      const token = await userToken(stack, OWNER);
      const client = createClient(stack.url, stack.anonKey, {
        auth: { persistSession: false, autoRefreshToken: false, detectSessionInUrl: false },
        global: { headers: { Authorization: `Bearer ${token}` } },
        realtime: { transport: WebSocket as never },
      });
      const claims = JSON.stringify({ sub: OWNER, role: 'authenticated', aud: 'authenticated' });

      const viaRest = async (id: number) => {
        const { data, error } = await client.from('bench_items').select('*').eq('id', id).single();
        if (error) throw new Error(`REST read of id ${id} failed: ${error.message}`);
        return (data as { id: number }).id;
      };
      // What PostgREST does per request, in as few round trips as pg allows.
      const viaPg = async (id: number) => {
        await direct.query('begin');
        try {
          await direct.query(
            "select set_config('role', 'authenticated', true), set_config('request.jwt.claims', $1, true)",
            [claims],
          );
          const { rows } = await direct.query<{ id: string }>(
            'select * from public.bench_items where id = $1',
            [id],
          );
          if (rows.length !== 1) throw new Error(`pg read of id ${id} returned ${rows.length} rows`);
          return Number(rows[0]!.id);
        } finally {
          await direct.query('commit');
        }
      };

      const restMs: number[] = [];
      const pgMs: number[] = [];
      const timed = async (read: (id: number) => Promise<number>, id: number) => {
        const started = performance.now();
        const got = await read(id);
        const elapsed = performance.now() - started;
        if (got !== id) throw new Error(`read id ${id} but got ${got}`);
        return elapsed;
      };
      for (let i = 0; i < WARMUP_ROUNDS + ROUNDS; i++) {
        const id = ((i * 7919) % ROWS) + 1;
        // Alternate which goes first, so neither always reads a row the other just warmed.
        const restFirst = i % 2 === 0;
        const first = await timed(restFirst ? viaRest : viaPg, id);
        const second = await timed(restFirst ? viaPg : viaRest, id);
        if (i < WARMUP_ROUNDS) continue;
        restMs.push(restFirst ? first : second);
        pgMs.push(restFirst ? second : first);
      }
      const rest = median(restMs);
      const direct50 = median(pgMs);
      log(`REST median ${rest.toFixed(2)} ms, pg median ${direct50.toFixed(2)} ms over ${ROUNDS} rounds`);
      return {
        value: round(rest / direct50),
        unit: 'ratio',
        target: 2,
        details: {
          supabase_js_median_ms: round(rest),
          supabase_js_p95_ms: round(percentile(restMs, 0.95)),
          pg_median_ms: round(direct50),
          pg_p95_ms: round(percentile(pgMs, 0.95)),
          rounds: ROUNDS,
          pg_method: PG_METHOD,
          database: 'PostgreSQL 15 (throwaway cluster), RLS owner policy, role authenticated',
        },
      };
    } finally {
      await direct.end();
      await stack.close();
    }
  },
};
