// releases:update (the admin's Releases screen, through the core) rewrites electron-updater's feed files
// as the same aal2 session: after a stage or a pull there, the bucket's feeds are what
// `talentg release feeds` writes from the rows, and electron-updater's own staging rule offers accordingly.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningStack } from '../../../src/local-supabase/stack.js';
import {
  DEMO_PASSWORD,
  serviceClient,
  signedInRig,
  type ServicesRig,
} from '../../support/services-rig.js';
import { totpCode } from '../people/people-fixtures.js';
import {
  adminArgs,
  answer,
  bucketText,
  closeReleaseRig,
  installer,
  installers140,
  offeredAt,
  openReleaseRig,
  talentg,
} from './release-fixtures.js';

// Every feed file electron-updater may ask for from a build of these installers.
const FEEDS = [
  'latest.yml',
  'latest-mac.yml',
  'latest-linux.yml',
  'beta.yml',
  'beta-mac.yml',
  'beta-linux.yml',
];

let stack: RunningStack;
let admin: ServicesRig;

async function feedTexts(): Promise<Record<string, string | null>> {
  const texts = await Promise.all(FEEDS.map((file) => bucketText(file)));
  return Object.fromEntries(FEEDS.map((file, i) => [file, texts[i] ?? null]));
}

/** The feeds after `talentg release feeds` rewrote them from the rows (another admin, the CLI). */
async function feedsTheCliWrites(): Promise<Record<string, string | null>> {
  const run = await talentg(['release', 'feeds', ...(await adminArgs()), '--json']);
  expect(answer(run)).toMatchObject({ ok: true });
  return feedTexts();
}

async function publish(version: string, staged: number, files: readonly string[]) {
  const run = await talentg([
    'release',
    'publish',
    ...(await adminArgs()),
    '--version',
    version,
    '--channel',
    'stable',
    '--staged',
    String(staged),
    '--json',
    ...files,
  ]);
  expect(answer(run)).toMatchObject({ ok: true });
}

async function idsOf(version: string): Promise<string[]> {
  const { releases } = await admin.caller.ok('releases:list');
  return releases.filter((row) => row.version === version).map((row) => row.id);
}

beforeAll(async () => {
  ({ stack } = await openReleaseRig());
  await publish('1.4.0', 25, Object.values(await installers140()));
  // An admin on the Releases screen: the core signed in, raised to aal2 through mfa:*.
  const email = 'screen-admin@talentg.test';
  const created = await serviceClient(stack).auth.admin.createUser({
    email,
    password: DEMO_PASSWORD,
    email_confirm: true,
    app_metadata: { role: 'admin' },
  });
  if (created.error) throw created.error;
  admin = await signedInRig(stack, email);
  const enrolment = await admin.caller.ok('mfa:enroll');
  await admin.caller.ok('mfa:verify', {
    factor_id: enrolment.factor_id,
    code: totpCode(enrolment.secret),
  });
}, 180_000);

afterAll(async () => {
  await admin?.close();
  await closeReleaseRig();
});

describe('releases:update rewrites the feeds', () => {
  it('a stage widened on the screen reaches the feeds: what `release feeds` writes, offered at 40%', async () => {
    const before = await feedTexts();
    expect(before['latest-linux.yml']).toContain('stagingPercentage: 25');
    expect(await offeredAt(0.4)).toBeNull();

    for (const id of await idsOf('1.4.0')) {
      expect(await admin.caller.ok('releases:update', { id, staged_percentage: 50 })).toMatchObject(
        { id, staged_percentage: 50 },
      );
    }

    const after = await feedTexts();
    expect(after['latest-linux.yml']).toContain('stagingPercentage: 50');
    expect(after['latest.yml']).toContain('stagingPercentage: 50');
    expect(after).not.toEqual(before);
    expect(await feedsTheCliWrites()).toEqual(after);
    expect(await offeredAt(0.4)).toBe('1.4.0');
    expect(await offeredAt(0.8)).toBeNull();
  }, 120_000);

  it('a version pulled on the screen leaves the feeds at once: they go back to the newest one left', async () => {
    await publish('1.5.0', 100, [await installer('TalentG-1.5.0.AppImage', 'AppImage 1.5.0')]);
    expect(await offeredAt(0.8)).toBe('1.5.0');
    const [id] = await idsOf('1.5.0');

    const pulled = await admin.caller.ok('releases:update', {
      id: id ?? '',
      pulled: true,
      reason: 'Crashes on start',
    });
    expect(pulled.pulled_reason).toBe('Crashes on start');

    const after = await feedTexts();
    expect(after['latest-linux.yml']).toContain('version: 1.4.0');
    expect(after['latest-linux.yml']).not.toContain('1.5.0');
    expect(await feedsTheCliWrites()).toEqual(after);
    expect(await offeredAt(0.1)).toBe('1.4.0');
    expect(await offeredAt(0.8)).toBeNull();
  }, 120_000);
});
