import { PGlite, types } from '@electric-sql/pglite';
import { pgcrypto } from '@electric-sql/pglite/contrib/pgcrypto';
import {
  AbandonedError,
  StatementError,
  throwIfAbandoned,
  type Database,
  type QueryResult,
  type SqlClient,
  type Statement,
} from './types.js';

interface PGliteLike {
  query<R>(text: string, params?: unknown[]): Promise<{ rows: R[]; affectedRows?: number }>;
}

/** Thrown out of a batch's transaction so PGlite rolls it back; carries the batch's results. */
class RolledBack {
  constructor(readonly results: QueryResult[]) {}
}

/** With a signal, a statement asked for after the client left is not sent. */
function wrap(client: PGliteLike, signal?: AbortSignal): SqlClient {
  return {
    async query<R>(text: string, params: readonly unknown[] = []): Promise<QueryResult<R>> {
      throwIfAbandoned(signal);
      const result = await client.query<R>(text, [...params]);
      // PGlite reports affectedRows 0 for a SELECT; pg counts the rows returned. Answer as pg does.
      return {
        rows: result.rows,
        rowCount: Math.max(result.affectedRows ?? 0, result.rows.length),
      };
    },
  };
}

/** The statements in order; the first failure rejects as a StatementError naming it. */
async function runAll(client: SqlClient, statements: readonly Statement[]): Promise<QueryResult[]> {
  const results: QueryResult[] = [];
  for (const [index, statement] of statements.entries()) {
    try {
      results.push(await client.query(statement.text, statement.values));
    } catch (error) {
      if (error instanceof AbandonedError) throw error;
      throw new StatementError(index, error);
    }
  }
  return results;
}

/**
 * A string parameter goes to PostgreSQL as text for every type, as pg sends it, so PostgreSQL itself
 * rejects bad input with its SQLSTATE (22P02) instead of PGlite throwing a plain Error client-side.
 */
function passStrings(oid: number) {
  const fallback = types.serializers[oid];
  return (value: unknown): string =>
    typeof value === 'string' || !fallback ? String(value) : fallback(value);
}

/**
 * Lets the event loop poll its sockets once: two setImmediate hops have a poll phase between them, so a
 * client that disconnected while PGlite ran a statement (it blocks the thread) is seen before its turn.
 */
function passPollPhase(): Promise<void> {
  return new Promise((resolve) => setImmediate(() => setImmediate(resolve)));
}

/**
 * PGlite's one connection runs transactions in turn. A turn for a client that may leave (`signal`)
 * and had to wait for it first looks at the sockets, then starts only if its client is still there.
 */
function takingTurns(pg: PGlite) {
  let inTurn = 0;
  return async <T>(
    signal: AbortSignal | undefined,
    work: (tx: PGliteLike) => Promise<T>,
  ): Promise<T> => {
    const waited = inTurn > 0;
    inTurn += 1;
    try {
      return await pg.transaction(async (tx) => {
        if (signal && waited) await passPollPhase();
        throwIfAbandoned(signal);
        return work(tx);
      });
    } finally {
      inTurn -= 1;
    }
  };
}

/** A PGlite database, which can also be written out as a tarball of its data directory. */
export interface PgliteDatabase extends Database {
  /** The data directory as a tarball, for `openPglite(..., { loadDataDir })` to start from. */
  dumpDataDir(): Promise<Blob>;
}

export interface OpenPgliteOptions {
  /**
   * Start from this tarball of a data directory (dumpDataDir) instead of running initdb; only for memory
   * or a directory that holds no database yet.
   */
  loadDataDir?: Blob;
}

/** PGlite in a data directory, or in memory when dataDir is 'memory'. It has one connection, which PGlite serialises. */
export async function openPglite(
  dataDir: string,
  options: OpenPgliteOptions = {},
): Promise<PgliteDatabase> {
  const pg = await PGlite.create(dataDir === 'memory' ? undefined : dataDir, {
    extensions: { pgcrypto },
    serializers: { [types.BOOL]: passStrings(types.BOOL), [types.BYTEA]: passStrings(types.BYTEA) },
    ...(options.loadDataDir ? { loadDataDir: options.loadDataDir } : {}),
  });
  const root = wrap(pg);
  const turn = takingTurns(pg);
  return {
    kind: 'pglite',
    dumpDataDir: () => pg.dumpDataDir('none'),
    query: root.query,
    // PGlite queues transactions on its one connection; one whose client left meanwhile ends at its turn.
    transaction: (fn, opening = [], signal) =>
      turn(signal, async (tx) => {
        const client = wrap(tx, signal);
        return fn(client, await runAll(client, opening));
      }),
    // In process every end costs the same, so 'commit' only changes how a failing COMMIT is reported.
    batch: (statements, end, signal) =>
      turn(signal, async (tx) => {
        const results = await runAll(wrap(tx, signal), statements);
        // PGlite rolls back a transaction whose callback throws; this carries the results out of it.
        if (typeof end === 'function' && end(results).rollback) throw new RolledBack(results);
        return results;
      }).catch((error: unknown) => {
        if (error instanceof RolledBack) return error.results;
        if (
          end === 'commit' &&
          !(error instanceof StatementError || error instanceof AbandonedError)
        )
          throw new StatementError(statements.length, error);
        throw error;
      }),
    exec: async (script) => {
      await pg.exec(script);
    },
    listen: async (channel, onNotify) => {
      const unsubscribe = await pg.listen(channel, onNotify);
      return unsubscribe;
    },
    close: () => pg.close(),
  };
}
