import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { pgcrypto } from '@electric-sql/pglite/contrib/pgcrypto';
import { startStack } from '../../src/local-supabase/stack.js';
import { median, round, type Benchmark } from './metric.js';

const RUNS = 3;

/** A fresh PGlite data directory, as on a first `npm start`; removed after `use`. */
async function inFreshDir<T>(use: (dir: string) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(path.join(tmpdir(), 'talentg-bench-pglite-'));
  try {
    return await use(path.join(dir, 'db'));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** PGlite.create() alone, with the extension the stack loads, so the ratio shows the stack's own cost. */
async function timePgliteCreate(): Promise<number> {
  return inFreshDir(async (dir) => {
    const started = performance.now();
    const db = await PGlite.create(dir, { extensions: { pgcrypto } });
    const elapsed = performance.now() - started;
    await db.close();
    return elapsed;
  });
}

/** startStack with the demo seed until it resolves, which is after the gateway is listening. */
async function timeStackStartup(): Promise<number> {
  return inFreshDir(async (dir) => {
    const started = performance.now();
    const stack = await startStack({ db: dir, seed: true, port: 0 });
    const elapsed = performance.now() - started;
    await stack.close();
    return elapsed;
  });
}

export const stackStartup: Benchmark = {
  name: 'stack_startup_pglite_demo_seed_ms',
  async run({ log }) {
    const stackMs: number[] = [];
    const pgliteMs: number[] = [];
    // Interleaved so drift on a shared machine hits both series alike.
    for (let i = 0; i < RUNS; i++) {
      pgliteMs.push(await timePgliteCreate());
      stackMs.push(await timeStackStartup());
      log(`startup run ${i + 1}/${RUNS}: stack ${stackMs[i]!.toFixed(0)} ms, PGlite.create ${pgliteMs[i]!.toFixed(0)} ms`);
    }
    const value = median(stackMs);
    const baseline = median(pgliteMs);
    return {
      value: round(value),
      unit: 'ms',
      target: 5000,
      baseline: round(baseline),
      details: {
        ratio_to_baseline: round(value / baseline),
        runs: RUNS,
        database: 'PGlite in a fresh temp dir, migrations + demo seed',
        baseline_is: 'PGlite.create(fresh dir, pgcrypto) alone',
      },
    };
  },
};
