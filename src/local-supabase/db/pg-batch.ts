import type pg from 'pg';
import utils from 'pg/lib/utils.js';
import { StatementError, type QueryResult } from './types.js';

/** A statement as the batch sends it; a `name` makes it a prepared statement, parsed once per connection. */
export interface BatchStatement {
  text: string;
  values: readonly unknown[];
  name?: string;
}

type Row = Record<string, string | null>;

// The tag of CommandComplete, e.g. `SELECT 1` or `INSERT 0 3`; the last number is the row count (as pg reads it).
const COMMAND_TAG = /^[A-Za-z]+(?: (\d+))?(?: (\d+))?/;

/**
 * Several statements in one round trip: Parse (unless the connection already has the named statement),
 * Bind, Describe and Execute for each, then a single Sync. pg sends a Sync after every query, and
 * PostgreSQL answers and flushes at each one; one Sync lets the server run the whole batch at once.
 * Statements run in order, and after a failure PostgreSQL skips the rest up to the Sync.
 *
 * It is a pg "submittable" (as pg-cursor is): pg's client hands it the backend's messages while active.
 * Values are left as PostgreSQL's text, as the adapter's other queries leave them.
 */
export class StatementBatch {
  readonly done: Promise<QueryResult[]>;
  private readonly results: QueryResult[] = [];
  private rows: Row[] = [];
  private fields: string[] = [];
  /** Names sent with a Parse, in order ('' for unnamed), matched to ParseComplete messages as they come. */
  private readonly parsing: string[] = [];
  private parsedCount = 0;
  private connection: pg.Connection | undefined;
  private resolve!: (results: QueryResult[]) => void;
  private reject!: (error: unknown) => void;

  /** `prepared` holds the names this connection has parsed; the batch adds the ones it parses. */
  constructor(
    private readonly statements: readonly BatchStatement[],
    private readonly prepared: Set<string>,
  ) {
    this.done = new Promise((resolve, reject) => {
      this.resolve = resolve;
      this.reject = reject;
    });
  }

  private readonly onParseComplete = () => {
    const name = this.parsing[this.parsedCount++];
    if (name) this.prepared.add(name);
  };

  submit(connection: pg.Connection): Error | null {
    let values: (string | Buffer | null)[][];
    try {
      values = this.statements.map((statement) => statement.values.map(utils.prepareValue));
    } catch (error) {
      // Nothing was written yet, so the connection stays in step; pg reports this error through handleError.
      return error as Error;
    }
    this.connection = connection;
    connection.on('parseComplete', this.onParseComplete);
    connection.stream.cork();
    try {
      for (const [index, statement] of this.statements.entries()) {
        const name = statement.name ?? '';
        if (!name || !this.prepared.has(name)) {
          connection.parse({ text: statement.text, name, types: [] }, false);
          this.parsing.push(name);
        }
        connection.bind({ statement: name, values: values[index] }, false);
        connection.describe({ type: 'P', name: '' }, false);
        connection.execute({ portal: '' }, false);
      }
      connection.sync();
    } finally {
      connection.stream.uncork();
    }
    return null;
  }

  private finish(): void {
    this.connection?.off('parseComplete', this.onParseComplete);
  }

  handleRowDescription(message: { fields: { name: string }[] }): void {
    this.fields = message.fields.map((field) => field.name);
  }

  handleDataRow(message: { fields: (string | null)[] }): void {
    const row: Row = {};
    for (const [index, field] of this.fields.entries()) row[field] = message.fields[index] ?? null;
    this.rows.push(row);
  }

  handleCommandComplete(message: { text: string }): void {
    const match = COMMAND_TAG.exec(message.text);
    const counted = match?.[2] ?? match?.[1];
    const rowCount = counted === undefined ? this.rows.length : Number(counted);
    this.results.push({ rows: this.rows, rowCount });
    this.rows = [];
    this.fields = [];
  }

  handleEmptyQuery(): void {
    this.results.push({ rows: [], rowCount: 0 });
  }

  handleError(error: unknown): void {
    this.finish();
    // The statements before the failing one all completed, so the count of results names it.
    this.reject(this.connection ? new StatementError(this.results.length, error) : error);
  }

  handleReadyForQuery(): void {
    this.finish();
    this.resolve(this.results);
  }

  handlePortalSuspended(): void {}

  handleCopyInResponse(connection: { sendCopyFail(message: string): void }): void {
    connection.sendCopyFail('a statement batch sends no COPY data');
  }

  handleCopyData(): void {}
}
