/** The one database surface the embedded stack uses, so PGlite and PostgreSQL are interchangeable. */
export interface QueryResult<R = Record<string, unknown>> {
  rows: R[];
  rowCount: number;
}

export interface SqlClient {
  /** One statement with bound parameters ($1, $2, ...). */
  query<R = Record<string, unknown>>(text: string, params?: readonly unknown[]): Promise<QueryResult<R>>;
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

/** How a batch's transaction ends. */
export interface BatchEnd {
  /** ROLLBACK instead of COMMIT. */
  rollback?: boolean;
  /**
   * Resolve with the results without waiting for the end to complete. Only for a transaction whose end
   * can neither fail nor change anything: read-only and not SERIALIZABLE. Its connection is reused only
   * once the end has completed.
   */
  detach?: boolean;
}

export type DatabaseKind = 'pglite' | 'postgres';

export interface Database extends SqlClient {
  readonly kind: DatabaseKind;
  /**
   * Runs fn inside BEGIN/COMMIT on one connection; rolls back when fn throws. The `opening` statements run
   * first, sent with BEGIN as one round trip on PostgreSQL; fn gets their results. One that fails rejects
   * with a StatementError naming it, and nothing after it runs.
   */
  transaction<T>(
    fn: (tx: SqlClient, opened: QueryResult[]) => Promise<T>,
    opening?: readonly Statement[],
  ): Promise<T>;
  /**
   * BEGIN, the statements in order, then the end `end` picks from their results (COMMIT by default).
   * On PostgreSQL BEGIN and the statements cost one round trip, the end another, unless detached.
   * Rejects with a StatementError naming the first statement that failed (the rest never ran).
   */
  batch(
    statements: readonly Statement[],
    end?: (results: QueryResult[]) => BatchEnd,
  ): Promise<QueryResult[]>;
  /** A multi-statement script without parameters (migrations, seed). */
  exec(script: string): Promise<void>;
  /** LISTEN on a channel; resolves to an unsubscribe function. */
  listen(channel: string, onNotify: (payload: string) => void): Promise<() => Promise<void>>;
  close(): Promise<void>;
}
