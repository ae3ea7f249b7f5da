import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/local-supabase/db/index.js';
import { listMigrations } from '../../src/local-supabase/migrate.js';
import { spawnTalentg, type TalentgProcess } from './talentg-process.js';

const migrationsDir = fileURLToPath(new URL('../../supabase/migrations', import.meta.url));
const running: TalentgProcess[] = [];

/** Starts `talentg stack` and resolves to its ready line parsed as JSON. */
async function startStackProcess(
  args: string[],
): Promise<{ proc: TalentgProcess; ready: unknown }> {
  const proc = spawnTalentg(['stack', '--port', '0', ...args]);
  running.push(proc);
  const line = await proc.firstLine();
  return { proc, ready: JSON.parse(line) };
}

async function stopWith(
  proc: TalentgProcess,
  signal: NodeJS.Signals,
): Promise<number | NodeJS.Signals> {
  proc.child.kill(signal);
  return proc.exited;
}

afterEach(async () => {
  // A failed assertion must not leave a stack running into the next test.
  for (const proc of running.splice(0)) {
    if (proc.child.exitCode === null && proc.child.signalCode === null)
      await stopWith(proc, 'SIGKILL');
  }
});

describe('talentg stack', () => {
  it('prints one JSON ready line, answers HTTP, and exits 0 on SIGTERM', async () => {
    const { proc, ready } = await startStackProcess(['--db', 'memory', '--seed', 'none']);
    expect(Object.keys(ready as object).sort()).toEqual([
      'anonKey',
      'jwtSecret',
      'serviceRoleKey',
      'url',
    ]);
    const { url, anonKey } = ready as { url: string; anonKey: string };
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);

    const response = await fetch(`${url}/auth/v1/health`, { headers: { apikey: anonKey } });
    // The gateway routes to the auth service, which answers GoTrue's health check.
    expect(response.status).toBe(200);
    // Auth's mail is captured in the stack's mailbox, whose address the log names.
    expect((await fetch(`${url}/mailbox/api/messages`)).status).toBe(200);
    expect(proc.stderr()).toContain(`${url}/mailbox/`);

    expect(await stopWith(proc, 'SIGTERM')).toBe(0);
    expect(proc.stdout().trimEnd().split('\n')).toHaveLength(1);
  }, 120_000);

  describe('with a PGlite data directory', () => {
    let dataRoot: string;
    beforeAll(async () => {
      dataRoot = await mkdtemp(path.join(tmpdir(), 'talentg-cli-stack-'));
    });
    afterAll(async () => {
      await rm(dataRoot, { recursive: true, force: true });
    });

    it('keeps the migrations and demo seed it committed before a SIGKILL, and does not seed again', async () => {
      const dataDir = path.join(dataRoot, 'killed');
      const first = await startStackProcess(['--db', dataDir, '--seed', 'demo']);
      expect(await stopWith(first.proc, 'SIGKILL')).toBe('SIGKILL');
      expect(first.proc.stderr()).toContain('loaded the demo seed');

      // Opened directly, before a restart could re-apply anything that was lost.
      const db = await openDatabase(dataDir);
      try {
        const { rows } = await db.query<{ version: string }>(
          'select version from supabase_migrations.schema_migrations order by version',
        );
        const files = await listMigrations(migrationsDir);
        expect(rows.map((row) => row.version)).toEqual(files.map((file) => file.version));
        const users = await db.query(`select 1 from auth.users where email = 'tc1@talentg.test'`);
        expect(users.rows).toHaveLength(1);
      } finally {
        await db.close();
      }

      const second = await startStackProcess(['--db', dataDir, '--seed', 'demo']);
      expect((second.ready as { url: string }).url).toMatch(/^http:/);
      expect(await stopWith(second.proc, 'SIGTERM')).toBe(0);
      expect(second.proc.stderr()).not.toContain('loaded the demo seed');
    }, 180_000);
  });

  it('refuses a non-loopback host with the well-known secret (exit 2)', async () => {
    const proc = spawnTalentg(['stack', '--host', '0.0.0.0']);
    expect(await proc.exited).toBe(2);
    expect(proc.stderr()).toContain('refusing to listen on 0.0.0.0 with the well-known JWT secret');
  }, 60_000);

  it('rejects an unknown option with exit 2', async () => {
    const proc = spawnTalentg(['stack', '--no-such-option']);
    expect(await proc.exited).toBe(2);
    expect(proc.stderr()).toContain("Unknown option '--no-such-option'");
  }, 60_000);
});

describe('talentg workstation', () => {
  it('names the missing option and exits 2', async () => {
    const proc = spawnTalentg(['workstation', 'status', '--json']);
    expect(await proc.exited).toBe(2);
    expect(proc.stderr()).toContain('--data-dir is required');
  }, 60_000);
});
