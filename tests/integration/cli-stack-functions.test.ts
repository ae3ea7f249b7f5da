import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createDatabaseAt,
  PG_TEMPLATE_ENV,
  sharedClusterUrl,
  uniqueDatabaseName,
} from '../support/pg-cluster.js';
import { spawnTalentg, type TalentgProcess } from './talentg-process.js';

// `talentg stack --env-file --function-schedule`, through the real CLI: the file's secrets reach the
// functions, and the schedule POSTs a function with the service key. One stack start for both, on a
// copy of the run's migrated PostgreSQL template (PGlite's start costs the child far more). Refusals
// of bad values are unit-tested in src/cli/function-options.test.ts; one is shown here end to end.

let dir: string;
let proc: TalentgProcess | undefined;

/** A port nothing listens on: bound, then released. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'talentg-cli-functions-'));
});

afterAll(async () => {
  if (proc && proc.child.exitCode === null && proc.child.signalCode === null) {
    proc.child.kill('SIGKILL');
    await proc.exited;
  }
  await rm(dir, { recursive: true, force: true });
});

describe('talentg stack --env-file --function-schedule', () => {
  it('gives the functions the file’s secrets and POSTs the scheduled function on its timer', async () => {
    const envFile = path.join(dir, 'functions.env');
    // Health's Storage check pointed at a closed port: a secret only this file sets, visible in its answer.
    await writeFile(envFile, `HEALTH_STORAGE_URL="http://127.0.0.1:${await closedPort()}"\n`);
    proc = spawnTalentg([
      'stack',
      '--port',
      '0',
      '--db',
      await createDatabaseAt(
        sharedClusterUrl(),
        uniqueDatabaseName('cli_functions'),
        process.env[PG_TEMPLATE_ENV] || undefined,
      ),
      '--seed',
      'none',
      '--env-file',
      envFile,
      '--function-schedule',
      'health=0.2',
    ]);
    const { url, anonKey } = JSON.parse(await proc.firstLine()) as { url: string; anonKey: string };

    const health = await fetch(`${url}/functions/v1/health`, {
      headers: { authorization: `Bearer ${anonKey}` },
    });
    expect(health.status).toBe(503);
    expect(await health.json()).toMatchObject({
      checks: { database: { status: 'ok' }, storage: { status: 'down' } },
    });

    // The schedule's runs: POSTs by the service role, each logged by the function, the failure once.
    await expect
      .poll(() => proc!.stderr(), { timeout: 30_000, interval: 200 })
      .toContain('function schedule: health answered 503');
    const runs = proc
      .stderr()
      .split('\n')
      .filter(
        (line) => line.startsWith('[functions:health] {') && line.includes('"method":"POST"'),
      );
    expect(runs.length).toBeGreaterThanOrEqual(1);

    proc.child.kill('SIGTERM');
    expect(await proc.exited).toBe(0);
  }, 120_000);

  it('refuses a malformed schedule with exit 2 before starting anything', async () => {
    const refused = spawnTalentg(['stack', '--port', '0', '--function-schedule', 'health']);
    expect(await refused.exited).toBe(2);
    expect(refused.stderr()).toContain('--function-schedule must be <function>=<seconds>');
    expect(refused.stdout()).toBe('');
  }, 60_000);
});
