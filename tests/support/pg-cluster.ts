import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chown, mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';

const run = promisify(execFile);

/** Where the harness finds initdb and postgres; PG_BIN overrides. */
export const PG_BIN = process.env.PG_BIN ?? '/usr/lib/postgresql/15/bin';

/** Set by the vitest global setup (tests/support/pg-global-setup.ts): the running cluster's admin URL. */
export const PG_URL_ENV = 'TALENTG_TEST_PG_URL';
/** Set by the global setup instead of PG_URL_ENV when the cluster could not start, so tests fail with the reason. */
export const PG_ERROR_ENV = 'TALENTG_TEST_PG_ERROR';
/** The name of the run's database with the project's migrations applied, for CREATE DATABASE … TEMPLATE. */
export const PG_TEMPLATE_ENV = 'TALENTG_TEST_PG_TEMPLATE';

export interface PgCluster {
  /** Admin URL of the maintenance database `postgres` (user postgres, trust auth, no TLS). */
  baseUrl: string;
  port: number;
  dataDir: string;
  /** Creates an empty database and returns its URL. */
  createDatabase(name: string): Promise<string>;
  stop(): Promise<void>;
}

/** What to install when PostgreSQL 15 is missing; tests that need it fail with this, never skip. */
export function missingPostgresMessage(): string | null {
  for (const tool of ['initdb', 'postgres']) {
    if (!existsSync(path.join(PG_BIN, tool))) {
      return (
        `PostgreSQL 15 is required for this test but ${path.join(PG_BIN, tool)} does not exist. ` +
        'Install it with `apt-get install postgresql-15 postgresql-15-pgtap postgresql-15-plpgsql-check ' +
        'libtap-parser-sourcehandler-pgtap-perl`, or point PG_BIN at its bin directory.'
      );
    }
  }
  return null;
}

/** PostgreSQL refuses to run as root, so as root the cluster belongs to the postgres user. */
async function clusterOwner(): Promise<{ uid: number; gid: number } | undefined> {
  if (process.getuid?.() !== 0) return undefined;
  const { stdout } = await run('id', ['-u', 'postgres']).catch((error: unknown) => {
    throw new Error(
      'running as root, the test cluster must run as the `postgres` user, but it does not exist ' +
        '(it comes with the postgresql-15 package)',
      { cause: error },
    );
  });
  const { stdout: gid } = await run('id', ['-g', 'postgres']);
  return { uid: Number(stdout.trim()), gid: Number(gid.trim()) };
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

function urlFor(port: number, database: string): string {
  return `postgres://postgres@127.0.0.1:${port}/${database}`;
}

/** null once the server answers, else why it did not (kept for the timeout message). */
async function connectError(url: string): Promise<string | null> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 1000 });
  try {
    await client.connect();
    await client.query('select 1');
    return null;
  } catch (error) {
    return (error as Error).message;
  } finally {
    await client.end().catch(() => undefined);
  }
}

interface Started {
  child: ChildProcess;
  port: number;
}

/** Spawns postgres on a free port and waits until it accepts connections; rejects with its log if it dies. */
async function spawnPostgres(
  dataDir: string,
  owner: { uid: number; gid: number } | undefined,
): Promise<Started> {
  const port = await freePort();
  const settings = {
    listen_addresses: '127.0.0.1',
    unix_socket_directories: '',
    // A throwaway cluster: durability costs time and buys nothing here.
    fsync: 'off',
    synchronous_commit: 'off',
    full_page_writes: 'off',
    max_connections: '200',
    // As on Supabase, so `create publication supabase_realtime` in the bootstrap does not warn.
    wal_level: 'logical',
  };
  const args = ['-D', dataDir, '-p', String(port)];
  for (const [name, value] of Object.entries(settings)) args.push('-c', `${name}=${value}`);
  const child = spawn(path.join(PG_BIN, 'postgres'), args, {
    stdio: ['ignore', 'pipe', 'pipe'],
    ...(owner ?? {}),
  });
  // The server logs for the whole run; keep the tail for error messages only.
  let log = '';
  const keep = (chunk: Buffer) => (log = (log + chunk.toString()).slice(-20_000));
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => resolve(code)),
  );
  let dead: number | null | undefined;
  void exited.then((code) => (dead = code));
  const deadline = Date.now() + 60_000;
  let lastError: string | null = 'not tried';
  while (Date.now() < deadline) {
    if (dead !== undefined) {
      throw new Error(`postgres exited with code ${dead} before accepting connections:\n${log}`);
    }
    lastError = await connectError(urlFor(port, 'postgres'));
    if (lastError === null) return { child, port };
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  child.kill('SIGQUIT');
  throw new Error(`postgres did not accept connections within 60 s (${lastError}):\n${log}`);
}

/** Starts a throwaway PostgreSQL 15 cluster in a temp dir; `stop()` shuts it down and removes the dir. */
export async function startPgCluster(): Promise<PgCluster> {
  const missing = missingPostgresMessage();
  if (missing) throw new Error(missing);
  const owner = await clusterOwner();
  const dataDir = await mkdtemp(path.join(tmpdir(), 'talentg-pg-'));
  if (owner) await chown(dataDir, owner.uid, owner.gid);
  try {
    await run(
      path.join(PG_BIN, 'initdb'),
      [
        '-D',
        dataDir,
        '-U',
        'postgres',
        '--auth=trust',
        '--no-sync',
        '-E',
        'UTF8',
        '--locale=C.UTF-8',
      ],
      { ...(owner ?? {}), env: { ...process.env, LC_ALL: 'C.UTF-8' } },
    ).catch((error: { stderr?: string; message: string }) => {
      throw new Error(`initdb failed: ${error.stderr ?? error.message}`, { cause: error });
    });
    // A port taken between picking and binding is the only expected start failure; try a few.
    let started: Started | undefined;
    let lastError: unknown;
    for (let attempt = 0; attempt < 3 && !started; attempt++) {
      try {
        started = await spawnPostgres(dataDir, owner);
      } catch (error) {
        lastError = error;
        if (!/could not bind|Address already in use/i.test((error as Error).message)) break;
      }
    }
    if (!started) throw lastError;
    return clusterHandle(started, dataDir);
  } catch (error) {
    await rm(dataDir, { recursive: true, force: true });
    throw error;
  }
}

function clusterHandle({ child, port }: Started, dataDir: string): PgCluster {
  const baseUrl = urlFor(port, 'postgres');
  const exited = new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    else child.once('exit', () => resolve());
  });
  // If the test process ends without calling stop(), do not leave a server behind.
  const killOnExit = () => child.kill('SIGQUIT');
  process.once('exit', killOnExit);
  return {
    baseUrl,
    port,
    dataDir,
    createDatabase: (name) => createDatabaseAt(baseUrl, name),
    async stop() {
      process.off('exit', killOnExit);
      // SIGINT is PostgreSQL's fast shutdown: disconnect clients, then exit cleanly.
      child.kill('SIGINT');
      const timer = setTimeout(() => child.kill('SIGQUIT'), 10_000);
      await exited;
      clearTimeout(timer);
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

const DATABASE_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

/**
 * CREATE DATABASE on the server behind `adminUrl`, as a copy of `template` when given; returns the
 * new database's URL.
 */
export async function createDatabaseAt(
  adminUrl: string,
  name: string,
  template?: string,
): Promise<string> {
  for (const each of [name, template ?? name]) {
    if (!DATABASE_NAME.test(each)) {
      throw new Error(`invalid test database name "${each}": use lower-case letters, digits and _`);
    }
  }
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(`create database ${name}${template ? ` template ${template}` : ''}`);
  } finally {
    await client.end();
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

/** A database name no other test file picks: prefix, process id and a random suffix. */
export function uniqueDatabaseName(prefix: string): string {
  return `${prefix}_${process.pid}_${Math.random().toString(36).slice(2, 10)}`.toLowerCase();
}

/**
 * The admin URL of the cluster that `npm test` started once for the whole run. Fails (never skips)
 * with the reason when there is none, e.g. PostgreSQL 15 is not installed.
 */
export function sharedClusterUrl(): string {
  const url = process.env[PG_URL_ENV];
  if (url) return url;
  const reason = process.env[PG_ERROR_ENV];
  if (reason) throw new Error(`no PostgreSQL 15 test cluster: ${reason}`);
  throw new Error(
    `no PostgreSQL 15 test cluster: ${PG_URL_ENV} is not set. Run the tests through vitest with ` +
      "this repo's vitest.config.ts (its global setup starts one), or set it to a postgres:// admin URL.",
  );
}
