// What the renderer benchmarks share: a fresh build of the renderer, the demo stack in its own process
// (as a server is), tc1's data directory prepared here (signed in, synced, seeded), the core behind
// the web host in another process (as Electron's main process holds it), and headless Chromium on the
// page. Measurements are taken inside the page.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { checkCallingWindow } from '../../src/domain/calling-window.js';
import { Workstation } from '../../src/workstation/workstation.js';
import { spawnTalentg } from '../integration/talentg-process.js';
import { ALL_WEEK_HOURS } from '../support/floor-hours.js';
import { clientFor } from '../support/stack.js';
import { installProbes, QUEUE_ROW } from './renderer-page-probes.js';

const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const TC1 = { id: '00000000-0000-4000-8000-000000000003', email: 'tc1@talentg.test' };
const DEMO_PASSWORD = 'talentg-demo';
const BUILD_TIMEOUT_MS = 150_000;
export const VIEWPORT = { width: 1440, height: 900 } as const;

let build: Promise<string> | undefined;

/**
 * The working tree's renderer, built once per run into a private directory (removed at exit), so a
 * build someone else starts in out/ meanwhile cannot swap files under a measurement.
 */
export function builtRenderer(log: (message: string) => void): Promise<string> {
  build ??= new Promise<string>((resolve, reject) => {
    const outDir = mkdtempSync(path.join(os.tmpdir(), 'talentg-bench-renderer-'));
    process.once('exit', () => rmSync(outDir, { recursive: true, force: true }));
    log('building the renderer (electron-vite build)');
    const child = spawn(
      path.join(REPO_ROOT, 'node_modules', '.bin', 'electron-vite'),
      ['build', '--outDir', outDir],
      { cwd: REPO_ROOT, env: { ...process.env, ELECTRON_SKIP_BINARY_DOWNLOAD: '1' } },
    );
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), BUILD_TIMEOUT_MS);
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(new Error(`electron-vite build could not run: ${error.message}`));
    });
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      if (code === 0) resolve(path.join(outDir, 'renderer'));
      else
        reject(
          new Error(`electron-vite build failed (${code ?? signal}):\n${output.slice(-4000)}`),
        );
    });
  });
  return build;
}

// One zone per offset from UTC-11 to UTC+14: at most moments one of them is inside calling hours.
const ZONES = [
  'Pacific/Pago_Pago',
  'Pacific/Honolulu',
  'America/Anchorage',
  'America/Los_Angeles',
  'America/Denver',
  'America/Chicago',
  'America/New_York',
  'America/Halifax',
  'America/Sao_Paulo',
  'Atlantic/South_Georgia',
  'Atlantic/Azores',
  'Europe/London',
  'Europe/Berlin',
  'Europe/Athens',
  'Europe/Moscow',
  'Asia/Dubai',
  'Asia/Karachi',
  'Asia/Kolkata',
  'Asia/Dhaka',
  'Asia/Bangkok',
  'Asia/Singapore',
  'Asia/Tokyo',
  'Australia/Sydney',
  'Pacific/Noumea',
  'Pacific/Auckland',
  'Pacific/Tongatapu',
  'Pacific/Kiritimati',
];

/**
 * A zone whose leads the default calling window lets the queue show now and for the next `forMs`:
 * the benchmarks' leads live there, so the queue is full whatever the hour the run starts, even before
 * the core has read the floor's hours. On a Sunday no zone qualifies; the demo stack's floor calls all
 * week (startDemoStack), so any zone does once the core has read them.
 */
export function callableTimeZone(now: number, forMs: number): string {
  const zone = ZONES.find((candidate) =>
    [now, now + forMs / 2, now + forMs].every((at) => {
      const verdict = checkCallingWindow(at, candidate);
      return verdict.ok && verdict.allowed;
    }),
  );
  return zone ?? 'Asia/Kolkata';
}

export interface Backend {
  readonly url: string;
  readonly anonKey: string;
  readonly serviceRoleKey: string;
  close(): Promise<void>;
}

/** `talentg stack --db memory --seed demo` in its own process: its work never shares the core's event loop. */
export async function startDemoStack(): Promise<Backend> {
  const proc = spawnTalentg(['stack', '--port', '0', '--db', 'memory', '--seed', 'demo']);
  // The runner's watchdog exits the process: the stack must not outlive it.
  const killOnExit = () => proc.child.kill('SIGKILL');
  process.once('exit', killOnExit);
  try {
    const ready = JSON.parse(await proc.firstLine()) as {
      url: string;
      anonKey: string;
      serviceRoleKey: string;
    };
    // The floor calls all day, every day: the queue is full on a Sunday too.
    const service = clientFor(ready, ready.serviceRoleKey);
    const { error } = await service
      .from('floor_settings')
      .update(ALL_WEEK_HOURS)
      .eq('singleton', true);
    await service.removeAllChannels();
    if (error) throw new Error(`opening the floor all week: ${error.message}`);
    return {
      ...ready,
      close: async () => {
        process.off('exit', killOnExit);
        proc.child.kill('SIGTERM');
        await proc.exited;
      },
    };
  } catch (error) {
    proc.child.kill('SIGKILL');
    throw error;
  }
}

/** `count` new leads for tc1 on the server, in `timeZone`, through the service role. */
export async function insertServerLeads(
  backend: Backend,
  count: number,
  timeZone: string,
): Promise<void> {
  const service = clientFor(backend, backend.serviceRoleKey);
  for (let start = 0; start < count; start += 500) {
    const rows = Array.from({ length: Math.min(500, count - start) }, (_, k) => {
      const n = start + k;
      return {
        name: `Bench Lead ${n}`,
        phone: `+91 70${String(n).padStart(8, '0')}`,
        phone_e164: `+9170${String(n).padStart(8, '0')}`,
        company: n % 3 === 0 ? `Bench Traders ${n % 97}` : null,
        status: 'new',
        source: 'bench',
        assigned_to: TC1.id,
        time_zone: timeZone,
        country: 'IN',
        priority: n % 10,
      };
    });
    const { error } = await service.from('leads').insert(rows);
    if (error) throw new Error(`inserting bench leads: ${error.message}`);
  }
  await service.removeAllChannels();
}

/** tc1 signed in on a fresh data directory and synced once: the session and cache are on disk. */
export async function signedInWorkstation(backend: Backend, dataDir: string): Promise<Workstation> {
  const workstation = await openWorkstation(backend, dataDir);
  try {
    const answer = await workstation.signIn(TC1.email, DEMO_PASSWORD);
    if (!answer.ok) throw new Error(`sign-in failed: ${answer.code}`);
    const round = await workstation.syncOnce();
    if (!round.ok)
      throw new Error(`first sync failed: ${round.error?.code} ${round.error?.message}`);
    return workstation;
  } catch (error) {
    await workstation.close();
    throw error;
  }
}

/** The data directory's workstation, opened here for `use` (the core host must not be running). */
export async function withWorkstation<T>(
  backend: Backend,
  dataDir: string,
  use: (workstation: Workstation) => T | Promise<T>,
): Promise<T> {
  const workstation = await openWorkstation(backend, dataDir);
  try {
    return await use(workstation);
  } finally {
    await workstation.close();
  }
}

function openWorkstation(backend: Backend, dataDir: string): Promise<Workstation> {
  return Workstation.open({ dataDir, url: backend.url, anonKey: backend.anonKey });
}

export interface CoreHost {
  /** The page's address, with the run token. */
  readonly url: string;
  /** Workstation.open (the cached session and cache), hostCore and the web host, in the child. */
  readonly openMs: number;
  /** Lead id to the wall-clock ms of the first local commit of a call on it. */
  readonly committedAt: ReadonlyMap<string, number>;
  close(): Promise<void>;
}

const CORE_HOST_READY_TIMEOUT_MS = 60_000;
const CORE_HOST_CLOSE_GRACE_MS = 5_000;

/**
 * The core (background sync on, as the app runs it) and the web host over `dataDir`, in a child
 * process (renderer-core-host.ts): Electron's main process is not the page's, nor the driver's.
 */
export function startCoreHost(
  backend: Backend,
  dataDir: string,
  rendererDir: string,
): Promise<CoreHost> {
  // TALENTG_BENCH_CORE_PROFILE=<dir>: the core host writes a V8 CPU profile there when it closes.
  const profileDir = process.env.TALENTG_BENCH_CORE_PROFILE;
  const child = spawn(
    process.execPath,
    [
      ...(profileDir
        ? ['--cpu-prof', '--cpu-prof-dir', profileDir, '--cpu-prof-interval', '250']
        : []),
      '--import',
      'tsx',
      path.join(REPO_ROOT, 'tests', 'bench', 'renderer-core-host.ts'),
      dataDir,
      rendererDir,
    ],
    {
      cwd: REPO_ROOT,
      env: { ...process.env, SUPABASE_URL: backend.url, SUPABASE_ANON_KEY: backend.anonKey },
    },
  );
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  const exited = new Promise<void>((resolve) => child.once('close', () => resolve()));
  const committedAt = new Map<string, number>();
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const close = async () => {
    process.off('exit', killOnExit);
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    // A core still answering a backlog of page requests may take long to get to the signal.
    const killer = setTimeout(() => child.kill('SIGKILL'), CORE_HOST_CLOSE_GRACE_MS);
    await exited;
    clearTimeout(killer);
  };
  return new Promise<CoreHost>((resolve, reject) => {
    const timer = setTimeout(() => {
      void close();
      reject(
        new Error(
          `the core host did not start within ${CORE_HOST_READY_TIMEOUT_MS} ms:\n${stderr}`,
        ),
      );
    }, CORE_HOST_READY_TIMEOUT_MS);
    void exited.then(() => {
      clearTimeout(timer);
      reject(new Error(`the core host exited before it was ready:\n${stderr}`));
    });
    let buffered = '';
    child.stdout.on('data', (chunk: Buffer) => {
      buffered += chunk.toString();
      let newline: number;
      while ((newline = buffered.indexOf('\n')) >= 0) {
        const line = JSON.parse(buffered.slice(0, newline)) as
          { url: string; openMs: number } | { committed: string[]; atWallMs: number };
        buffered = buffered.slice(newline + 1);
        if ('url' in line) {
          clearTimeout(timer);
          resolve({ url: line.url, openMs: line.openMs, committedAt, close });
        } else {
          for (const id of line.committed)
            if (!committedAt.has(id)) committedAt.set(id, line.atWallMs);
        }
      }
    });
  });
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: '/usr/bin/chromium', headless: true });
}

/** A fresh browser context (no cookie, no renderer state, the probes installed) on the app's URL. */
export async function openPage(browser: Browser, url: string): Promise<Page> {
  const context = await browser.newContext({ viewport: VIEWPORT });
  context.setDefaultTimeout(30_000);
  await installProbes(context);
  const page = await context.newPage();
  await page.goto(url);
  return page;
}

/** Waits for DESIGN.md section 8's ready state with at least one queue row rendered. */
export async function waitForQueue(page: Page, timeoutMs = 60_000): Promise<void> {
  await page.waitForSelector(`[data-app-state="ready"] ${QUEUE_ROW}`, { timeout: timeoutMs });
}

export function tempDir(prefix: string): { dir: string; remove(): void } {
  const dir = mkdtempSync(path.join(os.tmpdir(), prefix));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Runs the cleanups in reverse order, each even when an earlier one failed. */
export class Cleanups {
  private readonly steps: (() => Promise<unknown>)[] = [];

  add(step: () => Promise<unknown>): void {
    this.steps.push(step);
  }

  async run(): Promise<void> {
    for (const step of this.steps.reverse()) {
      await step().catch((error: unknown) =>
        process.stderr.write(`[bench] cleanup failed: ${(error as Error).message}\n`),
      );
    }
    this.steps.length = 0;
  }
}
