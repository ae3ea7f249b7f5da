// Shared by the release CLI's integration tests: the CLI run in this process, admins at aal2, installers,
// the bucket read as a telecaller, and machines running electron-updater's DebUpdater in plain Node with a
// stubbed app and a fixed rollout id.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
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
import { vi } from 'vitest';
import { main } from '../../../src/cli/main.js';
import type { CoreEvent } from '../../../src/contract/events.js';
import type { RunningStack } from '../../../src/local-supabase/stack.js';
import {
  configureUpdater,
  type UpdateSession,
  type Updater,
} from '../../../src/release/update-policy.js';
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

/** The stack and scratch folder of the test file using these fixtures (each file has its own). */
let stack: RunningStack;
let dir: string;
let admins = 0;

export async function openReleaseRig(): Promise<{ stack: RunningStack; dir: string }> {
  stack = await startSeededStack();
  dir = await mkdtemp(path.join(tmpdir(), 'talentg-release-'));
  return { stack, dir };
}

export async function closeReleaseRig(): Promise<void> {
  await stack?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
}

/** Runs `talentg <args>` in this process; stdout, stderr and the exit code. */
export async function talentg(args: string[]) {
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
export function answer(run: { stdout: string }) {
  return JSON.parse(run.stdout.trim().split('\n').at(-1) ?? '{}') as Record<string, unknown>;
}

/**
 * A new admin with a verified authenticator, and their client at aal2. Auth takes each TOTP step once per
 * factor (no replay), so every aal2 sign-in in this file gets its own admin rather than waiting 30 s.
 */
export async function freshAdmin(): Promise<{
  email: string;
  secret: string;
  client: SupabaseClient;
}> {
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
export async function adminArgs(): Promise<string[]> {
  const admin = await freshAdmin();
  return [...credentials(admin.email), '--totp', totpCode(admin.secret, 1)];
}

export function credentials(email: string): string[] {
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

export async function installer(name: string, bytes: string): Promise<string> {
  const file = path.join(dir, name);
  await writeFile(file, bytes);
  return file;
}

export async function bucketText(name: string): Promise<string | null> {
  const client = await signedIn(stack, TC1);
  const downloaded = await client.storage.from('releases').download(name);
  return downloaded.error ? null : downloaded.data.text();
}

export async function rowsOf(version: string) {
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
export function stagingId(share: number): string {
  const tail = Math.floor(share * 0xffffffff)
    .toString(16)
    .padStart(8, '0');
  return `6a1f2c3d-4e5f-4a6b-8c7d-8e9f${tail}`;
}

export interface Machine {
  updater: Updater & Record<string, unknown>;
  events: CoreEvent[];
  errors: string[];
}

/** A Linux (deb) workstation at version 1.3.0 with a fixed rollout id, as electron-updater keeps it. */
export async function machine(share: number): Promise<Machine> {
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

export async function tc1Session() {
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
export async function offeredAt(share: number, session?: UpdateSession): Promise<string | null> {
  const { updater } = await machine(share);
  configureUpdater(updater, session ?? (await tc1Session()));
  updater.autoDownload = false;
  const result = (await updater.checkForUpdates()) as {
    isUpdateAvailable: boolean;
    updateInfo: { version: string };
  };
  return result.isUpdateAvailable ? result.updateInfo.version : null;
}

/** The 1.4.0 build: AppImage and deb, a signed NSIS installer with its blockmap, a signed macOS zip. */
export async function installers140(): Promise<Record<string, string>> {
  return {
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
}
