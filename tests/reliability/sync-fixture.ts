// What the sync reliability tests share: a stack on PostgreSQL 15 with the demo floor, signed-in
// workstations, and the two views the invariant compares (the server's, as the user sees it, and the cache's).
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { SupabaseClient } from '@supabase/supabase-js';
import pg from 'pg';
import type { RunningStack } from '../../src/local-supabase/stack.js';
import { Workstation, type WorkstationOptions } from '../../src/workstation/workstation.js';
import { DEMO_PASSWORD } from '../integration/contract/demo-users.js';
import { createDatabaseAt, sharedClusterUrl, uniqueDatabaseName } from '../support/pg-cluster.js';
import { clientFor, startTestStack } from '../support/stack.js';


export interface SyncStack {
  readonly stack: RunningStack;
  /** Direct SQL on the stack's database, as the superuser: for checks the API does not offer. */
  readonly sql: pg.Pool;
  readonly dbUrl: string;
  /** Stops the stack and starts it again on the same database (a new port): a server restart. */
  restart(): Promise<RunningStack>;
  close(): Promise<void>;
}

/** The stack on its own database in the shared PostgreSQL 15 cluster, with the demo seed. */
export async function startSyncStack(options: { jwtExpiry?: number } = {}): Promise<SyncStack> {
  const dbUrl = await createDatabaseAt(sharedClusterUrl(), uniqueDatabaseName('sync'));
  const tuning = { auth: { rateLimit: false }, ...(options.jwtExpiry ? { jwtExpiry: options.jwtExpiry } : {}) } as const;
  let stack = await startTestStack({ db: dbUrl, seed: true, ...tuning });
  const sql = new pg.Pool({ connectionString: dbUrl, max: 2 });
  return {
    get stack() {
      return stack;
    },
    sql,
    dbUrl,
    restart: async () => {
      await stack.close();
      stack = await startTestStack({ db: dbUrl, seed: false, ...tuning });
      return stack;
    },
    close: async () => {
      await stack.close();
      await sql.end();
    },
  };
}

export function tempDir(prefix: string): { dir: string; remove(): void } {
  const dir = mkdtempSync(path.join(os.tmpdir(), prefix));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

export async function signedInWorkstation(
  options: Omit<WorkstationOptions, 'anonKey'> & { anonKey: string },
  email: string,
): Promise<Workstation> {
  const workstation = await Workstation.open(options);
  const answer = await workstation.signIn(email, DEMO_PASSWORD);
  if (!answer.ok) throw new Error(`sign-in as ${email} failed: ${answer.code} ${answer.message}`);
  return workstation;
}

/** Syncs until a round succeeds with nothing left to push; fails loudly after `rounds` tries. */
export async function syncUntilQuiet(workstation: Workstation, rounds = 40): Promise<void> {
  let last = '';
  for (let i = 0; i < rounds; i++) {
    const round = await workstation.syncOnce();
    if (round.ok && workstation.cache.health().pending === 0) return;
    last = round.error ? `${round.error.code}: ${round.error.message}` : `pending ${workstation.cache.health().pending}`;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`no quiet sync after ${rounds} rounds (${last})`);
}

export interface Projection {
  readonly leads: Map<string, { status: string; attempts: number; version: number; assigned_to: string | null }>;
  readonly interactions: Set<string>;
  readonly callbacks: Set<string>;
}

async function selectAll<T>(client: SupabaseClient, table: string, columns: string): Promise<T[]> {
  const rows: T[] = [];
  for (let from = 0; ; from += 1000) {
    const { data, error } = await client.from(table).select(columns).order('id').range(from, from + 999);
    if (error) throw new Error(`${table}: ${error.message}`);
    rows.push(...(data as T[]));
    if (data.length < 1000) return rows;
  }
}

/** What `email` sees on the server through RLS, by supabase-js as the app would read it. */
export async function serverProjection(stack: RunningStack, email: string): Promise<Projection> {
  const client = clientFor(stack, stack.anonKey);
  const { error } = await client.auth.signInWithPassword({ email, password: DEMO_PASSWORD });
  if (error) throw new Error(`sign-in as ${email}: ${error.message}`);
  type LeadRow = { id: string; status: string; attempts: number; version: number; assigned_to: string | null };
  const leads = await selectAll<LeadRow>(client, 'leads', 'id,status,attempts,version,assigned_to');
  const interactions = await selectAll<{ id: string }>(client, 'interactions', 'id');
  const callbacks = await selectAll<{ id: string }>(client, 'callbacks', 'id');
  await client.auth.signOut({ scope: 'local' });
  return {
    leads: new Map(leads.map(({ id, ...rest }) => [id, rest])),
    interactions: new Set(interactions.map((row) => row.id)),
    callbacks: new Set(callbacks.map((row) => row.id)),
  };
}

/** The cache file read directly, read-only: what the workstation would show. */
export function cacheProjection(file: string): Projection {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    type LeadRow = { id: string; status: string; attempts: number; version: number; assigned_to: string | null };
    const leads = db.prepare('SELECT id, status, attempts, version, assigned_to FROM leads').all() as LeadRow[];
    const ids = (table: string) =>
      new Set((db.prepare(`SELECT id FROM ${table}`).all() as { id: string }[]).map((row) => row.id));
    return {
      leads: new Map(leads.map(({ id, ...rest }) => [id, rest])),
      interactions: ids('interactions'),
      callbacks: ids('callbacks'),
    };
  } finally {
    db.close();
  }
}
