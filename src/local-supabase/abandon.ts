import type { ServerResponse } from 'node:http';
import { StatementError, type Database, type QueryResult } from './db/index.js';

/**
 * Aborts when the client goes before its answer (killed, timed out), so the work it asked for can be
 * dropped: a burst of killed clients must not starve the embedded database's single connection.
 */
export function clientLeft(res: ServerResponse): AbortSignal {
  const left = new AbortController();
  res.once('close', () => {
    if (!res.writableFinished) left.abort();
  });
  return left.signal;
}

/**
 * The database as one request sees it: each statement and transaction carries the request's signal, so
 * work still queued when its client left never starts and running work is cancelled (Database.transaction).
 * A lone statement runs as a one-statement batch to take its turn like the rest: on PostgreSQL BEGIN, the
 * statement and COMMIT go in one round trip, as a plain statement would.
 */
export function abandonable(db: Database, signal: AbortSignal): Database {
  return {
    kind: db.kind,
    query: async <R>(text: string, params?: readonly unknown[]) => {
      try {
        const [result] = await db.batch([{ text, values: params }], 'commit', signal);
        return result as QueryResult<R>;
      } catch (error) {
        // As a lone statement fails: with the database's own error, not the batch's wrapper.
        throw error instanceof StatementError ? error.cause : error;
      }
    },
    transaction: (fn, opening, own) => db.transaction(fn, opening, own ?? signal),
    batch: (statements, end, own) => db.batch(statements, end, own ?? signal),
    exec: (script) => db.exec(script),
    listen: (channel, onNotify) => db.listen(channel, onNotify),
    close: () => db.close(),
  };
}
