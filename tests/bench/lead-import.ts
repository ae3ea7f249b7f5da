// A CSV import of 50,000 leads end to end on the embedded stack over PostgreSQL 15: the bytes parsed and
// validated, the rows staged in chunks and the import applied, through the core's contract as
// `talentg workstation ... import-leads` does it (minus starting the process). Target: 10 s (issue 12).
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { importPort } from '../../src/cli/workstation-lead-commands.js';
import { createCoreClient } from '../../src/contract/core-client.js';
import { runLeadImport } from '../../src/domain/lead-import-run.js';
import { startStack } from '../../src/local-supabase/stack.js';
import { hostCore } from '../../src/workstation/host-core.js';
import { Workstation } from '../../src/workstation/workstation.js';
import { createDatabaseAt, uniqueDatabaseName } from '../support/pg-cluster.js';
import { median, round, type Benchmark } from './metric.js';

const ROWS = 50_000;
const RUNS = 3;

/** 50,000 data rows of run `run`: every 50th repeats an earlier phone, every 100th has a bad one. */
function csvOf(run: number): Uint8Array {
  const lines = ['Name,Mobile,Email,Company,Source'];
  for (let i = 1; i <= ROWS; i += 1) {
    const n = i % 50 === 0 ? i - 1 : i;
    const phone = i % 100 === 1 ? '12345' : `93${run}${String(n).padStart(7, '0')}`;
    lines.push(
      `Lead ${run}-${i},${phone},lead${run}.${i}@example.com,Company ${i % 300},bench-${run}`,
    );
  }
  return new TextEncoder().encode(`${lines.join('\n')}\n`);
}

export const leadImport50k: Benchmark = {
  name: 'lead_import_50k_rows_postgres_ms',
  async run({ postgres, log }) {
    const cluster = await postgres();
    const db = await createDatabaseAt(cluster.baseUrl, uniqueDatabaseName('bench_import'));
    const stack = await startStack({ db, seed: true, port: 0 });
    const dataDir = await mkdtemp(path.join(tmpdir(), 'talentg-bench-import-'));
    const workstation = await Workstation.open({ dataDir, url: stack.url, anonKey: stack.anonKey });
    const core = hostCore(workstation, { autoSync: false });
    try {
      const signedIn = await workstation.signIn('manager@talentg.test', 'talentg-demo');
      if (!signedIn.ok) throw new Error(signedIn.message);
      const port = importPort(createCoreClient({ invoke: core.invoke, onEvent: core.subscribe }));
      const totals: number[] = [];
      const applies: number[] = [];
      for (let run = 1; run <= RUNS; run += 1) {
        const bytes = csvOf(run);
        let applyStarted = 0;
        const timed: typeof port = {
          ...port,
          apply: (importId, dryRun) => {
            applyStarted = performance.now();
            return port.apply(importId, dryRun);
          },
        };
        const started = performance.now();
        const report = await runLeadImport(
          bytes,
          { country: 'IN', fileName: `bench-${run}.csv` },
          timed,
        );
        const ended = performance.now();
        if ('ok' in report) throw new Error(`${report.code}: ${report.message}`);
        if (report.inserted !== ROWS - ROWS / 50 - ROWS / 100) {
          throw new Error(
            `run ${run} inserted ${report.inserted} leads: ${JSON.stringify({ ...report, refused: report.refused.length })}`,
          );
        }
        totals.push(ended - started);
        applies.push(ended - applyStarted);
        log(
          `import of ${ROWS} rows: ${round(ended - started)} ms (apply ${round(ended - applyStarted)} ms)`,
        );
      }
      return {
        value: round(median(totals)),
        unit: 'ms',
        target: 10_000,
        details: {
          rows: ROWS,
          runs: RUNS,
          median_apply_ms: round(median(applies)),
          method:
            'parse + stage in 1000-row chunks + apply, through the core contract, median of runs',
        },
      };
    } finally {
      await core.close();
      await workstation.close();
      await stack.close();
      await rm(dataDir, { recursive: true, force: true });
    }
  },
};
