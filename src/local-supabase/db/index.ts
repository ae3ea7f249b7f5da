import type { Database } from './types.js';

export { StatementError } from './types.js';
export type {
  BatchEnd,
  Database,
  DatabaseKind,
  QueryResult,
  SqlClient,
  Statement,
} from './types.js';

/** `memory`, a directory for PGlite, or a postgres:// URL. */
export async function openDatabase(target: string): Promise<Database> {
  if (/^postgres(ql)?:\/\//.test(target)) {
    const { openPostgres } = await import('./postgres.js');
    return openPostgres(target);
  }
  const { openPglite } = await import('./pglite.js');
  return openPglite(target);
}
