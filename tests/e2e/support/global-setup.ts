// Vitest global setup of the e2e project: the renderer is built fresh for the run (a stale out/renderer
// is never what gets tested), and one embedded stack with the demo data serves every journey file. The
// floor calls all day, every day on it: the journeys work the seed's leads in India, the Gulf, Asia,
// Europe, America and Australia, and under the default hours (09:00-21:00 Mon-Sat on each lead's clock)
// none of them is callable for most of a Sunday UTC.
import { spawn } from 'node:child_process';
import { readdir, rm } from 'node:fs/promises';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { ALL_DAY_EVERY_DAY, serverSide } from './server-side.js';
import { REPO_ROOT, spawnTalentg } from './talentg-child.js';

export interface E2eStack {
  url: string;
  anonKey: string;
  serviceRoleKey: string;
}

declare module 'vitest' {
  export interface ProvidedContext {
    e2eStack: E2eStack;
  }
}

const BUILD_TIMEOUT_MS = 150_000;
const STACK_READY_TIMEOUT_MS = 90_000;

function buildRenderer(): Promise<void> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const child = spawn(path.join(REPO_ROOT, 'node_modules', '.bin', 'electron-vite'), ['build'], {
      cwd: REPO_ROOT,
      env: { ...process.env, ELECTRON_SKIP_BINARY_DOWNLOAD: '1' },
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), BUILD_TIMEOUT_MS);
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(new Error(`electron-vite build could not run: ${error.message}`));
    });
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      if (code === 0) {
        process.stderr.write(`[e2e] renderer built in ${Date.now() - started} ms\n`);
        resolve();
      } else {
        reject(
          new Error(`electron-vite build failed (${code ?? signal}):\n${output.slice(-4000)}`),
        );
      }
    });
  });
}

/** Screenshots of failures from an earlier run would pass for this run's. */
async function removeOldFailureScreenshots(): Promise<void> {
  const dir = path.join(REPO_ROOT, 'tests', 'e2e', 'screenshots');
  const names = await readdir(dir).catch(() => [] as string[]);
  await Promise.all(
    names
      .filter((name) => name.startsWith('failed-'))
      .map((name) => rm(path.join(dir, name), { force: true })),
  );
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  await removeOldFailureScreenshots();
  const stack = spawnTalentg(['stack', '--port', '0', '--db', 'memory', '--seed', 'demo']);
  try {
    const [, ready] = await Promise.all([
      buildRenderer(),
      stack.waitForLine(/^\{.*"url".*\}$/, STACK_READY_TIMEOUT_MS),
    ]);
    const announced = JSON.parse(ready[0]) as E2eStack;
    const server = serverSide(announced);
    await server.setCallingHours(ALL_DAY_EVERY_DAY);
    await server.signOutAll();
    project.provide('e2eStack', {
      url: announced.url,
      anonKey: announced.anonKey,
      serviceRoleKey: announced.serviceRoleKey,
    });
  } catch (error) {
    await stack.stop();
    throw error;
  }
  return () => stack.stop();
}
