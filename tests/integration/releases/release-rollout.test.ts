// What machines are offered after `talentg release publish|promote|pull|feeds`, decided by
// electron-updater's own staging rule (its DebUpdater in plain Node with a stubbed app and fixed rollout
// ids) against the feeds on the embedded stack; a person's channel; a download verified by its sha512
// and announced, and a tampered installer rejected.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CoreEvent } from '../../../src/contract/events.js';
import type { RunningStack } from '../../../src/local-supabase/stack.js';
import { startUpdateChecks } from '../../../src/release/update-policy.js';
import { updateSessionOf } from '../../../src/release/update-session.js';
import { TC1, serviceClient } from '../../support/services-rig.js';
import { signedIn } from '../people/people-fixtures.js';
import {
  adminArgs,
  answer,
  bucketText,
  closeReleaseRig,
  freshAdmin,
  installer,
  installers140,
  machine,
  offeredAt,
  openReleaseRig,
  rowsOf,
  talentg,
  tc1Session,
} from './release-fixtures.js';

let stack: RunningStack;

beforeAll(async () => {
  ({ stack } = await openReleaseRig());
  const files = await installers140();
  const published = await talentg([
    'release',
    'publish',
    ...(await adminArgs()),
    '--version',
    '1.4.0',
    '--channel',
    'stable',
    '--staged',
    '25',
    '--json',
    ...Object.values(files),
  ]);
  expect(answer(published)).toMatchObject({ ok: true });
}, 120_000);

afterAll(closeReleaseRig);

describe('staged rollout, as electron-updater decides it', () => {
  it('offers 1.4.0 at 25% only to the machine in the first quarter', async () => {
    expect(await offeredAt(0.1)).toBe('1.4.0');
    expect(await offeredAt(0.4)).toBeNull();
    expect(await offeredAt(0.8)).toBeNull();
  }, 60_000);

  it('promote --staged 50 widens it to the machine at 40%', async () => {
    const run = await talentg([
      'release',
      'promote',
      ...(await adminArgs()),
      '--version',
      '1.4.0',
      '--staged',
      '50',
      '--json',
    ]);
    expect(answer(run)).toMatchObject({ ok: true, changed: 3 });
    expect(await offeredAt(0.1)).toBe('1.4.0');
    expect(await offeredAt(0.4)).toBe('1.4.0');
    expect(await offeredAt(0.8)).toBeNull();
  }, 60_000);

  it('pull withdraws a bad 1.5.0: every machine is back to what 1.4.0 offers it', async () => {
    const appImage = await installer('TalentG-1.5.0.AppImage', 'AppImage 1.5.0');
    const published = await talentg([
      'release',
      'publish',
      ...(await adminArgs()),
      '--version',
      '1.5.0',
      '--channel',
      'stable',
      '--staged',
      '100',
      '--json',
      appImage,
    ]);
    expect(answer(published)).toMatchObject({ ok: true });
    expect(await offeredAt(0.8)).toBe('1.5.0');

    const pulled = await talentg([
      'release',
      'pull',
      ...(await adminArgs()),
      '--version',
      '1.5.0',
      '--reason',
      'Crashes on start',
      '--json',
    ]);
    expect(answer(pulled)).toMatchObject({ ok: true, changed: 1 });
    expect((await rowsOf('1.5.0'))[0]).toMatchObject({ pulled_reason: 'Crashes on start' });
    expect(await offeredAt(0.1)).toBe('1.4.0');
    expect(await offeredAt(0.8)).toBeNull();
    expect(await bucketText('latest-linux.yml')).toContain('version: 1.4.0');
  }, 90_000);

  it('answers RELEASE_NOT_FOUND for a version that is not offered', async () => {
    const run = await talentg([
      'release',
      'pull',
      ...(await adminArgs()),
      '--version',
      '1.5.0',
      '--reason',
      'again',
      '--json',
    ]);
    expect(answer(run)).toMatchObject({ ok: false, code: 'RELEASE_NOT_FOUND' });
  }, 60_000);
});

describe('update channels', () => {
  it("an admin at aal2 puts tc1 on beta: tc1's workstation is offered the beta, a stable machine is not", async () => {
    const tc1Id = (
      await serviceClient(stack).from('profiles').select('id').eq('email', TC1).single()
    ).data?.id as string;
    const { client: admin } = await freshAdmin();
    const set = await admin
      .from('profiles')
      .update({ update_channel: 'beta' })
      .eq('id', tc1Id)
      .select('update_channel');
    expect(set.data).toEqual([{ update_channel: 'beta' }]);

    const beta = await installer('TalentG-1.6.0-beta.1.AppImage', 'AppImage 1.6.0-beta.1');
    const published = await talentg([
      'release',
      'publish',
      ...(await adminArgs()),
      '--version',
      '1.6.0-beta.1',
      '--channel',
      'beta',
      '--staged',
      '100',
      '--json',
      beta,
    ]);
    expect(answer(published)).toMatchObject({ ok: true });

    const tc1 = await signedIn(stack, TC1);
    const session = await updateSessionOf(
      {
        client: tc1,
        currentUser: () => ({ id: tc1Id }),
        accessTokenFresh: async () => ({
          ok: true,
          accessToken: (await tc1.auth.getSession()).data.session?.access_token ?? '',
        }),
      },
      { url: stack.url, anonKey: stack.anonKey },
    );
    expect(session?.channel).toBe('beta');
    expect(await offeredAt(0.8, session ?? undefined)).toBe('1.6.0-beta.1');
    expect(await offeredAt(0.8)).toBeNull();
  }, 90_000);
});

describe('talentg release feeds', () => {
  it('brings the feeds in line with a change made on the Releases screen (rows only)', async () => {
    const { client: admin } = await freshAdmin();
    const staged = await admin
      .from('releases')
      .update({ staged_percentage: 100 })
      .eq('version', '1.4.0')
      .select('id');
    expect(staged.data).toHaveLength(3);
    expect(await offeredAt(0.8)).toBeNull();

    const run = await talentg(['release', 'feeds', ...(await adminArgs()), '--json']);
    expect(answer(run)).toMatchObject({ ok: true });
    expect(await offeredAt(0.8)).toBe('1.4.0');
    expect(await bucketText('latest-linux.yml')).not.toContain('stagingPercentage');
  }, 60_000);
});

describe('the update on a machine (electron-updater in plain Node)', () => {
  it('downloads 1.4.0, checks its sha512 and tells the person it installs on quit', async () => {
    const { updater } = await machine(0.1);
    const session = await tc1Session();
    const events: CoreEvent[] = [];
    const downloaded = new Promise<void>((resolve, reject) => {
      updater.on('update-downloaded', () => resolve());
      updater.on('error', reject);
    });
    const checks = startUpdateChecks({
      updater,
      session: () => Promise.resolve(session),
      notify: (event) => events.push(event),
      log: () => undefined,
    });
    await downloaded;
    checks.stop();
    expect(events).toEqual([
      {
        event: 'update:ready',
        payload: expect.objectContaining({ version: '1.4.0', install: 'on_quit' }),
      },
    ]);
  }, 60_000);

  it('rejects an installer changed in the bucket after publishing (sha512 mismatch)', async () => {
    const tampered = await serviceClient(stack)
      .storage.from('releases')
      .upload('talentg_1.4.0_amd64.deb', 'deb 1.4.0 with something added', { upsert: true });
    expect(tampered.error).toBeNull();
    const { updater } = await machine(0.1);
    const session = await tc1Session();
    const events: CoreEvent[] = [];
    const logged: string[] = [];
    const failed = new Promise<Error>((resolve) => updater.on('error', resolve));
    const checks = startUpdateChecks({
      updater,
      session: () => Promise.resolve(session),
      notify: (event) => events.push(event),
      log: (line) => logged.push(line),
    });
    const error = await failed;
    checks.stop();
    expect(error.message).toMatch(/sha512 checksum mismatch/);
    expect(events).toEqual([]);
    expect(logged.join('\n')).toMatch(/sha512/);
  }, 60_000);
});
