// `talentg release publish|promote|pull` against the embedded stack: the feed files are what
// electron-builder writes, rows and objects are written by an admin at aal2 only, and what a machine in
// each rollout bucket is offered follows electron-updater's own staging rule (its DebUpdater, run in
// plain Node with a stubbed app), which also downloads the update and rejects a tampered installer.
import { mkdir, mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import {
  request as httpRequest,
  type ClientRequest,
  type IncomingMessage,
  type RequestOptions,
} from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import type { SupabaseClient } from '@supabase/supabase-js';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { main } from '../../../src/cli/main.js';
import type { CoreEvent } from '../../../src/contract/events.js';
import type { RunningStack } from '../../../src/local-supabase/stack.js';
import {
  configureUpdater,
  startUpdateChecks,
  type UpdateSession,
  type Updater,
} from '../../../src/release/update-policy.js';
import { updateSessionOf } from '../../../src/release/update-session.js';
import { electronBuilderFeed, electronBuilderSha512 } from '../../support/electron-builder-feed.js';
import { DEMO_PASSWORD, TC1, serviceClient, startSeededStack } from '../../support/services-rig.js';
import { macUpdateZip, windowsInstaller, writeInstaller } from '../../support/signed-installers.js';
import { clientFor } from '../../support/stack.js';
import { signedIn, totpCode } from '../people/people-fixtures.js';

const require = createRequire(import.meta.url);
const { DebUpdater } = require('electron-updater') as {
  DebUpdater: new (options: null, app: unknown) => Updater & Record<string, unknown>;
};
const { ElectronHttpExecutor } = require('electron-updater/out/electronHttpExecutor.js') as {
  ElectronHttpExecutor: new () => {
    createRequest(
      options: RequestOptions,
      callback: (response: IncomingMessage) => void,
    ): ClientRequest;
  };
};

/**
 * electron-updater's own executor (its download, redirect and sha512 handling) with Node's http in place
 * of Electron's net module, which plain Node lacks.
 */
class NodeNetExecutor extends ElectronHttpExecutor {
  override createRequest(options: RequestOptions, callback: (response: IncomingMessage) => void) {
    const request = httpRequest(options);
    request.on('response', callback);
    return request;
  }
}

let stack: RunningStack;
let dir: string;
let admins = 0;

/** Runs `talentg <args>` in this process; stdout, stderr and the exit code. */
async function talentg(args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const write = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
    out.push(String(chunk));
    return true;
  });
  const log = vi
    .spyOn(console, 'log')
    .mockImplementation((...parts) => out.push(`${parts.join(' ')}\n`));
  const error = vi
    .spyOn(console, 'error')
    .mockImplementation((...parts) => err.push(parts.join(' ')));
  try {
    const code = await main(args);
    return { code, stdout: out.join(''), stderr: err.join('\n') };
  } finally {
    write.mockRestore();
    log.mockRestore();
    error.mockRestore();
  }
}

/** The --json line of a run. */
function answer(run: { stdout: string }) {
  return JSON.parse(run.stdout.trim().split('\n').at(-1) ?? '{}') as Record<string, unknown>;
}

/**
 * A new admin with a verified authenticator, and their client at aal2. Auth takes each TOTP step once per
 * factor (no replay), so every aal2 sign-in in this file gets its own admin rather than waiting 30 s.
 */
async function freshAdmin(): Promise<{ email: string; secret: string; client: SupabaseClient }> {
  admins += 1;
  const email = `release-admin-${admins}@talentg.test`;
  const created = await serviceClient(stack).auth.admin.createUser({
    email,
    password: DEMO_PASSWORD,
    email_confirm: true,
    app_metadata: { role: 'admin' },
  });
  if (created.error) throw created.error;
  const client = await signedIn(stack, email);
  const enrolled = await client.auth.mfa.enroll({ factorType: 'totp', friendlyName: 'Phone' });
  if (enrolled.error) throw enrolled.error;
  const secret = enrolled.data.totp.secret;
  const verified = await client.auth.mfa.challengeAndVerify({
    factorId: enrolled.data.id,
    code: totpCode(secret),
  });
  if (verified.error) throw verified.error;
  return { email, secret, client };
}

/** The CLI's sign-in options for a fresh admin: the next period's code, as enrolment used this one's. */
async function adminArgs(): Promise<string[]> {
  const admin = await freshAdmin();
  return [...credentials(admin.email), '--totp', totpCode(admin.secret, 1)];
}

function credentials(email: string): string[] {
  return [
    '--url',
    stack.url,
    '--anon-key',
    stack.anonKey,
    '--email',
    email,
    '--password',
    DEMO_PASSWORD,
  ];
}

async function installer(name: string, bytes: string): Promise<string> {
  const file = path.join(dir, name);
  await writeFile(file, bytes);
  return file;
}

async function bucketText(name: string): Promise<string | null> {
  const client = await signedIn(stack, TC1);
  const downloaded = await client.storage.from('releases').download(name);
  return downloaded.error ? null : downloaded.data.text();
}

async function rowsOf(version: string) {
  const { data, error } = await serviceClient(stack)
    .from('releases')
    .select(
      'version, channel, platform, arch, file_name, url, sha512, size_bytes, staged_percentage, published_at, pulled_at, pulled_reason',
    )
    .eq('version', version)
    .order('platform');
  if (error) throw error;
  return data;
}

/** A machine whose electron-updater rollout id falls at `share` (0 to 1) of the staging range. */
function stagingId(share: number): string {
  const tail = Math.floor(share * 0xffffffff)
    .toString(16)
    .padStart(8, '0');
  return `6a1f2c3d-4e5f-4a6b-8c7d-8e9f${tail}`;
}

interface Machine {
  updater: Updater & Record<string, unknown>;
  events: CoreEvent[];
  errors: string[];
}

/** A Linux (deb) workstation at version 1.3.0 with a fixed rollout id, as electron-updater keeps it. */
async function machine(share: number): Promise<Machine> {
  const home = await mkdtemp(path.join(dir, 'machine-'));
  await writeFile(path.join(home, '.updaterId'), stagingId(share));
  await writeFile(
    path.join(home, 'app-update.yml'),
    'updaterCacheDirName: talentg-workstation-updater\n',
  );
  await mkdir(path.join(home, 'cache'));
  const app = {
    version: '1.3.0',
    name: 'TalentG Workstation',
    isPackaged: true,
    appUpdateConfigPath: path.join(home, 'app-update.yml'),
    userDataPath: home,
    baseCachePath: path.join(home, 'cache'),
    whenReady: () => Promise.resolve(),
    relaunch: () => undefined,
    quit: () => undefined,
    onQuit: () => undefined,
  };
  const updater = new DebUpdater(null, app);
  updater.httpExecutor = new NodeNetExecutor();
  updater.logger = null;
  return { updater, events: [], errors: [] };
}

async function tc1Session() {
  const client = clientFor(stack, stack.anonKey);
  const { data, error } = await client.auth.signInWithPassword({
    email: TC1,
    password: DEMO_PASSWORD,
  });
  if (error) throw error;
  return {
    projectUrl: stack.url,
    anonKey: stack.anonKey,
    accessToken: data.session.access_token,
    channel: 'stable' as const,
  };
}

/** What electron-updater offers a machine at `share` of the rollout: the version, or null. */
async function offeredAt(share: number, session?: UpdateSession): Promise<string | null> {
  const { updater } = await machine(share);
  configureUpdater(updater, session ?? (await tc1Session()));
  updater.autoDownload = false;
  const result = (await updater.checkForUpdates()) as {
    isUpdateAvailable: boolean;
    updateInfo: { version: string };
  };
  return result.isUpdateAvailable ? result.updateInfo.version : null;
}

beforeAll(async () => {
  stack = await startSeededStack();
  dir = await mkdtemp(path.join(tmpdir(), 'talentg-release-'));
}, 120_000);

afterAll(async () => {
  await stack?.close();
  await rm(dir, { recursive: true, force: true });
});

describe('talentg release publish', () => {
  let files: Record<string, string>;

  beforeAll(async () => {
    files = {
      appImage: await installer('TalentG-1.4.0.AppImage', 'AppImage 1.4.0 '.repeat(5000)),
      deb: await installer('talentg_1.4.0_amd64.deb', 'deb 1.4.0 '.repeat(4000)),
      exe: await writeInstaller(
        path.join(dir, 'TalentG-Setup-1.4.0.exe'),
        windowsInstaller('1.4.0 '.repeat(3000), true),
      ),
      blockmap: await installer('TalentG-Setup-1.4.0.exe.blockmap', 'blockmap of the exe'),
      zip: await writeInstaller(
        path.join(dir, 'TalentG-1.4.0-mac.zip'),
        macUpdateZip('1.4.0 '.repeat(2000), true),
      ),
    };
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
