// The floor's KPIs for a month over 1,000,000 calls (40 telecallers, 30 days) on the embedded stack over
// PostgreSQL 15: floor_kpis called as the manager through supabase-js, as kpis:get sends it, in day
// buckets of Asia/Kolkata. Target: 300 ms (issue 12). The baseline is the raw count floor_kpis made
// before the 15-minute rollup (private.floor_kpis_answer without it), timed in SQL alternately with the
// rollup's answer in the same process; the rollup's triggers are timed on a 10k-call insert as well.
import pg from 'pg';
import { startStack } from '../../src/local-supabase/stack.js';
import { createDatabaseAt, uniqueDatabaseName } from '../support/pg-cluster.js';
import { clientFor } from '../support/stack.js';
import { median, percentile, round, type Benchmark } from './metric.js';

const CALLS = 1_000_000;
const TELECALLERS = 40;
const DAYS = 30;
const RUNS = 7;
const BATCH = 10_000;
const INTERACTION_KPI_TRIGGER = 'interactions_kpi_slots_insert';

/** The month of calls, loaded with triggers off (session_replication_role): only the rows matter here. */
async function loadCalls(url: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query('set session_replication_role = replica');
    await client.query(
      `insert into auth.users (id, email, aud, role, raw_app_meta_data, raw_user_meta_data)
       select md5('bench-kpi-' || g)::uuid, 'kpi' || g || '@talentg.test', 'authenticated', 'authenticated',
              '{"provider": "email", "role": "telecaller"}', jsonb_build_object('full_name', 'Caller ' || g)
         from generate_series(1, $1::int) g`,
      [TELECALLERS],
    );
    // Triggers are off, so the profiles the sign-up trigger would write are written here.
    await client.query(
      `insert into public.profiles (id, email, full_name, role)
       select md5('bench-kpi-' || g)::uuid, 'kpi' || g || '@talentg.test', 'Caller ' || g, 'telecaller'
         from generate_series(1, $1::int) g`,
      [TELECALLERS],
    );
    await client.query(
      `insert into public.leads (id, name, phone_e164, source, assigned_to)
       select md5('bench-kpi-lead-' || g)::uuid, 'KPI lead ' || g, '+9196' || lpad(g::text, 8, '0'), 'bench',
              md5('bench-kpi-' || (g % $1::int + 1))::uuid
         from generate_series(1, 40000) g`,
      [TELECALLERS],
    );
    await client.query(
      `insert into public.interactions (lead_id, type, disposition, duration_seconds, occurred_at, created_by)
       select md5('bench-kpi-lead-' || (g % 40000 + 1))::uuid, 'call',
              (array['NA','NA','B','A','CB','INT','NI','SALE','DEC','NA'])[1 + (hashtext('d' || g) & 1023) % 10],
              (g * 7) % 900,
              now() - ((hashtext('t' || g) & 2147483647) % ($2::int * 86400)) * interval '1 second',
              md5('bench-kpi-' || ((g % 40000 + 1) % $3::int + 1))::uuid
         from generate_series(1, $1::int) g`,
      [CALLS, DAYS, TELECALLERS],
    );
    await client.query(
      `insert into public.callbacks (lead_id, owner_id, due_at, state, closed_at, created_by)
       select md5('bench-kpi-lead-' || g)::uuid, md5('bench-kpi-' || (g % $1::int + 1))::uuid,
              now() - ((hashtext('c' || g) & 2147483647) % ($2::int * 86400)) * interval '1 second',
              'pending', null, md5('bench-kpi-' || (g % $1::int + 1))::uuid
         from generate_series(1, 20000) g`,
      [TELECALLERS, DAYS],
    );
    // The triggers that keep the KPI slots were off too: count the slots as the migration's backfill does.
    await client.query('set session_replication_role = origin');
    await client.query('select private.kpi_slots_rebuild()');
    await client.query('vacuum analyze public.interactions, public.callbacks, public.profiles, private.kpi_slots');
  } finally {
    await client.end();
  }
}

interface Period {
  from: Date;
  to: Date;
}

/** One answer of floor_kpis' body in SQL as the manager, from the slots (rollup) or row by row. */
async function timeAnswer(client: pg.Client, period: Period, rollup: boolean): Promise<number> {
  const started = performance.now();
  await client.query(
    "select private.floor_kpis_answer($1, $2, 'day', 'Asia/Kolkata', $3)::text",
    [period.from.toISOString(), period.to.toISOString(), rollup],
  );
  return performance.now() - started;
}

/** The rollup against the raw count, alternating, so a busy machine slows both alike. */
async function compareWithRawCount(
  url: string,
  period: Period,
): Promise<{ rollup: number[]; raw: number[] }> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const samples = { rollup: [] as number[], raw: [] as number[] };
  try {
    await timeAnswer(client, period, true);
    await timeAnswer(client, period, false);
    for (let run = 0; run < RUNS; run += 1) {
      samples.rollup.push(await timeAnswer(client, period, true));
      samples.raw.push(await timeAnswer(client, period, false));
    }
  } finally {
    await client.end();
  }
  return samples;
}

/** A 10k-call insert in one statement, with the slots' trigger on or off, rolled back. */
async function timeBatchInsert(client: pg.Client, withSlots: boolean): Promise<number> {
  await client.query('begin');
  try {
    if (!withSlots) {
      await client.query(`alter table public.interactions disable trigger ${INTERACTION_KPI_TRIGGER}`);
    }
    const started = performance.now();
    await client.query(
      `insert into public.interactions (lead_id, type, disposition, duration_seconds, occurred_at, created_by)
       select md5('bench-kpi-lead-' || (g % 40000 + 1))::uuid, 'call', 'NA', 30,
              now() - g * interval '7 seconds', md5('bench-kpi-' || (g % $2::int + 1))::uuid
         from generate_series(1, $1::int) g`,
      [BATCH, TELECALLERS],
    );
    return performance.now() - started;
  } finally {
    await client.query('rollback');
  }
}

/** What the slots' trigger adds to a 10k-call batch (a sync push of calls), alternating with it off. */
async function triggerCost(url: string): Promise<{ on: number[]; off: number[] }> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const samples = { on: [] as number[], off: [] as number[] };
  try {
    await timeBatchInsert(client, true);
    await timeBatchInsert(client, false);
    for (let run = 0; run < RUNS; run += 1) {
      samples.on.push(await timeBatchInsert(client, true));
      samples.off.push(await timeBatchInsert(client, false));
    }
  } finally {
    await client.end();
  }
  return samples;
}

export const kpisFloorMonth: Benchmark = {
  name: 'kpis_floor_month_1m_calls_postgres_ms',
  async run({ postgres, log }) {
    const cluster = await postgres();
    const db = await createDatabaseAt(cluster.baseUrl, uniqueDatabaseName('bench_kpis'));
    const stack = await startStack({ db, seed: true, port: 0 });
    try {
      const loadStarted = performance.now();
      await loadCalls(db);
      log(`loaded ${CALLS} calls in ${round(performance.now() - loadStarted)} ms`);
      const manager = clientFor(stack, stack.anonKey);
      const { error: signInError } = await manager.auth.signInWithPassword({
        email: 'manager@talentg.test',
        password: 'talentg-demo',
      });
      if (signInError) throw signInError;
      const to = new Date();
      const from = new Date(to.getTime() - DAYS * 86_400_000);
      const sql = await compareWithRawCount(db, { from, to });
      log(`SQL medians: rollup ${round(median(sql.rollup))} ms, raw count ${round(median(sql.raw))} ms`);
      const inserts = await triggerCost(db);
      log(`10k-call insert: ${round(median(inserts.on))} ms with the slots' trigger, ${round(median(inserts.off))} ms without`);
      const samples: number[] = [];
      // One unmeasured call first: the plan and the buffers warm as they would after the first visit.
      for (let run = 0; run <= RUNS; run += 1) {
        const started = performance.now();
        const { data, error } = await manager.rpc('floor_kpis', {
          p_from: from.toISOString(),
          p_to: to.toISOString(),
          p_bucket: 'day',
          p_time_zone: 'Asia/Kolkata',
        });
        const took = performance.now() - started;
        if (error) throw new Error(`floor_kpis: ${error.message}`);
        const cells = (data as { cells: { calls: number }[] }).cells;
        const calls = cells.reduce((sum, cell) => sum + cell.calls, 0);
        if (calls < CALLS * 0.99) throw new Error(`floor_kpis counted ${calls} of ${CALLS} calls`);
        if (run > 0) samples.push(took);
        log(`floor_kpis month: ${round(took)} ms`);
      }
      return {
        value: round(median(samples)),
        unit: 'ms',
        target: 300,
        baseline: round(median(sql.raw)),
        details: {
          p90_ms: round(percentile(samples, 0.9)),
          sql_rollup_ms: round(median(sql.rollup)),
          sql_raw_count_ms: round(median(sql.raw)),
          sql_ratio_rollup_vs_raw: round(median(sql.rollup) / median(sql.raw)),
          insert_10k_calls_with_slots_ms: round(median(inserts.on)),
          insert_10k_calls_without_slots_ms: round(median(inserts.off)),
          insert_ratio_with_vs_without_slots: round(median(inserts.on) / median(inserts.off)),
          runs: RUNS,
          calls: CALLS,
          telecallers: TELECALLERS,
          method:
            `floor_kpis over the last ${DAYS} days in day buckets (Asia/Kolkata), called as the demo manager through ` +
            'supabase-js against the embedded stack on PostgreSQL 15; median of the runs after one warm-up call. ' +
            'Baseline: the raw count (the pre-rollup floor_kpis) in SQL, alternating with the rollup in SQL; ' +
            `the trigger cost: one ${BATCH}-call INSERT with and without the slots' trigger, alternating, rolled back.`,
        },
      };
    } finally {
      await stack.close();
    }
  },
};
