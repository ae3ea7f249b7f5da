#!/usr/bin/env node
// `npm run dist`: build the app, then the installers with electron-builder. electron-builder downloads
// the Electron runtime it packages; where that download cannot be made, say so in one line instead of
// its stack trace.
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = fileURLToPath(new URL('..', import.meta.url));
const bin = (name) => path.join(repoRoot, 'node_modules', '.bin', name);
const NETWORK_FAILURE = /\b(ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ECONNRESET|ETIMEDOUT|getaddrinfo)\b/;

function run(command, args, { quiet }) {
  return new Promise((resolve) => {
    const child = spawn(command, args, {
      cwd: repoRoot,
      stdio: quiet ? ['ignore', 'pipe', 'pipe'] : 'inherit',
    });
    let output = '';
    child.stdout?.on('data', (chunk) => (output += chunk));
    child.stderr?.on('data', (chunk) => (output += chunk));
    child.once('error', (error) => resolve({ code: 1, output: `${output}\n${error.message}` }));
    child.once('close', (code) => resolve({ code: code ?? 1, output }));
  });
}

const built = await run(bin('electron-vite'), ['build'], { quiet: false });
if (built.code !== 0) process.exit(built.code);

const packaged = await run(bin('electron-builder'), process.argv.slice(2), { quiet: true });
if (packaged.code === 0) {
  process.stdout.write(packaged.output);
  process.exit(0);
}
if (NETWORK_FAILURE.test(packaged.output)) {
  const version = createRequire(import.meta.url)('electron/package.json').version;
  console.error(
    `npm run dist: electron-builder could not download the Electron ${version} runtime it packages ` +
      '(no network route to its download host). Build installers on a machine that can download it, ' +
      `or set ELECTRON_CACHE to a folder holding electron-v${version}-<platform>-<arch>.zip.`,
  );
  process.exit(1);
}
process.stderr.write(packaged.output);
process.exit(packaged.code);
