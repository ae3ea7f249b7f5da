import type { Database } from './types.js';

export { AbandonedError, StatementError, throwIfAbandoned } from './types.js';
export type {
  BatchEnd,
  Database,
  DatabaseKind,
  QueryResult,
  SqlClient,
  Statement,
} from './types.js';

/** Whether a database target names a PostgreSQL server (postgres:// or postgresql://) rather than PGlite. */
export function isPostgresUrl(target: string): boolean {
  return /^postgres(ql)?:\/\//.test(target);
}

/** `memory`, a directory for PGlite, or a postgres:// URL. */
export async function openDatabase(target: string): Promise<Database> {
  if (isPostgresUrl(target)) {
    const { openPostgres } = await import('./postgres.js');
    return openPostgres(target);
  }
  const { openPglite } = await import('./pglite.js');
  return openPglite(target);
}
