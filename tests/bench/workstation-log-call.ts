// logCall on the workstation cache against bare better-sqlite3 doing the same writes, same pragmas, same process.
import path from 'node:path';
import type Database from 'better-sqlite3';
import { tempDataDir, serverDispositions, serverLead } from '../support/cache-rows.js';
import { openCache, openDatabase, type Cache } from '../../src/workstation/cache/open-cache.js';
import {
  median,
  percentile,
  round,
  type Benchmark,
  type BenchContext,
  type Metric,
} from './metric.js';

const USER = '0000000b-0000-4000-8000-0000000be002';
const LEADS = 20_000;
const WARMUP_ROUNDS = 300;
const ROUNDS = 3000;

interface LogCallFigures {
  readonly logCallMs: number[];
  readonly sameWritesMs: number[];
  readonly singleInsertMs: number[];
}

function seed(cache: Cache): string[] {
  cache.beginResync();
  cache.applyBootstrapRows('disposition', serverDispositions());
  const ids: string[] = [];
  for (let start = 0; start < LEADS; start += 5000) {
    const rows = Array.from({ length: Math.min(5000, LEADS - start) }, () => serverLead(USER));
    cache.applyBootstrapRows('lead', rows);
    for (const row of rows) ids.push(row.id);
  }
  cache.finishResync('bench', new Date().toISOString());
  return ids;
}

/** The rows logCall writes (lead queue fields, the interaction, the outbox entry) as three hand-written statements. */
function sameWrites(db: Database.Database): (leadId: string, now: number) => void {
  const lead = db.prepare('SELECT attempts FROM leads WHERE id = ?');
  const update = db.prepare(
    'UPDATE leads SET status = ?, attempts = ?, last_contact_at = ?, recycle_at = ?, callback_due_at = NULL WHERE id = ?',
  );
  const interaction = db.prepare(
    `INSERT INTO interactions (id, lead_id, type, content, disposition, duration_seconds, occurred_at, created_at, created_by, updated_at, local_seq)
     VALUES (?, ?, 'call', 'bench call', 'NA', NULL, ?, ?, ?, ?, ?)`,
  );
  const outbox = db.prepare(
    'INSERT INTO outbox (seq, id, op, args, user_id, lead_id, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
  );
  let seq = 0;
  return db.transaction((leadId: string, now: number) => {
    const { attempts } = lead.get(leadId) as { attempts: number };
    update.run('new', attempts + 1, now, now + 120 * 60_000, leadId);
    const interactionId = crypto.randomUUID();
    seq += 1;
    interaction.run(interactionId, leadId, now, now, USER, now, seq);
    const args = JSON.stringify({
      interaction_id: interactionId,
      lead_id: leadId,
      disposition: 'NA',
      notes: 'bench call',
    });
    outbox.run(seq, crypto.randomUUID(), 'log_call', args, USER, leadId, now);
  }).immediate;
}

async function measure(log: BenchContext['log']): Promise<LogCallFigures> {
  const data = tempDataDir('talentg-bench-cache-');
  const cache = openCache({ dataDir: data.dir, userId: USER });
  let baseline: Database.Database | undefined;
  try {
    log(`seeding ${LEADS} cached leads`);
    const ids = seed(cache);
    // A copy of the same file (schema, indexes, triggers, rows) for the bare statements.
    const baselineFile = path.join(data.dir, 'baseline.sqlite');
    const source = openDatabase(cache.path);
    try {
      source.prepare('VACUUM INTO ?').run(baselineFile);
    } finally {
      source.close();
    }
    baseline = openDatabase(baselineFile);
    baseline.exec(
      'DELETE FROM outbox; CREATE TABLE bare_insert (id INTEGER PRIMARY KEY, lead_id TEXT NOT NULL, payload TEXT NOT NULL)',
    );
    const writeSame = sameWrites(baseline);
    const single = baseline.prepare('INSERT INTO bare_insert (lead_id, payload) VALUES (?, ?)');
    const payload = JSON.stringify({ disposition: 'NA', notes: 'bench call' });

    const figures: LogCallFigures = { logCallMs: [], sameWritesMs: [], singleInsertMs: [] };
    const steps: [keyof LogCallFigures, (leadId: string, now: number) => void][] = [
      [
        'logCallMs',
        (leadId, now) => {
          const done = cache.logCall({ leadId, disposition: 'NA', notes: 'bench call', now });
          if (!done.ok) throw new Error(`logCall failed: ${done.code} ${done.message}`);
        },
      ],
      ['sameWritesMs', (leadId, now) => writeSame(leadId, now)],
      ['singleInsertMs', (leadId) => void single.run(leadId, payload)],
    ];
    const now = Date.now();
    for (let i = 0; i < WARMUP_ROUNDS + ROUNDS; i++) {
      const leadId = ids[(i * 7919) % ids.length] as string;
      // Rotate who goes first, so none always runs right after another's commit.
      for (let k = 0; k < steps.length; k++) {
        const [name, step] = steps[(i + k) % steps.length] as (typeof steps)[number];
        const started = performance.now();
        step(leadId, now + i * 1000);
        const elapsed = performance.now() - started;
        if (i >= WARMUP_ROUNDS) figures[name].push(elapsed);
      }
    }
    return figures;
  } finally {
    cache.close();
    baseline?.close();
    data.remove();
  }
}

let measured: Promise<LogCallFigures> | undefined;
const figures = (log: BenchContext['log']) => (measured ??= measure(log));

function details(f: LogCallFigures): Record<string, number | string> {
  return {
    log_call_median_ms: round(median(f.logCallMs)),
    log_call_p99_ms: round(percentile(f.logCallMs, 0.99)),
    same_writes_median_ms: round(median(f.sameWritesMs)),
    same_writes_p99_ms: round(percentile(f.sameWritesMs, 0.99)),
    single_insert_median_ms: round(median(f.singleInsertMs)),
    single_insert_p99_ms: round(percentile(f.singleInsertMs, 0.99)),
    ratio_vs_single_insert: round(median(f.logCallMs) / median(f.singleInsertMs)),
    rounds: ROUNDS,
    cached_leads: LEADS,
    method:
      'logCall (NA, one transaction: lead update + interaction + outbox entry) vs the same three writes as bare prepared statements in one transaction, and vs one bare INSERT; same pragmas (CACHE_PRAGMAS), copies of the same file',
  };
}

export const workstationLogCallP99: Benchmark = {
  name: 'workstation_log_call_p99',
  async run({ log }): Promise<Metric> {
    const f = await figures(log);
    return {
      value: round(percentile(f.logCallMs, 0.99)),
      unit: 'ms',
      target: 2,
      details: details(f),
    };
  },
};

/** The literal baseline: one bare INSERT. A call is three writes, so this one is expected to miss. */
export const workstationLogCallRatioVsInsert: Benchmark = {
  name: 'workstation_log_call_ratio_vs_single_insert',
  async run({ log }): Promise<Metric> {
    const f = await figures(log);
    return {
      value: round(median(f.logCallMs) / median(f.singleInsertMs)),
      unit: 'ratio',
      target: 1.5,
      baseline: round(median(f.singleInsertMs)),
      details: details(f),
    };
  },
};

/** The core's overhead over the same three writes done bare: what our code adds on top of SQLite. */
export const workstationLogCallRatio: Benchmark = {
  name: 'workstation_log_call_ratio_vs_same_writes',
  async run({ log }): Promise<Metric> {
    const f = await figures(log);
    return {
      value: round(median(f.logCallMs) / median(f.sameWritesMs)),
      unit: 'ratio',
      target: 1.5,
      baseline: round(median(f.sameWritesMs)),
      details: details(f),
    };
  },
};
