// The final packaging step: where an Electron runtime is installed, electron-builder packages the app for
// this platform (--dir: the unpacked app an installer holds, built from the installed runtime rather
// than a download, better-sqlite3 rebuilt for Electron's ABI) and the packaged app starts, its Chromium
// opening the DevTools endpoint it was asked for. Where no runtime is installed (these build machines
// install with ELECTRON_SKIP_BINARY_DOWNLOAD=1), the test is skipped with one line saying why.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { installedElectronBinary } from '../../../src/cli/electron-runtime.js';

const REPO_ROOT = fileURLToPath(new URL('../../..', import.meta.url));
const bin = (name: string) => path.join(REPO_ROOT, 'node_modules', '.bin', name);
const RUNTIME = installedElectronBinary();
const NO_RUNTIME =
  'no Electron runtime installed (node_modules/electron has no dist/, as ELECTRON_SKIP_BINARY_DOWNLOAD=1 leaves it); ' +
  '`npm run dist` builds the installers on a machine that can download it';

let workDir: string | undefined;
let app: ChildProcess | undefined;

afterAll(async () => {
  app?.kill('SIGKILL');
  if (workDir !== undefined) await rm(workDir, { recursive: true, force: true });
});

/** Runs a command to its end; its output is kept for the failure message. */
function run(command: string, args: readonly string[], env: NodeJS.ProcessEnv = {}) {
  return new Promise<{ code: number; output: string }>((resolve) => {
    const child = spawn(command, args, { cwd: REPO_ROOT, env: { ...process.env, ...env } });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('error', (error) => resolve({ code: 1, output: `${output}\n${error.message}` }));
    child.once('close', (code) => resolve({ code: code ?? 1, output }));
  });
}

/** The packaged app's executable and its resources folder, as electron-builder lays out --dir. */
function unpacked(outDir: string): { executable: string; resources: string } {
  if (process.platform === 'darwin') {
    const arch = process.arch === 'arm64' ? 'mac-arm64' : 'mac';
    const bundle = path.join(outDir, arch, 'TalentG Workstation.app');
    return {
      executable: path.join(bundle, 'Contents', 'MacOS', 'TalentG Workstation'),
      resources: path.join(bundle, 'Contents', 'Resources'),
    };
  }
  if (process.platform === 'win32') {
    const dir = path.join(outDir, 'win-unpacked');
    return {
      executable: path.join(dir, 'TalentG Workstation.exe'),
      resources: path.join(dir, 'resources'),
    };
  }
  const dir = path.join(
    outDir,
    process.arch === 'arm64' ? 'linux-arm64-unpacked' : 'linux-unpacked',
  );
  return {
    executable: path.join(dir, 'talentg-workstation'),
    resources: path.join(dir, 'resources'),
  };
}

/** Resolves once the process prints Chromium's DevTools line, i.e. its browser process is up. */
function started(child: ChildProcess, timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    let output = '';
    const timer = setTimeout(
      () => reject(new Error(`the packaged app did not start in ${timeoutMs} ms:\n${output}`)),
      timeoutMs,
    );
    const read = (chunk: Buffer) => {
      output += chunk.toString();
      if (/DevTools listening on ws:\/\//.test(output)) {
        clearTimeout(timer);
        resolve(output);
      }
    };
    child.stdout?.on('data', read);
    child.stderr?.on('data', read);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the packaged app exited with ${code} before it started:\n${output}`));
    });
  });
}

describe('packaging', () => {
  it('electron-builder --dir packages the app for this platform, and the packaged app starts', async (context) => {
    if (RUNTIME === null) {
      // One line in any reporter's output (the default one shows no skip notes), then the skip itself.
      process.stderr.write(`packaging test skipped: ${NO_RUNTIME}\n`);
      context.skip(NO_RUNTIME);
    }
    workDir = await mkdtemp(path.join(tmpdir(), 'talentg-packaging-'));
    const outDir = path.join(workDir, 'dist');

    const built = await run(bin('electron-vite'), ['build']);
    expect(built.code, built.output).toBe(0);
    const packaged = await run(
      bin('electron-builder'),
      [
        '--dir',
        `-c.electronDist=${path.dirname(RUNTIME ?? '')}`,
        `-c.directories.output=${outDir}`,
      ],
      {
        // The generic feed entry needs a URL; the app sets its real feed at run time.
        TALENTG_UPDATE_URL: 'http://127.0.0.1:54321/storage/v1/object/authenticated/releases',
        // A test build is never signed, whatever certificates the machine holds.
        CSC_IDENTITY_AUTO_DISCOVERY: 'false',
      },
    );
    expect(packaged.code, packaged.output).toBe(0);

    const { executable, resources } = unpacked(outDir);
    expect(existsSync(executable), `${executable} was not built`).toBe(true);
    expect(
      existsSync(
        path.join(
          resources,
          'app.asar.unpacked',
          'node_modules',
          'better-sqlite3',
          'build',
          'Release',
          'better_sqlite3.node',
        ),
      ),
      'better-sqlite3 is unpacked beside the archive, where Electron can load it',
    ).toBe(true);

    const home = path.join(workDir, 'home');
    app = spawn(
      executable,
      [
        '--remote-debugging-port=0',
        ...(process.platform === 'linux' ? ['--no-sandbox', '--ozone-platform=headless'] : []),
      ],
      { env: { ...process.env, HOME: home, XDG_CONFIG_HOME: home, APPDATA: home } },
    );
    await started(app, 60_000);
    expect(app.exitCode).toBeNull();
  }, 600_000);
});
