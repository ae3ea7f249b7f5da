/** The one database surface the embedded stack uses, so PGlite and PostgreSQL are interchangeable. */
export interface QueryResult<R = Record<string, unknown>> {
  rows: R[];
  rowCount: number;
}

export interface SqlClient {
  /** One statement with bound parameters ($1, $2, ...). */
  query<R = Record<string, unknown>>(text: string, params?: readonly unknown[]): Promise<QueryResult<R>>;
}

export type DatabaseKind = 'pglite' | 'postgres';

export interface Database extends SqlClient {
  readonly kind: DatabaseKind;
  /** Runs fn inside BEGIN/COMMIT on one connection; rolls back when fn throws. */
  transaction<T>(fn: (tx: SqlClient) => Promise<T>): Promise<T>;
  /** A multi-statement script without parameters (migrations, seed). */
  exec(script: string): Promise<void>;
  /** LISTEN on a channel; resolves to an unsubscribe function. */
  listen(channel: string, onNotify: (payload: string) => void): Promise<() => Promise<void>>;
  close(): Promise<void>;
}
