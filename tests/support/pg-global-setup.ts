import { startStack } from '../../src/local-supabase/stack.js';
import {
  PG_ERROR_ENV,
  PG_TEMPLATE_ENV,
  PG_URL_ENV,
  createDatabaseAt,
  startPgCluster,
  type PgCluster,
} from './pg-cluster.js';

/**
 * Vitest global setup: one throwaway PostgreSQL 15 cluster for the whole run, its admin URL in
 * TALENTG_TEST_PG_URL for the tests that need PostgreSQL (forked workers inherit the env), and a
 * database with the project's migrations applied once, named in TALENTG_TEST_PG_TEMPLATE, that each
 * stack test file copies (CREATE DATABASE … TEMPLATE) instead of migrating its own.
 * TALENTG_TEST_DB_URL=memory runs the stack tests on PGlite instead.
 */
export default async function setup(): Promise<() => Promise<void>> {
  if (process.env[PG_URL_ENV]) return async () => {};
  let cluster: PgCluster;
  try {
    cluster = await startPgCluster();
  } catch (error) {
    // Tests that need PostgreSQL fail with this reason; the rest of the suite still runs.
    process.env[PG_ERROR_ENV] = (error as Error).message;
    process.stderr.write(`[pg-cluster] not started: ${(error as Error).message}\n`);
    return async () => {};
  }
  process.env[PG_URL_ENV] = cluster.baseUrl;
  const templateName = 'talentg_migrated';
  const migrated = await startStack({
    db: await createDatabaseAt(cluster.baseUrl, templateName),
    port: 0,
  });
  await migrated.close();
  process.env[PG_TEMPLATE_ENV] = templateName;
  const dbUrl = process.env.TALENTG_TEST_DB_URL;
  if (dbUrl === undefined || dbUrl === '' || dbUrl === 'cluster') {
    process.env.TALENTG_TEST_DB_URL = cluster.baseUrl;
  }
  return () => cluster.stop();
}
