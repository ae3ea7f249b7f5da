import { PGlite, types } from '@electric-sql/pglite';
import { pgcrypto } from '@electric-sql/pglite/contrib/pgcrypto';
import { nestedDeeperThan } from '../bounded-json.js';
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

/**
 * PostgreSQL's stack budget in PGlite. The WASM build runs PostgreSQL's recursion on the engine's native
 * stack, which its depth check does not measure: the default 2MB never fires, and a jsonb value about
 * 5,500 levels deep overflows that stack and leaves the engine broken. At 256kB the check (54001) fires
 * between 3,000 and 3,500 levels of jsonb, first (measured in tests/integration/hardening/nesting-fuzz.test.ts).
 */
export const PGLITE_MAX_STACK_DEPTH = '256kB';

/**
 * Deepest `[`/`{` nesting a string parameter may carry into PGlite. The JSON parser recurses on the
 * native stack before any check runs, so a value nested past ~5,500 levels breaks the engine whatever
 * max_stack_depth says; it is refused here with PostgreSQL's own SQLSTATE instead.
 */
export const PGLITE_MAX_PARAM_NESTING = 2000;

/** What PostgreSQL answers when its stack check fires, for a parameter refused before it runs. */
export class StackDepthError extends Error {
  readonly code = '54001';
  readonly hint = `A parameter is nested deeper than ${PGLITE_MAX_PARAM_NESTING} levels.`;
  constructor() {
    super('stack depth limit exceeded');
    this.name = 'StackDepthError';
  }
}

function refuseDeepParams(params: readonly unknown[]): void {
  for (const param of params) {
    if (typeof param === 'string' && nestedDeeperThan(param, PGLITE_MAX_PARAM_NESTING))
      throw new StackDepthError();
  }
}

/** With a signal, a statement asked for after the client left is not sent. */
function wrap(client: PGliteLike, signal?: AbortSignal): SqlClient {
  return {
    async query<R>(text: string, params: readonly unknown[] = []): Promise<QueryResult<R>> {
      throwIfAbandoned(signal);
      refuseDeepParams(params);
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
    startParams: [...PGlite.defaultStartParams, '-c', `max_stack_depth=${PGLITE_MAX_STACK_DEPTH}`],
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
