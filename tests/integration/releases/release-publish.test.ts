// `talentg release publish` against the embedded stack: the feed files are what electron-builder writes
// for the same installers, rows and objects are written by an admin at aal2 only, and unsigned builds,
// unknown files and a version already out are refused with their codes.
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningStack } from '../../../src/local-supabase/stack.js';
import { electronBuilderFeed, electronBuilderSha512 } from '../../support/electron-builder-feed.js';
import { TC1 } from '../../support/services-rig.js';
import { windowsInstaller, writeInstaller } from '../../support/signed-installers.js';
import { signedIn } from '../people/people-fixtures.js';
import { spawnTalentg } from '../talentg-process.js';
import {
  adminArgs,
  answer,
  bucketText,
  closeReleaseRig,
  credentials,
  installer,
  installers140,
  openReleaseRig,
  rowsOf,
  talentg,
} from './release-fixtures.js';

let stack: RunningStack;
let dir: string;

beforeAll(async () => {
  ({ stack, dir } = await openReleaseRig());
}, 120_000);

afterAll(closeReleaseRig);

describe('talentg release publish', () => {
  let files: Record<string, string>;

  beforeAll(async () => {
    files = await installers140();
  });

  it('refuses a telecaller with NOT_ADMIN and writes nothing', async () => {
    const run = await talentg([
      'release',
      'publish',
      ...credentials(TC1),
      '--version',
      '1.4.0',
      '--channel',
      'stable',
      '--staged',
      '25',
      '--json',
      files.appImage ?? '',
    ]);
    expect(run.code).toBe(1);
    expect(answer(run)).toMatchObject({ ok: false, code: 'NOT_ADMIN' });
    expect(await rowsOf('1.4.0')).toEqual([]);
    // Nor can the telecaller write the bucket around the CLI: the database refuses it.
    const direct = await (
      await signedIn(stack, TC1)
    ).storage
      .from('releases')
      .upload('latest.yml', 'version: 9.9.9\n');
    expect(direct.error).not.toBeNull();
    expect(await bucketText('latest.yml')).toBeNull();
  });

  it('refuses an admin without a second factor code with AAL2_REQUIRED', async () => {
    const run = await talentg([
      'release',
      'publish',
      ...credentials('admin@talentg.test'),
      '--version',
      '1.4.0',
      '--channel',
      'stable',
      '--staged',
      '25',
      '--json',
      files.appImage ?? '',
    ]);
    expect(answer(run)).toMatchObject({ ok: false, code: 'AAL2_REQUIRED' });
    expect(await rowsOf('1.4.0')).toEqual([]);
  });

  it('refuses a file the updater cannot install before anyone signs in', async () => {
    const notes = await installer('release-notes.txt', 'notes');
    const run = await talentg([
      'release',
      'publish',
      ...credentials(TC1),
      '--version',
      '1.4.0',
      '--channel',
      'stable',
      '--staged',
      '25',
      '--json',
      notes,
    ]);
    expect(run.code).toBe(1);
    expect(answer(run)).toMatchObject({ ok: false, code: 'RELEASE_ARTIFACT_INVALID' });
  });

  it('refuses an unsigned Windows or macOS build with RELEASE_UNSIGNED, on stable even when allowed', async () => {
    const unsigned = await writeInstaller(
      path.join(dir, 'TalentG-Setup-1.4.0-unsigned.exe'),
      windowsInstaller('1.4.0', false),
    );
    for (const extra of [[], ['--allow-unsigned']]) {
      const run = await talentg([
        'release',
        'publish',
        ...credentials(TC1),
        '--version',
        '1.4.0',
        '--channel',
        'stable',
        '--staged',
        '25',
        '--json',
        ...extra,
        unsigned,
      ]);
      expect(answer(run)).toMatchObject({ ok: false, code: 'RELEASE_UNSIGNED' });
    }
    // On beta, --allow-unsigned passes the check (and a telecaller is then refused at sign-in) with a warning.
    const pilot = await talentg([
      'release',
      'publish',
      ...credentials(TC1),
      '--version',
      '1.4.0',
      '--channel',
      'beta',
      '--staged',
      '25',
      '--json',
      '--allow-unsigned',
      unsigned,
    ]);
    expect(pilot.stderr).toMatch(/WARNING: publishing UNSIGNED TalentG-Setup-1.4.0-unsigned.exe/);
    expect(answer(pilot)).toMatchObject({ ok: false, code: 'NOT_ADMIN' });
  });

  it('uploads the installers, writes a row per platform and the feeds electron-builder would write', async () => {
    const run = await talentg([
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
      files.appImage ?? '',
      files.deb ?? '',
      files.exe ?? '',
      files.zip ?? '',
      files.blockmap ?? '',
    ]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(answer(run)).toMatchObject({ ok: true, version: '1.4.0', staged_percentage: 25 });

    const rows = await rowsOf('1.4.0');
    expect(rows.map((row) => [row.platform, row.arch, row.file_name])).toEqual([
      ['darwin', 'x64', 'TalentG-1.4.0-mac.zip'],
      ['linux', 'x64', 'TalentG-1.4.0.AppImage'],
      ['win32', 'x64', 'TalentG-Setup-1.4.0.exe'],
    ]);
    for (const row of rows) {
      const file = path.join(dir, row.file_name);
      expect(row.sha512).toBe(await electronBuilderSha512(file));
      expect(row).toMatchObject({ channel: 'stable', staged_percentage: 25, pulled_at: null });
      expect(row.url).toBe(
        `${stack.url}/storage/v1/object/authenticated/releases/${row.file_name}`,
      );
    }
    // Every installer is in the bucket, byte for byte, and the blockmap beside its installer (for
    // electron-updater's differential download) without a row or a place in the feed.
    expect(await bucketText('talentg_1.4.0_amd64.deb')).toBe('deb 1.4.0 '.repeat(4000));
    expect(await bucketText('TalentG-Setup-1.4.0.exe.blockmap')).toBe('blockmap of the exe');

    const releaseDate = new Date(rows[0]?.published_at ?? '').toISOString();
    const built = async (
      platform: 'win32' | 'darwin' | 'linux',
      channel: 'latest' | 'beta',
      names: string[],
    ) =>
      electronBuilderFeed({
        platform,
        channel,
        version: '1.4.0',
        releaseDate,
        stagingPercentage: 25,
        artifacts: await Promise.all(
          names.map(async (name) => {
            const file = path.join(dir, name);
            return {
              file,
              arch: 'x64' as const,
              sha512: await electronBuilderSha512(file),
              size: (await stat(file)).size,
            };
          }),
        ),
      });
    for (const expected of [
      await built('linux', 'latest', ['TalentG-1.4.0.AppImage', 'talentg_1.4.0_amd64.deb']),
      await built('win32', 'latest', ['TalentG-Setup-1.4.0.exe']),
      await built('darwin', 'latest', ['TalentG-1.4.0-mac.zip']),
      // A stable release reaches beta machines too.
      await built('linux', 'beta', ['TalentG-1.4.0.AppImage', 'talentg_1.4.0_amd64.deb']),
    ]) {
      expect(await bucketText(expected.name), expected.name).toBe(expected.text);
    }
  }, 120_000);

  it('refuses the same version again with RELEASE_VERSION_EXISTS', async () => {
    const run = await talentg([
      'release',
      'publish',
      ...(await adminArgs()),
      '--version',
      '1.4.0',
      '--channel',
      'stable',
      '--staged',
      '100',
      '--json',
      files.exe ?? '',
    ]);
    expect(answer(run)).toMatchObject({ ok: false, code: 'RELEASE_VERSION_EXISTS' });
    expect((await rowsOf('1.4.0')).map((row) => row.staged_percentage)).toEqual([25, 25, 25]);
  }, 60_000);
});

describe('npx talentg release, as a process', () => {
  it('exits 2 with the usage for missing options and 1 with a coded JSON refusal', async () => {
    const usage = spawnTalentg(['release', 'publish', '--channel', 'stable']);
    expect(await usage.exited).toBe(2);
    expect(usage.stderr()).toMatch(/--version is required/);

    const refused = spawnTalentg([
      'release',
      'promote',
      ...(await adminArgs()),
      '--version',
      '9.9.9',
      '--staged',
      '10',
      '--json',
    ]);
    expect(await refused.exited).toBe(1);
    expect(JSON.parse(refused.stdout())).toMatchObject({ ok: false, code: 'RELEASE_NOT_FOUND' });
  }, 90_000);
});
