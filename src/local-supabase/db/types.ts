/** The one database surface the embedded stack uses, so PGlite and PostgreSQL are interchangeable. */
export interface QueryResult<R = Record<string, unknown>> {
  rows: R[];
  rowCount: number;
}

export interface SqlClient {
  /** One statement with bound parameters ($1, $2, ...). */
  query<R = Record<string, unknown>>(
    text: string,
    params?: readonly unknown[],
  ): Promise<QueryResult<R>>;
}

/** One statement with its bound parameters, for a batch. */
export interface Statement {
  text: string;
  values?: readonly unknown[];
  /** Worth preparing: its text recurs (only its values change), so parse and plan it once per connection. */
  prepare?: boolean;
}

/** A statement of a batch failed; `index` says which, `cause` is the database's own error. */
export class StatementError extends Error {
  constructor(
    readonly index: number,
    override readonly cause: unknown,
  ) {
    super(`statement ${index} of a batch failed: ${(cause as Error)?.message ?? String(cause)}`);
    this.name = 'StatementError';
  }
}

/**
 * The client that asked for this work left before its answer (its request's signal aborted): the work
 * did not start, or was stopped and rolled back.
 */
export class AbandonedError extends Error {
  constructor() {
    super('the client closed its request before the answer');
    this.name = 'AbandonedError';
  }
}

/** Throws AbandonedError when the signal says the client has left. */
export function throwIfAbandoned(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new AbandonedError();
}

/** How a batch's transaction ends, decided from its results. */
export interface BatchEnd {
  /** ROLLBACK instead of COMMIT. */
  rollback?: boolean;
}

/**
 * A batch's end: decided from the statements' results (one more round trip on PostgreSQL), or `'commit'`
 * known up front, sent with the statements so the whole transaction is one round trip. A failing COMMIT
 * then rejects as a StatementError whose index is `statements.length`.
 */
export type BatchEnding = ((results: QueryResult[]) => BatchEnd) | 'commit';

export type DatabaseKind = 'pglite' | 'postgres';

export interface Database extends SqlClient {
  readonly kind: DatabaseKind;
  /**
   * Runs fn inside BEGIN/COMMIT on one connection; rolls back when fn throws. The `opening` statements run
   * first, sent with BEGIN as one round trip on PostgreSQL; fn gets their results. One that fails rejects
   * with a StatementError naming it, and nothing after it runs.
   *
   * `signal` is the asking client's: aborted while the work waits for the connection, the work never
   * starts; aborted while it runs, its statement is cancelled (PostgreSQL) or the next one is not sent
   * (PGlite, which runs a statement to its end in process), and it rolls back. Either rejects with
   * AbandonedError (or the cancelled statement's 57014).
   */
  transaction<T>(
    fn: (tx: SqlClient, opened: QueryResult[]) => Promise<T>,
    opening?: readonly Statement[],
    signal?: AbortSignal,
  ): Promise<T>;
  /**
   * BEGIN, the statements in order, then the end (COMMIT by default; see BatchEnding).
   * On PostgreSQL BEGIN and the statements cost one round trip, and a decided end another.
   * Rejects with a StatementError naming the first statement that failed (the rest never ran).
   * `signal` as for transaction.
   */
  batch(
    statements: readonly Statement[],
    end?: BatchEnding,
    signal?: AbortSignal,
  ): Promise<QueryResult[]>;
  /** A multi-statement script without parameters (migrations, seed). */
  exec(script: string): Promise<void>;
  /** LISTEN on a channel; resolves to an unsubscribe function. */
  listen(channel: string, onNotify: (payload: string) => void): Promise<() => Promise<void>>;
  close(): Promise<void>;
}
