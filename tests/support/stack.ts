import { createClient, type SupabaseClient } from '@supabase/supabase-js';
import WebSocket from 'ws';
import {
  startStack,
  type RunningStack,
  type StackOptions,
} from '../../src/local-supabase/stack.js';
import { createDatabaseAt, PG_TEMPLATE_ENV, uniqueDatabaseName } from './pg-cluster.js';

/**
 * Where a test stack's database lives. Under `npm test` it is a fresh database on the run's
 * PostgreSQL 15 cluster, copied from the migrated template the global setup made (a copy takes a
 * fraction of a second; PGlite loads its template in 2 to 5), so test files never share state.
 * TALENTG_TEST_DB_URL=memory, or no cluster at all, runs the stack on PGlite in memory.
 */
async function testDatabase(migrations: boolean): Promise<string> {
  const serverUrl = process.env.TALENTG_TEST_DB_URL;
  if (!serverUrl || serverUrl === 'memory') return 'memory';
  if (!/^postgres(ql)?:\/\//.test(serverUrl)) {
    throw new Error(
      `TALENTG_TEST_DB_URL must be 'memory' or a postgres:// URL, got "${serverUrl}"`,
    );
  }
  // The template has the migrations; a stack asked for the bare base gets an empty database.
  const template = migrations ? process.env[PG_TEMPLATE_ENV] : undefined;
  return createDatabaseAt(serverUrl, uniqueDatabaseName('stack'), template || undefined);
}

/**
 * A stack for one test file: see testDatabase for where its data lives.
 * `migrations: false` gives the bare Supabase base (bootstrap) plus the test's own fixture SQL.
 */
export async function startTestStack(options: Partial<StackOptions> = {}): Promise<RunningStack> {
  return startStack({
    db: options.db ?? (await testDatabase(options.migrations !== false)),
    port: 0,
    ...options,
  });
}

/** The real supabase-js client, configured as the workstation configures it on Node 20. */
export function clientFor(stack: Pick<RunningStack, 'url'>, key: string): SupabaseClient {
  return createClient(stack.url, key, {
    auth: { persistSession: false, autoRefreshToken: false, detectSessionInUrl: false },
    realtime: { transport: WebSocket as never },
  });
}
