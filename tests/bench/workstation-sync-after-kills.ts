// Issue 14's crash scenario: the headless core logs 40 calls offline, `sync --once` is killed 12 times
// at random moments, then one more `sync --once` runs to the end. Killed clients must leave no work
// queued on the embedded stack's one PGlite connection, so with two other cores busy that last sync
// stays within 3x its time on a quiet machine.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnTalentg } from '../integration/talentg-process.js';
import { Workstation } from '../../src/workstation/workstation.js';
import { median, round, type Benchmark } from './metric.js';

const CALLS = 40;
const KILLS = 12;
// Each run is about two minutes on a loaded 2-core machine (every `sync --once` starts a Node process).
const RUNS = 2;

interface Stack {
  url: string;
  anonKey: string;
}

/** Two processes that spin, as two other busy cores' worth of work on this 2-core machine. */
function busyCores(count = 2): () => void {
  const spinners: ChildProcess[] = [];
  for (let i = 0; i < count; i++) {
    spinners.push(spawn(process.execPath, ['-e', 'for (;;) {}'], { stdio: 'ignore' }));
  }
  return () => {
    for (const spinner of spinners) spinner.kill('SIGKILL');
  };
}

/**
 * Signs tc1 in on a fresh data directory and fills its cache (so the runs time only the backlog); the
 * leads the calls go to, taken once: a logged call moves its lead down or out of the queue.
 */
async function prepareWorkstation(stack: Stack, dataDir: string): Promise<string[]> {
  const workstation = await Workstation.open({ dataDir, url: stack.url, anonKey: stack.anonKey });
  try {
    const answer = await workstation.signIn('tc1@talentg.test', 'talentg-demo');
    if (!answer.ok) throw new Error(`sign-in failed: ${answer.code}`);
    const round = await workstation.syncOnce();
    if (!round.ok) throw new Error(`first sync failed: ${round.error?.message}`);
    const leads = workstation.cache
      .queue({ now: Date.now(), limit: CALLS })
      .map((row) => row.lead.id);
    if (leads.length === 0) throw new Error('tc1 has no leads in the queue');
    return leads;
  } finally {
    await workstation.close();
  }
}

/** 40 calls logged offline, as a telecaller's morning without a network. */
async function logCallsOffline(
  stack: Stack,
  dataDir: string,
  leads: string[],
  run: number,
): Promise<void> {
  const workstation = await Workstation.open({ dataDir, url: stack.url, anonKey: stack.anonKey });
  try {
    for (let n = 0; n < CALLS; n++) {
      const done = workstation.cache.logCall({
        leadId: leads[n % leads.length]!,
        disposition: 'B',
        notes: `run ${run} call ${n}`,
        now: Date.now(),
      });
      if (!done.ok) throw new Error(`local write refused: ${done.code}`);
    }
  } finally {
    await workstation.close();
  }
}

function syncOnce(stack: Stack, dataDir: string) {
  return spawnTalentg([
    'workstation',
    '--data-dir',
    dataDir,
    '--url',
    stack.url,
    '--anon-key',
    stack.anonKey,
    'sync',
    '--once',
  ]);
}

/** The last `sync --once`, from spawn to exit, in seconds. */
async function timedSync(stack: Stack, dataDir: string): Promise<number> {
  const started = performance.now();
  const proc = syncOnce(stack, dataDir);
  const code = await proc.exited;
  if (code !== 0) throw new Error(`sync --once exited ${code}: ${proc.stderr()}`);
  return (performance.now() - started) / 1000;
}

/**
 * `sync --once` killed with SIGKILL KILLS times, each at a random moment within the first second after
 * it reports its first sync step: while its requests are at the server, not while Node starts.
 */
async function killSyncs(stack: Stack, dataDir: string): Promise<void> {
  for (let k = 0; k < KILLS; k++) {
    const proc = syncOnce(stack, dataDir);
    let timer: NodeJS.Timeout | undefined;
    proc.child.stderr.once('data', () => {
      timer = setTimeout(() => proc.child.kill('SIGKILL'), Math.random() * 1000);
    });
    await proc.exited;
    clearTimeout(timer);
  }
}

export const workstationSyncAfterKills: Benchmark = {
  name: 'workstation_sync_after_kills_loaded_vs_quiet',
  async run(context) {
    const proc = spawnTalentg(['stack', '--port', '0', '--db', 'memory', '--seed', 'demo']);
    const stack = JSON.parse(await proc.firstLine()) as Stack;
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'talentg-bench-kills-'));
    const quiet: number[] = [];
    const loaded: number[] = [];
    try {
      const leads = await prepareWorkstation(stack, dataDir);
      // Quiet and loaded runs alternate, so drift in the machine's own load falls on both.
      for (let run = 0; run < RUNS; run++) {
        await logCallsOffline(stack, dataDir, leads, run * 2);
        quiet.push(await timedSync(stack, dataDir));
        context.log(`quiet: last sync ${round(quiet.at(-1)!)} s`);

        const stopSpinning = busyCores();
        try {
          await logCallsOffline(stack, dataDir, leads, run * 2 + 1);
          await killSyncs(stack, dataDir);
          loaded.push(await timedSync(stack, dataDir));
        } finally {
          stopSpinning();
        }
        context.log(`two cores busy, ${KILLS} kills: last sync ${round(loaded.at(-1)!)} s`);
      }
    } finally {
      proc.child.kill('SIGTERM');
      await proc.exited;
      rmSync(dataDir, { recursive: true, force: true });
    }
    const ratio = median(loaded) / median(quiet);
    return {
      value: round(ratio),
      unit: 'x',
      target: 3,
      baseline: round(median(quiet)),
      details: {
        quiet_median_s: round(median(quiet)),
        loaded_with_kills_median_s: round(median(loaded)),
        runs: RUNS,
        calls_logged_offline: CALLS,
        kills_per_run: KILLS,
        busy_cores: 2,
        db: 'PGlite (talentg stack --db memory)',
      },
    };
  },
};
