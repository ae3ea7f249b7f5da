import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AuthTuning, StackConfig } from './context.js';
import { isPostgresUrl, openDatabase, type Database } from './db/index.js';
import { WELL_KNOWN_ANON_KEY, WELL_KNOWN_JWT_SECRET, WELL_KNOWN_SERVICE_ROLE_KEY } from './keys.js';
import { signJwt } from './jwt.js';
import { applyBootstrap, finishDatabase, migrationsDirOf, prepareDatabase } from './migrate.js';
import { isFreshPglite, openFromTemplate } from './pglite-template.js';
import {
  checkDigestTimeZone,
  DEFAULT_DIGEST_INTERVAL_MS,
  DEFAULT_DIGEST_TIME_ZONE,
  startManagerDigests,
} from './manager-digests.js';
import { readProjectConfig } from './project-config.js';
import type { RepeatingTimer } from './repeating-timer.js';
import { DEFAULT_RETENTION_INTERVAL_MS, startRetention, type RetentionTimer } from './retention.js';
import { startFunctionSchedule, type FunctionSchedule } from './function-schedule.js';
import { startGateway, type RunningGateway } from './server.js';

export const DEFAULT_PROJECT_DIR = fileURLToPath(new URL('../../', import.meta.url));

export interface StackOptions {
  /** 'memory', a PGlite data directory, or a postgres:// URL. */
  db: string;
  host?: string;
  /** 0 picks a free port. */
  port?: number;
  jwtSecret?: string;
  projectDir?: string;
  /** Apply supabase/migrations (default true); false gives a bare Supabase-like database for service tests. */
  migrations?: boolean;
  seed?: boolean;
  /** Extra SQL run after bootstrap (and migrations), e.g. a test's own tables. */
  fixtureSql?: string;
  storageDir?: string;
  jwtExpiry?: number;
  /** Auth rate limits and refresh-token reuse window; see AuthTuning. */
  auth?: AuthTuning;
  /** Secrets the Edge Functions see, over those of supabase/functions/.env. */
  functionsEnv?: Record<string, string>;
  /** Edge Functions POSTed with the service key every so many ms, e.g. { 'email-sender': 60_000 }; none by default. */
  functionSchedules?: Record<string, number>;
  /** Milliseconds between runs of sync.run_retention() (default hourly); 0 turns it off. */
  retentionIntervalMs?: number;
  /** Milliseconds between runs of public.enqueue_manager_digests (default hourly); 0 turns it off. */
  digestIntervalMs?: number;
  /** The time zone whose day each managers' digest covers (default UTC), e.g. Asia/Kolkata. */
  digestTimeZone?: string;
  /**
   * Where a fresh PGlite database's schema template is kept (default `<projectDir>/.talentg/templates`,
   * see pglite-template.ts); false always runs initdb, the bootstrap and the migrations.
   */
  templateDir?: string | false;
}

export interface RunningStack {
  url: string;
  anonKey: string;
  serviceRoleKey: string;
  jwtSecret: string;
  db: Database;
  config: StackConfig;
  close(): Promise<void>;
}

const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost']);

/** Keys for a custom secret are signed like the CLI's: long-lived anon and service_role tokens. */
async function keysFor(secret: string): Promise<{ anonKey: string; serviceRoleKey: string }> {
  if (secret === WELL_KNOWN_JWT_SECRET) {
    return { anonKey: WELL_KNOWN_ANON_KEY, serviceRoleKey: WELL_KNOWN_SERVICE_ROLE_KEY };
  }
  const exp = Math.floor(Date.now() / 1000) + 10 * 365 * 24 * 3600;
  return {
    anonKey: await signJwt({ iss: 'supabase-demo', role: 'anon', exp }, secret),
    serviceRoleKey: await signJwt({ iss: 'supabase-demo', role: 'service_role', exp }, secret),
  };
}

export async function startStack(options: StackOptions): Promise<RunningStack> {
  const host = options.host ?? '127.0.0.1';
  const jwtSecret = options.jwtSecret ?? WELL_KNOWN_JWT_SECRET;
  if (jwtSecret === WELL_KNOWN_JWT_SECRET && !LOOPBACK.has(host)) {
    throw new Error(
      `refusing to listen on ${host} with the well-known JWT secret; pass --jwt-secret`,
    );
  }
  const projectDir = options.projectDir ?? DEFAULT_PROJECT_DIR;
  const useTemplate =
    options.migrations !== false && options.templateDir !== false && isFreshPglite(options.db);
  const db = useTemplate
    ? (
        await openFromTemplate(options.db, {
          migrationsDir: migrationsDirOf(projectDir),
          templateDir: options.templateDir || path.join(projectDir, '.talentg', 'templates'),
        })
      ).db
    : await openDatabase(options.db);
  let retention: RetentionTimer | undefined;
  let digests: RepeatingTimer | undefined;
  // Closed if a later step fails (a bad function schedule is refused once the gateway listens).
  let listening: RunningGateway | undefined;
  try {
    const prepare = { projectDir, seed: options.seed ?? false };
    // A database from the template has the bootstrap and the migrations already.
    if (options.migrations === false) await applyBootstrap(db);
    else if (useTemplate) await finishDatabase(db, prepare);
    else await prepareDatabase(db, prepare);
    if (options.fixtureSql) await db.exec(options.fixtureSql);
    retention = startRetention(db, {
      intervalMs: options.retentionIntervalMs ?? DEFAULT_RETENTION_INTERVAL_MS,
      log: (line) => process.stderr.write(line),
    });
    const digestTimeZone = options.digestTimeZone ?? DEFAULT_DIGEST_TIME_ZONE;
    await checkDigestTimeZone(db, digestTimeZone);
    digests = startManagerDigests(db, {
      intervalMs: options.digestIntervalMs ?? DEFAULT_DIGEST_INTERVAL_MS,
      timeZone: digestTimeZone,
      log: (line) => process.stderr.write(line),
    });
    const project = await readProjectConfig(projectDir);
    const { anonKey, serviceRoleKey } = await keysFor(jwtSecret);
    // A memory or URL database without a storage dir gets a throwaway one, removed on close.
    const throwawayStorage =
      options.storageDir === undefined && (options.db === 'memory' || isPostgresUrl(options.db));
    const storageDir =
      options.storageDir ??
      (throwawayStorage
        ? await mkdtemp(path.join(tmpdir(), 'talentg-storage-'))
        : path.join(options.db, '..', 'storage'));
    const config: StackConfig = {
      url: '',
      jwtSecret,
      anonKey,
      serviceRoleKey,
      projectDir,
      storageDir,
      jwtExpiry: options.jwtExpiry ?? project.auth.jwtExpiry ?? 3600,
      auth: options.auth,
      functionsEnv: options.functionsEnv,
    };
    const ctx = { db, config, project };
    const gateway = await startGateway(ctx, host, options.port ?? 0);
    listening = gateway;
    const shownHost = host.includes(':') ? `[${host}]` : host;
    config.url = `http://${shownHost}:${gateway.port}`;
    const schedule: FunctionSchedule | undefined = options.functionSchedules
      ? startFunctionSchedule({
          url: config.url,
          serviceRoleKey,
          schedules: options.functionSchedules,
          log: (line) => process.stderr.write(line),
        })
      : undefined;
    return {
      url: config.url,
      anonKey,
      serviceRoleKey,
      jwtSecret,
      db,
      config,
      async close() {
        await schedule?.stop();
        await retention?.stop();
        await digests?.stop();
        await gateway.close();
        await db.close();
        if (throwawayStorage) await rm(storageDir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await listening?.close().catch(() => undefined);
    await retention?.stop();
    await digests?.stop();
    await db.close().catch(() => undefined);
    throw error;
  }
}
