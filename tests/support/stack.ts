import { createClient, type SupabaseClient } from '@supabase/supabase-js';
import WebSocket from 'ws';
import {
  startStack,
  type RunningStack,
  type StackOptions,
} from '../../src/local-supabase/stack.js';
import { createDatabaseAt, uniqueDatabaseName } from './pg-cluster.js';

/**
 * Where a test stack's database lives: PGlite in memory unless TALENTG_TEST_DB_URL names a PostgreSQL
 * server, in which case each call gets a fresh database there so test files never share state.
 */
async function testDatabase(): Promise<string> {
  const serverUrl = process.env.TALENTG_TEST_DB_URL;
  if (!serverUrl || serverUrl === 'memory') return 'memory';
  if (!/^postgres(ql)?:\/\//.test(serverUrl)) {
    throw new Error(
      `TALENTG_TEST_DB_URL must be 'memory' or a postgres:// URL, got "${serverUrl}"`,
    );
  }
  return createDatabaseAt(serverUrl, uniqueDatabaseName('stack'));
}

/**
 * A stack for one test file: see testDatabase for where its data lives.
 * `migrations: false` gives the bare Supabase base (bootstrap) plus the test's own fixture SQL.
 */
export async function startTestStack(options: Partial<StackOptions> = {}): Promise<RunningStack> {
  return startStack({ db: options.db ?? (await testDatabase()), port: 0, ...options });
}

/** The real supabase-js client, configured as the workstation configures it on Node 20. */
export function clientFor(stack: Pick<RunningStack, 'url'>, key: string): SupabaseClient {
  return createClient(stack.url, key, {
    auth: { persistSession: false, autoRefreshToken: false, detectSessionInUrl: false },
    realtime: { transport: WebSocket as never },
  });
}
