// The sync figures of issue 4, through the real core (supabase-js, the sync RPCs, the SQLite cache)
// against the embedded stack on PostgreSQL 15: first sync, pushing an offline backlog, change → cache.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { spawnTalentg } from '../integration/talentg-process.js';
import { Workstation } from '../../src/workstation/workstation.js';
import { uniqueDatabaseName } from '../support/pg-cluster.js';
import { median, percentile, round, type BenchContext, type Benchmark } from './metric.js';

const TC1 = '00000000-0000-4000-8000-000000000003';
const PASSWORD = 'talentg-demo';

export interface Floor {
  stack: { url: string; anonKey: string };
  sql: pg.Pool;
  dataDir: string;
  close(): Promise<void>;
}

/** The stack in its own process (`talentg stack`), as a server is: its work does not share the client's event loop. */
export async function demoFloor({ postgres }: BenchContext): Promise<Floor> {
  const cluster = await postgres();
  const dbName = uniqueDatabaseName('bench_sync');
  const dbUrl = await cluster.createDatabase(dbName);
  const proc = spawnTalentg(['stack', '--port', '0', '--db', dbUrl, '--seed', 'demo']);
  const ready = JSON.parse(await proc.firstLine()) as { url: string; anonKey: string };
  const stack = { url: ready.url, anonKey: ready.anonKey };
  const sql = new pg.Pool({ connectionString: dbUrl, max: 2 });
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'talentg-bench-sync-'));
  return {
    stack,
    sql,
    dataDir,
    close: async () => {
      proc.child.kill('SIGTERM');
      await proc.exited;
      await sql.end();
      rmSync(dataDir, { recursive: true, force: true });
      // Dropped and checkpointed, so neither autovacuum of its rows nor writing out its pages runs
      // under the next benchmark on this cluster.
      const admin = new pg.Client({ connectionString: cluster.baseUrl });
      await admin.connect();
      try {
        await admin.query(`drop database ${dbName} with (force)`);
        await admin.query('checkpoint');
      } finally {
        await admin.end();
      }
    },
  };
}

async function tc1Workstation(floor: Floor, syncOnSignIn: boolean): Promise<Workstation> {
  const workstation = await Workstation.open({
    dataDir: floor.dataDir,
    url: floor.stack.url,
    anonKey: floor.stack.anonKey,
    sync: { periodicMs: 60_000 },
  });
  const answer = await workstation.signIn('tc1@talentg.test', PASSWORD);
  if (!answer.ok) throw new Error(`sign-in failed: ${answer.code}`);
  if (syncOnSignIn) {
    const round = await workstation.syncOnce();
    if (!round.ok)
      throw new Error(`first sync failed: ${round.error?.code} ${round.error?.message}`);
  }
  return workstation;
}

const LEADS = 50_000;
const INTERACTIONS = 200_000;

/** tc1's first download (50k leads, 200k interactions), bulk-loaded without triggers; shared by the shell-relay bench. */
export async function loadFirstSyncRows(floor: Floor, context: BenchContext): Promise<void> {
  context.log(`loading ${LEADS} leads and ${INTERACTIONS} interactions for tc1`);
  const loader = await floor.sql.connect();
  try {
    // Bulk load without triggers: the figure is the download, not the import.
    await loader.query('set session_replication_role = replica');
    await loader.query(
      `insert into public.leads (id, name, phone_e164, status, assigned_to, created_by, time_zone)
       select md5('bench/lead/' || g)::uuid, 'Bench Lead ' || g, '+88' || lpad(g::text, 10, '0'), 'new',
              $1::uuid, '00000000-0000-4000-8000-000000000002'::uuid, 'Asia/Kolkata'
         from generate_series(1, ${LEADS}) g`,
      [TC1],
    );
    await loader.query(
      `insert into public.interactions (id, lead_id, type, content, disposition, duration_seconds, occurred_at, created_by)
       select md5('bench/interaction/' || g)::uuid, md5('bench/lead/' || (1 + g % ${LEADS}))::uuid, 'call',
              'Bench call ' || g, 'NA', 30, now() - make_interval(mins => g), $1::uuid
         from generate_series(1, ${INTERACTIONS}) g`,
      [TC1],
    );
    await loader.query('reset session_replication_role');
    await loader.query('analyze public.leads; analyze public.interactions');
  } finally {
    loader.release();
  }
}

export const workstationFirstSync: Benchmark = {
  name: 'workstation_first_sync_50k_leads_200k_interactions',
  async run(context) {
    const floor = await demoFloor(context);
    try {
      await loadFirstSyncRows(floor, context);
      const workstation = await tc1Workstation(floor, false);
      try {
        const started = performance.now();
        const round = await workstation.syncOnce();
        const seconds = (performance.now() - started) / 1000;
        if (!round.ok)
          throw new Error(`first sync failed: ${round.error?.code} ${round.error?.message}`);
        return {
          value: round2(seconds),
          unit: 's',
          target: 20,
          details: { rows: round.pulled, rows_per_second: Math.round(round.pulled / seconds) },
        };
      } finally {
        await workstation.close();
      }
    } finally {
      await floor.close();
    }
  },
};

const BACKLOG = 10_000;

export const workstationPushBacklog: Benchmark = {
  name: 'workstation_push_10k_offline_mutations',
  async run(context) {
    const floor = await demoFloor(context);
    try {
      const workstation = await tc1Workstation(floor, true);
      try {
        // Spread over all of tc1's open leads, as days of work are; the queue at one moment holds only the
        // few leads inside their calling window, and piling 10k writes on 6 rows measures row contention.
        const { rows: open } = await floor.sql.query<{ id: string }>(
          `select id from public.leads
            where assigned_to = $1 and not do_not_call and status in ('new', 'contacted', 'qualified')
            order by id`,
          [TC1],
        );
        const leads = open.map((row) => row.id);
        context.log(`queueing ${BACKLOG} writes offline on ${leads.length} leads`);
        for (let n = 0; n < BACKLOG; n++) {
          const leadId = leads[n % leads.length]!;
          const done =
            n % 2 === 0
              ? workstation.cache.addNote({ leadId, content: `backlog note ${n}`, now: Date.now() })
              : workstation.cache.logCall({
                  leadId,
                  disposition: 'B',
                  notes: `backlog call ${n}`,
                  now: Date.now(),
                });
          if (!done.ok) throw new Error(`local write refused: ${done.code}`);
        }
        let pulling: number | undefined;
        const stopWatching = workstation.onProgress((progress) => {
          if (progress.phase === 'pulling' && pulling === undefined) pulling = performance.now();
        });
        const started = performance.now();
        const round = await workstation.syncOnce();
        const ended = performance.now();
        stopWatching();
        const seconds = (ended - started) / 1000;
        // A call on a lead with a due callback also closes it: a few more mutations than writes.
        if (!round.ok || round.pushed < BACKLOG) {
          throw new Error(
            `push round: ok=${round.ok} pushed=${round.pushed} ${round.error?.message ?? ''}`,
          );
        }
        return {
          value: round2(seconds),
          unit: 's',
          target: 5,
          details: {
            writes: BACKLOG,
            mutations: round.pushed,
            leads: leads.length,
            per_second: Math.round(round.pushed / seconds),
            refused: round.rejected,
            push_s: round2(((pulling ?? ended) - started) / 1000),
            pull_s: round2((ended - (pulling ?? ended)) / 1000),
          },
        };
      } finally {
        await workstation.close();
      }
    } finally {
      await floor.close();
    }
  },
};

const CHANGES = 60;

export const workstationChangeToCache: Benchmark = {
  name: 'workstation_change_to_cache_p95',
  async run(context) {
    const floor = await demoFloor(context);
    let arrived: ((id: string) => void) | undefined;
    try {
      const workstation = await tc1Workstation(floor, true);
      try {
        const leadId = workstation.cache.queue({ now: Date.now(), limit: 1 })[0]!.lead.id;
        const seen = new Set<string>();
        const check = () => {
          for (const row of workstation.cache.leadWithHistory(leadId)?.interactions ?? []) {
            if (!seen.has(row.id)) {
              seen.add(row.id);
              arrived?.(row.id);
            }
          }
        };
        check();
        workstation.onCacheChanged(check);
        workstation.startSync();
        await waitFor(() => workstation.status().realtime === 'SUBSCRIBED', 10_000);
        const samples: number[] = [];
        for (let n = 0; n < CHANGES; n++) {
          const id = crypto.randomUUID();
          const landed = new Promise<number>((resolve) => {
            arrived = (rowId) => {
              if (rowId === id) resolve(performance.now());
            };
          });
          // Another client's commit: the manager's note, written straight to the database.
          const committed = await floor.sql
            .query(
              `insert into public.interactions (id, lead_id, type, content, created_by)
               values ($1, $2, 'note', 'from the manager', '00000000-0000-4000-8000-000000000002')`,
              [id, leadId],
            )
            .then(() => performance.now());
          const at = await Promise.race([landed, sleep(5_000).then(() => Number.NaN)]);
          if (Number.isNaN(at)) throw new Error(`change ${n} never reached the cache`);
          samples.push(at - committed);
          await sleep(30);
        }
        return {
          value: round(percentile(samples, 0.95)),
          unit: 'ms',
          target: 150,
          details: { p50_ms: round(median(samples)), samples: samples.length },
        };
      } finally {
        await workstation.close();
      }
    } finally {
      await floor.close();
    }
  },
};

function round2(value: number): number {
  return Math.round(value * 100) / 100;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function waitFor(condition: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('timed out waiting for the realtime subscription');
    await sleep(20);
  }
}
