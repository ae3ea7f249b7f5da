import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { isPostgresUrl } from '../local-supabase/db/index.js';
import { WELL_KNOWN_JWT_SECRET } from '../local-supabase/keys.js';
import { applySeed } from '../local-supabase/migrate.js';
import { DEFAULT_PROJECT_DIR, startStack, type RunningStack } from '../local-supabase/stack.js';

/** Where `talentg stack` and `npm start` keep their data unless told otherwise (gitignored). */
export const DEFAULT_STACK_DB = path.join(DEFAULT_PROJECT_DIR, '.talentg', 'stack-db');
export const DEFAULT_STACK_PORT = 54321;
const DEFAULT_STACK_STORAGE = path.join(DEFAULT_PROJECT_DIR, '.talentg', 'storage');

const LOOPBACK_HOSTS = new Set(['127.0.0.1', '::1', 'localhost']);

export interface EmbeddedStackOptions {
  /** 'memory', a PGlite directory or a postgres:// URL. */
  db: string;
  host: string;
  port: number;
  seed: 'demo' | 'none';
  jwtSecret?: string | undefined;
  /** Secrets for the Edge Functions (`--env-file`), over supabase/functions/.env. */
  functionsEnv?: Record<string, string> | undefined;
  /** Functions POSTed every so many ms (`--function-schedule`). */
  functionSchedules?: Record<string, number> | undefined;
  /** The time zone of the managers' daily digest (`--digest-time-zone`); UTC by default. */
  digestTimeZone?: string | undefined;
}

export interface EmbeddedStack {
  stack: RunningStack;
  /** True when this start loaded the demo seed. */
  seeded: boolean;
}

/** The well-known secret is public, so anyone who can reach a non-loopback address could mint tokens. */
export function wellKnownSecretExposed(host: string, jwtSecret: string | undefined): boolean {
  return (
    (jwtSecret ?? WELL_KNOWN_JWT_SECRET) === WELL_KNOWN_JWT_SECRET && !LOOPBACK_HOSTS.has(host)
  );
}

export function isDirectoryTarget(db: string): boolean {
  return db !== 'memory' && !isPostgresUrl(db);
}

/**
 * Starts the stack, then loads supabase/seed.sql only into a database that has no users yet, so a
 * restart keeps the data (and the seed, which is not idempotent, never runs twice).
 */
export async function startEmbeddedStack(options: EmbeddedStackOptions): Promise<EmbeddedStack> {
  if (isDirectoryTarget(options.db)) await mkdir(path.dirname(options.db), { recursive: true });
  const stack = await startStack({
    db: options.db,
    host: options.host,
    port: options.port,
    jwtSecret: options.jwtSecret,
    seed: false,
    functionsEnv: options.functionsEnv,
    functionSchedules: options.functionSchedules,
    digestTimeZone: options.digestTimeZone,
    // Object bytes of a PostgreSQL-backed stack must outlive the process, like its rows.
    storageDir:
      isDirectoryTarget(options.db) || options.db === 'memory' ? undefined : DEFAULT_STACK_STORAGE,
  }).catch((error: NodeJS.ErrnoException) => {
    if (error.code !== 'EADDRINUSE') throw error;
    throw new Error(
      `port ${options.port} on ${options.host} is in use (another stack, or \`supabase start\`?); ` +
        'stop it or pass --port',
      { cause: error },
    );
  });
  try {
    if (options.seed === 'none') return { stack, seeded: false };
    // Cast to text: PGlite returns booleans, the pg adapter returns PostgreSQL's text.
    const { rows } = await stack.db.query<{ has_users: string }>(
      'select (exists (select 1 from auth.users))::text as has_users',
    );
    if (rows[0]?.has_users === 'true') return { stack, seeded: false };
    const seedFile = path.join(stack.config.projectDir, 'supabase', 'seed.sql');
    await applySeed(stack.db, seedFile).catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') {
        throw new Error(
          `no demo data: ${seedFile} does not exist (pass --seed none to start without it)`,
        );
      }
      throw new Error(`loading ${seedFile} failed: ${error.message}`, { cause: error });
    });
    return { stack, seeded: true };
  } catch (error) {
    await stack.close();
    throw error;
  }
}
