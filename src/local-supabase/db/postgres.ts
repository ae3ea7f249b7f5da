import { createHash } from 'node:crypto';
import pg from 'pg';
import { StatementBatch, type BatchStatement } from './pg-batch.js';
import {
  AbandonedError,
  StatementError,
  throwIfAbandoned,
  type BatchEnding,
  type Database,
  type QueryResult,
  type SqlClient,
  type Statement,
} from './types.js';

// Leave every value as PostgreSQL's text so PGlite and pg answer alike; JSON responses are built in SQL anyway.
const rawTypes = { getTypeParser: () => (value: string) => value };

/** With a signal, a statement asked for after the client left is not sent. */
function wrap(client: pg.Pool | pg.PoolClient, signal?: AbortSignal): SqlClient {
  return {
    async query<R>(text: string, params: readonly unknown[] = []): Promise<QueryResult<R>> {
      throwIfAbandoned(signal);
      const result = await client.query({ text, values: [...params], types: rawTypes });
      return { rows: result.rows as R[], rowCount: result.rowCount ?? result.rows.length };
    },
  };
}

const ignore = () => undefined;

/** Past this many prepared statements a connection is closed instead of reused, so the server frees them. */
const PREPARED_PER_CONNECTION = 200;
/** The prepared statements each pooled connection has parsed, by name. */
const preparedOn = new WeakMap<pg.PoolClient, Set<string>>();
/** Statement names by text; cleared when full, since a name can always be derived again. */
const names = new Map<string, string>();

/** A name per statement text, so the same shape is parsed and planned once per connection. */
function preparedName(text: string): string {
  let name = names.get(text);
  if (name === undefined) {
    if (names.size >= 1000) names.clear();
    name = `stmt_${createHash('sha1').update(text).digest('base64url')}`;
    names.set(text, name);
  }
  return name;
}

/**
 * BEGIN and the statements in one round trip, and COMMIT with them when `commit`; rejects with a
 * StatementError indexed into `statements` (a failing COMMIT is `statements.length`).
 */
async function begin(
  client: pg.PoolClient,
  statements: readonly Statement[],
  commit = false,
  mayRetry = true,
): Promise<QueryResult[]> {
  let prepared = preparedOn.get(client);
  if (!prepared) preparedOn.set(client, (prepared = new Set()));
  const sent: BatchStatement[] = [{ text: 'begin', values: [] }];
  for (const statement of statements) {
    sent.push({
      text: statement.text,
      values: statement.values ?? [],
      ...(statement.prepare ? { name: preparedName(statement.text) } : {}),
    });
  }
  if (commit) sent.push({ text: 'commit', values: [] });
  const batch = new StatementBatch(sent, prepared);
  client.query(batch as unknown as pg.Submittable);
  try {
    return (await batch.done).slice(1, statements.length + 1);
  } catch (error) {
    if (!(error instanceof StatementError)) throw error;
    // 26000: a function ran DEALLOCATE. Only this transaction ran, so roll it back and start over unprepared.
    if (mayRetry && (error.cause as { code?: unknown } | null)?.code === '26000') {
      await client.query('rollback');
      await client.query('deallocate all');
      prepared.clear();
      return begin(client, statements, commit, false);
    }
    if (error.index === 0) throw error.cause;
    throw new StatementError(error.index - 1, error.cause);
  }
}

function release(client: pg.PoolClient): void {
  client.release((preparedOn.get(client)?.size ?? 0) > PREPARED_PER_CONNECTION);
}

/** A pooled connection lent to work that its client may abandon (see Database.transaction). */
interface Lease {
  client: pg.PoolClient;
  /** The work's error as the caller sees it: AbandonedError once the client has left. */
  failure(error: unknown): unknown;
  /** Back to the pool; closed instead once a cancel was sent, so it can never reach the next borrower. */
  release(broken?: boolean): Promise<void>;
}

/** Stops the statement a backend runs, over a connection of its own: the pool may be full. */
async function cancelBackend(url: string, pid: number | null): Promise<void> {
  if (pid === null) return;
  const canceller = new pg.Client({ connectionString: url });
  try {
    await canceller.connect();
    await canceller.query('select pg_cancel_backend($1)', [pid]);
  } finally {
    await canceller.end().catch(ignore);
  }
}

/** A connection for work on behalf of a client; AbandonedError when the client left while it waited for one. */
async function lease(pool: pg.Pool, url: string, signal: AbortSignal | undefined): Promise<Lease> {
  throwIfAbandoned(signal);
  const client = await pool.connect();
  if (signal?.aborted) {
    release(client);
    throw new AbandonedError();
  }
  let cancelling: Promise<void> | null = null;
  const onAbort = () => {
    const pid = (client as unknown as { processID: number | null }).processID;
    cancelling = cancelBackend(url, pid).catch((error: unknown) => {
      process.stderr.write(`db: cancelling an abandoned statement failed: ${String(error)}\n`);
    });
  };
  signal?.addEventListener('abort', onAbort, { once: true });
  return {
    client,
    failure: (error) => (signal?.aborted ? new AbandonedError() : error),
    async release(broken = false) {
      signal?.removeEventListener('abort', onAbort);
      if (cancelling) {
        await cancelling;
        client.release(true);
      } else if (broken) client.release(true);
      else release(client);
    },
  };
}

/** Any PostgreSQL 15+ by URL, through a small pool. */
export async function openPostgres(url: string, poolSize = 10): Promise<Database> {
  const pool = new pg.Pool({ connectionString: url, max: poolSize });
  pool.on('error', () => {
    // An idle client died (server restart); the pool replaces it on the next checkout.
  });
  await pool.query('select 1');
  const root = wrap(pool);
  return {
    kind: 'postgres',
    query: root.query,
    async transaction(fn, opening = [], signal) {
      const lent = await lease(pool, url, signal);
      const { client } = lent;
      try {
        const opened = await begin(client, opening);
        const result = await fn(wrap(client, signal), opened);
        await client.query('commit');
        return result;
      } catch (error) {
        await client.query('rollback').catch(ignore);
        throw lent.failure(error);
      } finally {
        await lent.release();
      }
    },
    async batch(statements, end: BatchEnding = () => ({}), signal) {
      const lent = await lease(pool, url, signal);
      const { client } = lent;
      let results: QueryResult[];
      let rollback: boolean | undefined;
      try {
        results = await begin(client, statements, end === 'commit');
        if (end === 'commit') {
          await lent.release();
          return results;
        }
        rollback = end(results).rollback;
      } catch (error) {
        await client.query('rollback').catch(ignore);
        await lent.release();
        throw lent.failure(error);
      }
      try {
        await client.query(rollback ? 'rollback' : 'commit');
      } catch (error) {
        // A connection whose end failed is in no state to be reused.
        await lent.release(true);
        throw lent.failure(error);
      }
      await lent.release();
      return results;
    },
    async exec(script) {
      await pool.query(script);
    },
    async listen(channel, onNotify) {
      const client = await pool.connect();
      const handler = (message: pg.Notification) => {
        if (message.channel === channel) onNotify(message.payload ?? '');
      };
      client.on('notification', handler);
      await client.query(`listen ${pg.escapeIdentifier(channel)}`);
      return async () => {
        client.off('notification', handler);
        await client.query(`unlisten ${pg.escapeIdentifier(channel)}`).catch(ignore);
        client.release();
      };
    },
    close: () => pool.end(),
  };
}
