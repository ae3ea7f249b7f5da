import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DEFAULT_PROJECT_DIR } from '../local-supabase/stack.js';
import { startWebHost } from '../web-host/web-host.js';
import { hostCore } from '../workstation/host-core.js';
import { Workstation } from '../workstation/workstation.js';
import { UsageError, parseCommandArgs, type Command } from './command.js';
import { installedElectronBinary } from './electron-runtime.js';
import { DEFAULT_STACK_PORT, startEmbeddedStack } from './embedded-stack.js';
import {
  type FunctionSettings,
  functionOptions,
  functionOptionsUsage,
  hasFunctionSettings,
  readFunctionSettings,
} from './function-options.js';
import {
  digestOptionUsage,
  parseDbTarget,
  parseDigestTimeZone,
  parsePort,
} from './stack-command.js';
import { waitForStopSignal } from './stop-signal.js';

const DEFAULT_WEB_PORT = 54330;
/** Where browser mode keeps the signed-in person's session and cache unless --data-dir says otherwise. */
const DEFAULT_DATA_DIR = path.join(DEFAULT_PROJECT_DIR, '.talentg', 'workstation');
const rendererDir = path.join(DEFAULT_PROJECT_DIR, 'out', 'renderer');

const usage = `Usage: talentg start [options]      (what \`npm start\` runs)

Starts the embedded stack with the demo data, builds the app if out/renderer is missing, then opens
the workstation in Electron, or in the browser when the Electron runtime is not installed.
With SUPABASE_URL and SUPABASE_ANON_KEY set, uses that Supabase project instead of the embedded stack.

Options:
  --db <target>       memory | <PGlite data dir> | postgres://... (default .talentg/stack-db)
  --port <n>          port of the embedded stack (default ${DEFAULT_STACK_PORT})
  --web-port <n>      port of the browser-mode page (default ${DEFAULT_WEB_PORT}; 0 picks a free one)
  --data-dir <dir>    the workstation's session and local cache in browser mode (default
                      .talentg/workstation; with --db memory a throwaway directory)
${digestOptionUsage}
${functionOptionsUsage}
  -h, --help          show this help

Demo sign-in: tc1@talentg.test / talentg-demo (also admin@, manager@, tc2@, user@talentg.test)`;

const options = {
  db: { type: 'string' },
  port: { type: 'string' },
  'web-port': { type: 'string' },
  'data-dir': { type: 'string' },
  'digest-time-zone': { type: 'string' },
  ...functionOptions,
  help: { type: 'boolean', short: 'h' },
} as const;

interface Backend {
  url: string;
  anonKey: string;
  close(): Promise<void>;
}

/** A hosted (or self-hosted) project named by the environment, else null; half a pair is a mistake. */
function hostedProjectFromEnv(env: NodeJS.ProcessEnv): Backend | null {
  const url = env.SUPABASE_URL;
  const anonKey = env.SUPABASE_ANON_KEY;
  if (!url && !anonKey) return null;
  if (!url || !anonKey) {
    throw new UsageError(
      'set both SUPABASE_URL and SUPABASE_ANON_KEY, or neither for the embedded stack',
    );
  }
  return { url, anonKey, close: async () => {} };
}

async function startBackend(
  db: string,
  port: number,
  functions: FunctionSettings,
  digestTimeZone: string | undefined,
): Promise<Backend> {
  const hosted = hostedProjectFromEnv(process.env);
  if (hosted && digestTimeZone !== undefined) {
    throw new UsageError(
      '--digest-time-zone configures the embedded stack; a hosted project schedules enqueue_manager_digests with pg_cron',
    );
  }
  if (hosted && hasFunctionSettings(functions)) {
    throw new UsageError(
      '--env-file and --function-schedule configure the embedded stack; a hosted project takes `supabase secrets set` and pg_cron',
    );
  }
  if (hosted) {
    console.log(
      `Supabase project: ${hosted.url} (SUPABASE_URL); the embedded stack is not started.`,
    );
    return hosted;
  }
  const { stack, seeded } = await startEmbeddedStack({
    db,
    host: '127.0.0.1',
    port,
    seed: 'demo',
    digestTimeZone,
    ...functions,
  });
  const data = seeded ? ', demo data loaded' : '';
  console.log(`Embedded Supabase stack: ${stack.url} (database ${db}${data})`);
  // What `talentg workstation --url --anon-key` and supabase-js scripts need to reach the same stack.
  console.log(`Anon key: ${stack.anonKey}`);
  return { url: stack.url, anonKey: stack.anonKey, close: () => stack.close() };
}

function runToCompletion(
  command: string,
  args: string[],
  env?: NodeJS.ProcessEnv,
): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd: DEFAULT_PROJECT_DIR,
      stdio: 'inherit',
      env: { ...process.env, ...env },
    });
    child.once('error', (error) =>
      reject(new Error(`could not run ${command}: ${error.message}`, { cause: error })),
    );
    child.once('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
}

async function ensureRendererBuilt(): Promise<void> {
  if (existsSync(path.join(rendererDir, 'index.html'))) return;
  console.log('Building the app (out/renderer is missing): electron-vite build');
  const electronVite = path.join(DEFAULT_PROJECT_DIR, 'node_modules', '.bin', 'electron-vite');
  const code = await runToCompletion(electronVite, ['build']);
  if (code !== 0) throw new Error(`electron-vite build failed with exit code ${code}`);
}

/** Browser mode: the core and the built renderer behind the web host, until a stop signal. */
async function serveInBrowser(
  backend: Backend,
  target: { webPort: number; dataDir: string },
  stopped: Promise<unknown>,
): Promise<number> {
  console.log(
    'No Electron runtime installed (ELECTRON_SKIP_BINARY_DOWNLOAD): ' +
      'opening the workstation in the browser instead.',
  );
  const workstation = await Workstation.open({
    dataDir: target.dataDir,
    url: backend.url,
    anonKey: backend.anonKey,
  });
  const core = hostCore(workstation);
  try {
    const web = await startWebHost({ core, rendererDir, port: target.webPort });
    try {
      console.log(`Workstation data: ${target.dataDir}`);
      console.log('Demo sign-in: tc1@talentg.test / talentg-demo');
      console.log('Press Ctrl+C to stop.');
      console.log(`Open ${web.url}`);
      await stopped;
    } finally {
      await web.close();
    }
  } finally {
    await core.close();
  }
  return 0;
}

export const startCommand: Command = {
  name: 'start',
  usage,
  async run(argv) {
    const { values, positionals } = parseCommandArgs(argv, options);
    if (values.help) {
      console.log(usage);
      return 0;
    }
    if (positionals.length > 0) throw new UsageError(`unexpected argument "${positionals[0]}"`);
    const db = parseDbTarget(values.db);
    const port = parsePort(values.port, DEFAULT_STACK_PORT);
    const webPort = parsePort(values['web-port'], DEFAULT_WEB_PORT, '--web-port');
    const functions = readFunctionSettings(values);
    const digestTimeZone = parseDigestTimeZone(values['digest-time-zone']);
    // A memory stack starts empty every run: a kept cache would belong to another database.
    const throwaway = values['data-dir'] === undefined && db === 'memory';
    const dataDir = throwaway
      ? mkdtempSync(path.join(os.tmpdir(), 'talentg-workstation-'))
      : path.resolve(values['data-dir'] ?? DEFAULT_DATA_DIR);

    const stopped = waitForStopSignal((line) => console.log(`talentg start: ${line}`));
    const backend = await startBackend(db, port, functions, digestTimeZone);
    try {
      await ensureRendererBuilt();
      const electron = installedElectronBinary();
      if (!electron) return await serveInBrowser(backend, { webPort, dataDir }, stopped);
      // The shell gets the backend through the same variables a hosted deployment uses.
      return await runToCompletion(electron, [DEFAULT_PROJECT_DIR], {
        SUPABASE_URL: backend.url,
        SUPABASE_ANON_KEY: backend.anonKey,
      });
    } finally {
      await backend.close();
      if (throwaway) rmSync(dataDir, { recursive: true, force: true });
    }
  },
};
