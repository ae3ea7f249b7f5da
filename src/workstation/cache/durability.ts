// Which commits wait for the disk. A local write (a logged call, a note: the outbox) exists nowhere else
// until it is pushed, so its commit syncs the WAL (synchronous = FULL, the cache's setting). Rows the
// server sent can be fetched again: their commits skip the sync (NORMAL), and a power cut may undo the
// last of them, the rows and the cursor that names them together, which the next pull fetches again.
// The server's answers to a push are the same: an acknowledgment undone by a power cut leaves its
// entries in the outbox, and pushing them again gets the same answers (mutation ids make it idempotent).
// A later FULL commit syncs the WAL up to itself, so it never loses an earlier commit either way.
import type Database from 'better-sqlite3';

/**
 * Runs `write` as one immediate transaction with synchronous = NORMAL, then puts the connection's own
 * setting (CACHE_PRAGMAS: FULL) back. JavaScript runs one thing at a time and better-sqlite3 is
 * synchronous, so no local write commits meanwhile.
 */
export function serverTransaction<T>(db: Database.Database, write: () => T): T {
  const own = db.pragma('synchronous', { simple: true }) as number;
  db.pragma('synchronous = NORMAL');
  try {
    return db.transaction(write).immediate();
  } finally {
    db.pragma(`synchronous = ${own}`);
  }
}
