// Which commits wait for the disk. A local write (a logged call, a note: the outbox) exists nowhere else
// until it is pushed, so its commit syncs the WAL (synchronous = FULL, the cache's setting). Rows the
// server sent can be fetched again: their commits skip the sync (NORMAL), and a power cut may undo the
// last of them, the rows and the cursor that names them together, which the next pull fetches again.
// A later FULL commit syncs the WAL up to itself, so it never loses an earlier commit either way.
import type Database from 'better-sqlite3';

/**
 * Runs `write` as one immediate transaction with synchronous = NORMAL, then puts the connection's own
 * setting (CACHE_PRAGMAS: FULL) back. JavaScript runs one thing at a time and better-sqlite3 is
 * synchronous, so no local write commits meanwhile.
 */
export function serverTransaction(db: Database.Database, write: () => void): void {
  const own = db.pragma('synchronous', { simple: true }) as number;
  db.pragma('synchronous = NORMAL');
  try {
    db.transaction(write).immediate();
  } finally {
    db.pragma(`synchronous = ${own}`);
  }
}
