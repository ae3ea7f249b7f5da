// One journey file's world: a network link to the shared stack, a `talentg start` workstation behind
// it with its own data directory, a headless Chromium, and supabase-js to check the server. Every part
// is stopped by close(), also when starting failed half way.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { inject } from 'vitest';
import type { E2eStack } from './global-setup.js';
import { startNetworkLink, type NetworkLink } from './network-link.js';
import { serverSide, type ServerSide } from './server-side.js';
import { spawnTalentg, type TalentgChild } from './talentg-child.js';

const WORKSTATION_READY_TIMEOUT_MS = 60_000;
const STEP_CLOSE_TIMEOUT_MS = 10_000;
const ACTION_TIMEOUT_MS = 10_000;
export const VIEWPORT = { width: 1440, height: 900 } as const;

export interface World {
  readonly stack: E2eStack;
  /** Between the workstation and the stack: cut it to take the workstation offline. */
  readonly link: NetworkLink;
  readonly workstation: TalentgChild;
  /** The `Open <url>` the workstation printed, with its per-run token. */
  readonly appUrl: string;
  readonly browser: Browser;
  readonly server: ServerSide;
  /** A fresh browser context (own cookies) on the app's URL. */
  openApp(options?: { viewport?: { width: number; height: number } }): Promise<Page>;
  close(): Promise<void>;
}

export interface WorldOptions {
  /** Where the workstation's SUPABASE_URL points; the network link by default. */
  readonly supabaseUrl?: (link: NetworkLink) => string;
}

/** Waits for `work`, but never longer than `ms`: a stuck close must not hold the run. */
export async function bounded(what: string, work: Promise<unknown>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<void>((resolve) => {
    timer = setTimeout(() => {
      process.stderr.write(`[e2e] ${what} did not finish within ${ms} ms; going on\n`);
      resolve();
    }, ms);
  });
  try {
    await Promise.race([work.then(() => undefined), timeout]);
  } catch (error) {
    process.stderr.write(`[e2e] ${what} failed: ${(error as Error).message}\n`);
  } finally {
    clearTimeout(timer);
  }
}

export async function startWorld(options: WorldOptions = {}): Promise<World> {
  const stack = inject('e2eStack');
  const cleanups: { what: string; run: () => Promise<unknown> }[] = [];
  const closeAll = async () => {
    for (const cleanup of cleanups.reverse()) {
      await bounded(cleanup.what, cleanup.run(), STEP_CLOSE_TIMEOUT_MS);
    }
    cleanups.length = 0;
  };

  try {
    const server = serverSide(stack);
    cleanups.push({ what: 'server clients', run: () => server.signOutAll() });
    const link = await startNetworkLink(stack.url);
    cleanups.push({ what: 'network link', run: () => link.close() });
    const dataDir = await mkdtemp(path.join(tmpdir(), 'talentg-e2e-'));
    cleanups.push({
      what: 'data dir',
      run: () => rm(dataDir, { recursive: true, force: true }),
    });

    const workstation = spawnTalentg(
      ['start', '--db', 'memory', '--port', '0', '--web-port', '0', '--data-dir', dataDir],
      {
        SUPABASE_URL: options.supabaseUrl ? options.supabaseUrl(link) : link.url,
        SUPABASE_ANON_KEY: stack.anonKey,
      },
    );
    cleanups.push({ what: 'talentg start', run: () => workstation.stop() });
    const [opened, browser] = await Promise.all([
      workstation.waitForLine(/^Open (\S+)/, WORKSTATION_READY_TIMEOUT_MS),
      chromium.launch({ executablePath: '/usr/bin/chromium', headless: true }),
    ]);
    cleanups.push({ what: 'chromium', run: () => browser.close() });
    const appUrl = opened[1]!;

    return {
      stack,
      link,
      workstation,
      appUrl,
      browser,
      server,
      async openApp(openOptions = {}) {
        const context = await browser.newContext({ viewport: openOptions.viewport ?? VIEWPORT });
        // Fail a journey in seconds, not after Playwright's default 30 s per step.
        context.setDefaultTimeout(ACTION_TIMEOUT_MS);
        const page = await context.newPage();
        await page.goto(appUrl);
        return page;
      },
      close: closeAll,
    };
  } catch (error) {
    await closeAll();
    throw error;
  }
}
