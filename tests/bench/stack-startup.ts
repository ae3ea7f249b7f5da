import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { pgcrypto } from '@electric-sql/pglite/contrib/pgcrypto';
import { startStack } from '../../src/local-supabase/stack.js';
import { median, round, type Benchmark } from './metric.js';

const RUNS = 3;

/** A fresh temp directory, removed after `use`. */
async function inTempDir<T>(use: (dir: string) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(path.join(tmpdir(), 'talentg-bench-pglite-'));
  try {
    return await use(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** PGlite.create() alone, with the extension the stack loads, so the ratio shows the stack's own cost. */
async function timePgliteCreate(): Promise<number> {
  return inTempDir(async (dir) => {
    const started = performance.now();
    const db = await PGlite.create(path.join(dir, 'db'), { extensions: { pgcrypto } });
    const elapsed = performance.now() - started;
    await db.close();
    return elapsed;
  });
}

/** startStack on a fresh data directory with the demo seed until it resolves (the gateway is listening). */
async function timeFreshStart(templateDir: string): Promise<number> {
  return inTempDir(async (dir) => {
    const started = performance.now();
    const stack = await startStack({ db: path.join(dir, 'db'), seed: true, port: 0, templateDir });
    const elapsed = performance.now() - started;
    await stack.close();
    return elapsed;
  });
}

/** startStack again on a data directory a first start left (what a second `npm start` does). */
async function timeRestart(): Promise<number> {
  return inTempDir(async (dir) => {
    const db = path.join(dir, 'db');
    await (await startStack({ db, seed: true, port: 0, templateDir: false })).close();
    const started = performance.now();
    const stack = await startStack({ db, port: 0 });
    const elapsed = performance.now() - started;
    await stack.close();
    return elapsed;
  });
}

export const stackStartup: Benchmark = {
  name: 'stack_startup_pglite_demo_seed_ms',
  async run({ log }) {
    const cold: number[] = [];
    const warm: number[] = [];
    const restart: number[] = [];
    const pgliteMs: number[] = [];
    await inTempDir(async (templates) => {
      // Interleaved so drift on a shared machine hits every series alike.
      for (let i = 0; i < RUNS; i++) {
        pgliteMs.push(await timePgliteCreate());
        // No template yet: initdb, bootstrap and migrations run (a first start on a new machine).
        cold.push(await inTempDir((empty) => timeFreshStart(empty)));
        // The template of this schema exists (every later fresh database: tests, `--db memory`, a reset).
        if (i === 0) await timeFreshStart(templates);
        warm.push(await timeFreshStart(templates));
        restart.push(await timeRestart());
        log(
          `startup run ${i + 1}/${RUNS}: fresh ${warm[i]!.toFixed(0)} ms (no template ${cold[i]!.toFixed(0)} ms), ` +
            `restart ${restart[i]!.toFixed(0)} ms, PGlite.create ${pgliteMs[i]!.toFixed(0)} ms`,
        );
      }
    });
    const value = median(warm);
    const baseline = median(pgliteMs);
    return {
      value: round(value),
      unit: 'ms',
      target: 5000,
      baseline: round(baseline),
      details: {
        ratio_to_baseline: round(value / baseline),
        without_template_ms: round(median(cold)),
        without_template_ratio_to_baseline: round(median(cold) / baseline),
        restart_existing_dir_ms: round(median(restart)),
        runs: RUNS,
        database:
          'PGlite in a fresh temp dir, demo seed; the schema template (bootstrap + migrations) already saved',
        baseline_is: 'PGlite.create(fresh dir, pgcrypto) alone, i.e. initdb',
      },
    };
  },
};
