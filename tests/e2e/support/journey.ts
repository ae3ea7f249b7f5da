// What every journey gets from the file that composes it: the world, its one page, and the people in
// the demo seed. Journeys run in the order the file registers them, sharing the page.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { DEMO_PASSWORD } from './server-side.js';
import { startWorld, type World } from './world.js';
import { eventually, screenshotFailures, WorkstationPage } from './workstation-page.js';

export const TC1 = 'tc1@talentg.test';
export const TC2 = 'tc2@talentg.test';
export const MANAGER = 'manager@talentg.test';
/** Only an admin may take a number off the do-not-call list (policy dnc_list_delete). */
export const ADMIN = 'admin@talentg.test';

export interface Journey {
  readonly world: World;
  readonly page: Page;
  readonly app: WorkstationPage;
  readonly tc1Id: string;
}

/** Hands each journey the current world; throws in a test when the world did not start. */
export type CurrentJourney = () => Journey;

/**
 * Starts a world for this file in beforeAll (page open, signed out) and stops it in afterAll, with a
 * screenshot of the page after each failed test.
 */
export function useJourneyWorld(): CurrentJourney {
  let world: World | undefined;
  let journey: Journey | undefined;
  beforeAll(async () => {
    world = await startWorld();
    const page = await world.openApp();
    journey = {
      world,
      page,
      app: new WorkstationPage(page),
      tc1Id: await world.server.userId(TC1),
    };
  });
  screenshotFailures(() => journey?.page);
  afterAll(async () => {
    world?.link.restore();
    await world?.close();
  });
  return () => {
    if (!journey)
      throw new Error('the workstation for these journeys did not start (see beforeAll)');
    return journey;
  };
}

/** Signs tc1 in unless signed in already, then waits for the queue and a quiet outbox. */
export async function ensureSignedInAsTc1(journey: Journey): Promise<void> {
  await ensureSignedInAs(journey, TC1);
  await journey.app.queueItems.first().waitFor({ timeout: 30_000 });
}

/** Signs `email` in unless someone is signed in already, then waits for a quiet outbox. */
export async function ensureSignedInAs(
  journey: Pick<Journey, 'app'>,
  email: string,
): Promise<void> {
  const { app } = journey;
  const state = await eventually(
    'the app past loading',
    () => app.appState(),
    (s) => s === 'signed-out' || s === 'ready',
    30_000,
  );
  if (state === 'signed-out') {
    await app.signIn(email, DEMO_PASSWORD);
    await app.waitForAppState('ready');
  }
  await app.waitForHealth(
    'online with nothing pending',
    (h) => h.state === 'online' && h.pending === 0,
    30_000,
  );
}
