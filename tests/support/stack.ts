import { createClient, type SupabaseClient } from '@supabase/supabase-js';
import WebSocket from 'ws';
import { startStack, type RunningStack, type StackOptions } from '../../src/local-supabase/stack.js';

/**
 * A stack for one test file: PGlite in memory unless TALENTG_TEST_DB_URL names a PostgreSQL database.
 * `migrations: false` gives the bare Supabase base (bootstrap) plus the test's own fixture SQL.
 */
export async function startTestStack(options: Partial<StackOptions> = {}): Promise<RunningStack> {
  return startStack({ db: process.env.TALENTG_TEST_DB_URL ?? 'memory', port: 0, ...options });
}

/** The real supabase-js client, configured as the workstation configures it on Node 20. */
export function clientFor(stack: Pick<RunningStack, 'url'>, key: string): SupabaseClient {
  return createClient(stack.url, key, {
    auth: { persistSession: false, autoRefreshToken: false, detectSessionInUrl: false },
    realtime: { transport: WebSocket as never },
  });
}
