// `npm run bench [-- --only <metric>]`: the benchmarks in turn, on a throwaway PostgreSQL 15 cluster and PGlite.
// `npm run -s bench -- --json` prints one JSON object (-s because npm writes its own banner to stdout).
// Progress goes to stderr, so stdout holds only the report.
import { startPgCluster, type PgCluster } from '../support/pg-cluster.js';
import type { BenchContext, Benchmark, Metric } from './metric.js';
import { apiListLeads } from './api-function.js';
import { emailDrain } from './email-drain.js';
import { formatChart, formatTable } from './report.js';
import { floorBoardUnderHeartbeats } from './floor-board.js';
import { kpisFloorMonth } from './kpis-floor-month.js';
import { leadImport50k } from './lead-import.js';
import { leadIntakeP95 } from './lead-intake.js';
import { realtimeCommitToClient } from './realtime-commit-to-client.js';
import { rendererBundleSize } from './renderer-bundle.js';
import { rendererDispositionToNextLead } from './renderer-disposition.js';
import { rendererOpenToQueue } from './renderer-open.js';
import { rendererQueueScroll } from './renderer-scroll.js';
import { restReadByKey } from './rest-read-by-key.js';
import { shellMainBlockedDuringFirstSync } from './shell-core-relay.js';
import { stackStartup } from './stack-startup.js';
import {
  workstationLogCallP99,
  workstationLogCallRatio,
  workstationLogCallRatioVsInsert,
} from './workstation-log-call.js';
import { workstationQueue } from './workstation-queue.js';
import {
  workstationChangeToCache,
  workstationFirstSync,
  workstationPushBacklog,
} from './workstation-sync.js';
import { workstationSyncAfterKills } from './workstation-sync-after-kills.js';

const BENCHMARKS: Benchmark[] = [
  restReadByKey,
  realtimeCommitToClient,
  stackStartup,
  workstationLogCallP99,
  workstationLogCallRatio,
  workstationLogCallRatioVsInsert,
  workstationQueue,
  workstationFirstSync,
  workstationPushBacklog,
  workstationChangeToCache,
  workstationSyncAfterKills,
  shellMainBlockedDuringFirstSync,
  leadImport50k,
  kpisFloorMonth,
  floorBoardUnderHeartbeats,
  leadIntakeP95,
  emailDrain,
  apiListLeads,
  rendererDispositionToNextLead,
  rendererOpenToQueue,
  rendererQueueScroll,
  rendererBundleSize,
];
// Each benchmark bounds its own work; this catches a hang (e.g. a lost subscription) instead of waiting
// forever. It is re-armed for every benchmark, so a full run may take longer than one watchdog.
const WATCHDOG_MS = 6 * 60_000;

function parseArgs(argv: string[]): { json: boolean; only: string[] } {
  const json = argv.includes('--json');
  const only: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--json') continue;
    if (arg === '--only' && argv[i + 1]) only.push(argv[++i]!);
    else throw new Error(`unknown argument "${arg}"; use --json and/or --only <metric>`);
  }
  const unknown = only.filter((name) => !BENCHMARKS.some((b) => b.name === name));
  if (unknown.length > 0) {
    throw new Error(`unknown metric ${unknown.join(', ')}; known: ${BENCHMARKS.map((b) => b.name).join(', ')}`);
  }
  return { json, only };
}

async function main(): Promise<void> {
  const { json, only } = parseArgs(process.argv.slice(2));
  const log = (message: string) => process.stderr.write(`[bench] ${message}\n`);
  let cluster: Promise<PgCluster> | undefined;
  const context: BenchContext = {
    postgres: () => {
      if (!cluster) {
        log('starting a throwaway PostgreSQL 15 cluster');
        cluster = startPgCluster();
      }
      return cluster;
    },
    log,
  };
  let watchdog: NodeJS.Timeout | undefined;
  const armWatchdog = (name: string) => {
    clearTimeout(watchdog);
    watchdog = setTimeout(() => {
      log(`${name} gave up after ${WATCHDOG_MS / 1000} s; exiting (the cluster is killed on exit)`);
      process.exit(2);
    }, WATCHDOG_MS);
    watchdog.unref();
  };

  const metrics: Record<string, Metric> = {};
  try {
    for (const benchmark of BENCHMARKS) {
      if (only.length > 0 && !only.includes(benchmark.name)) continue;
      const started = performance.now();
      armWatchdog(benchmark.name);
      log(`${benchmark.name}: running`);
      metrics[benchmark.name] = await benchmark.run(context);
      log(`${benchmark.name}: done in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    }
  } finally {
    // A cluster that failed to start already failed the benchmark that asked for it; only stop a running one.
    if (cluster) await (await cluster.catch(() => undefined))?.stop();
    clearTimeout(watchdog);
  }

  if (json) process.stdout.write(`${JSON.stringify(metrics)}\n`);
  else process.stdout.write(`${formatTable(metrics)}\n\n${formatChart(metrics)}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`[bench] failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
