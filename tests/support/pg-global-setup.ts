import { PG_ERROR_ENV, PG_URL_ENV, startPgCluster, type PgCluster } from './pg-cluster.js';

/**
 * Vitest global setup: one throwaway PostgreSQL 15 cluster for the whole run, its admin URL in
 * TALENTG_TEST_PG_URL for the tests that need PostgreSQL (forked workers inherit the env).
 * TALENTG_TEST_DB_URL=cluster runs the stack tests on it too instead of PGlite.
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
  if (process.env.TALENTG_TEST_DB_URL === 'cluster')
    process.env.TALENTG_TEST_DB_URL = cluster.baseUrl;
  return () => cluster.stop();
}
