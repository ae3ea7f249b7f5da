// A floor of several people for one journey file: one `talentg start` per person (each with its own data
// directory, as on their own machines) against the one stack of the global setup, one headless Chromium,
// and one browser context per person. Everything is stopped in afterAll, also when starting failed half way.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, inject } from 'vitest';
import type { E2eStack } from './global-setup.js';
import { serverSide, type ServerSide } from './server-side.js';
import { spawnTalentg, type TalentgChild } from './talentg-child.js';
import { bounded, VIEWPORT } from './world.js';
import { screenshotFailures, WorkstationPage } from './workstation-page.js';

const WORKSTATION_READY_TIMEOUT_MS = 60_000;
const STEP_CLOSE_TIMEOUT_MS = 10_000;
const ACTION_TIMEOUT_MS = 10_000;

/** One person's machine: their workstation process and the window on it. */
export interface Desk {
  readonly workstation: TalentgChild;
  readonly page: Page;
  readonly app: WorkstationPage;
}

export interface Team<Name extends string> {
  readonly stack: E2eStack;
  readonly server: ServerSide;
  readonly browser: Browser;
  readonly desks: Readonly<Record<Name, Desk>>;
}

type Cleanup = { what: string; run: () => Promise<unknown> };

async function startDesk(stack: E2eStack, browser: Browser, cleanups: Cleanup[]): Promise<Desk> {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'talentg-e2e-desk-'));
  cleanups.push({ what: 'data dir', run: () => rm(dataDir, { recursive: true, force: true }) });
  // Straight to the stack: these journeys do not cut anyone's network.
  const workstation = spawnTalentg(
    ['start', '--db', 'memory', '--port', '0', '--web-port', '0', '--data-dir', dataDir],
    { SUPABASE_URL: stack.url, SUPABASE_ANON_KEY: stack.anonKey },
  );
  cleanups.push({ what: 'talentg start', run: () => workstation.stop() });
  const opened = await workstation.waitForLine(/^Open (\S+)/, WORKSTATION_READY_TIMEOUT_MS);
  const context = await browser.newContext({ viewport: VIEWPORT });
  context.setDefaultTimeout(ACTION_TIMEOUT_MS);
  cleanups.push({ what: 'browser context', run: () => context.close() });
  const page = await context.newPage();
  await page.goto(opened[1]!);
  return { workstation, page, app: new WorkstationPage(page) };
}

/**
 * Starts one desk per name in beforeAll (in parallel; each page open, signed out) and stops them all in
 * afterAll, with a screenshot of every desk after a failed test.
 */
export function useTeam<Name extends string>(names: readonly Name[]): () => Team<Name> {
  let team: Team<Name> | undefined;
  const cleanups: Cleanup[] = [];
  beforeAll(async () => {
    const stack = inject('e2eStack');
    const server = serverSide(stack);
    cleanups.push({ what: 'server clients', run: () => server.signOutAll() });
    const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true });
    cleanups.push({ what: 'chromium', run: () => browser.close() });
    const started = await Promise.all(names.map(() => startDesk(stack, browser, cleanups)));
    const desks = Object.fromEntries(names.map((name, i) => [name, started[i]!])) as Record<
      Name,
      Desk
    >;
    team = { stack, server, browser, desks };
  });
  for (const name of names) screenshotFailures(() => team?.desks[name].page, name);
  afterAll(async () => {
    for (const cleanup of cleanups.reverse()) {
      await bounded(cleanup.what, cleanup.run(), STEP_CLOSE_TIMEOUT_MS);
    }
    cleanups.length = 0;
  });
  return () => {
    if (!team) throw new Error('the desks of this floor did not start (see beforeAll)');
    return team;
  };
}
