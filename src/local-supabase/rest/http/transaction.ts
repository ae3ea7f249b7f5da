import {
  AbandonedError,
  StatementError,
  type Database,
  type SqlClient,
  type Statement,
} from '../../db/index.js';
import type { JwtClaims } from '../../jwt.js';
import {
  isRoleRefusal,
  requestRoleStatement,
  RoleNotAllowedError,
  type RequestInfo,
} from '../../request-role.js';
import { fail, ok, restError, RestFailure, type RestError, type Result } from '../errors.js';
import { isPgError, pgErrorToRest } from '../pg-errors.js';
import { ident } from '../sql/params.js';

export interface TransactionOptions {
  db: Database;
  claims: JwtClaims;
  request: RequestInfo;
  /** Reads run read-only, so nothing a read reaches (a function, a trigger) can write. */
  readOnly: boolean;
  /** `Prefer: timezone=...`, applied when PostgreSQL knows the zone, ignored otherwise as PostgREST does. */
  timezone?: string | undefined;
  /** The exposed schema then config.toml's extra_search_path, as PostgREST sets search_path per request. */
  searchPath: string[];
  /** `Prefer: tx=rollback`: do everything, answer, and keep nothing (Supabase allows the override). */
  rollback: boolean;
  /** Aborts when the client disconnects before its answer: queued work never starts, running work stops. */
  signal?: AbortSignal | undefined;
}

/** Carries the answer out of a transaction that `tx=rollback` must not commit. */
class RollbackWith<T> {
  constructor(readonly value: T) {}
}

/** PostgREST's answer when the token's role cannot be assumed: 401 if it does not exist, 403 if not granted. */
async function roleError(db: Database, role: string): Promise<RestError> {
  const exists = await db.query<{ found: boolean | string }>(
    'select exists (select 1 from pg_roles where rolname = $1) as found',
    [role],
  );
  const found = exists.rows[0]?.found;
  if (found === true || found === 't')
    return restError(403, '42501', `permission denied to set role "${role}"`);
  return restError(401, '22023', `role "${role}" does not exist`, null, null, {
    'www-authenticate': 'Bearer',
  });
}

function settingsOf(options: TransactionOptions): { searchPath: string; readOnly: boolean } {
  return {
    searchPath: [...new Set(options.searchPath)].map(ident).join(', '),
    readOnly: options.readOnly,
  };
}

// A zone PostgreSQL does not know matches no row, so nothing is set, as PostgREST ignores it.
const TIMEZONE_SQL = `select set_config('timezone', name, true) from pg_timezone_names where name = $1`;

/** Nobody reads it: the client that would have has gone (nginx's 499, "client closed request"). */
const abandoned = restError(499, '57014', 'canceling statement: the client closed the request');

async function failure<T>(db: Database, claims: JwtClaims, error: unknown): Promise<Result<T>> {
  if (error instanceof RestFailure) return fail(error.error);
  if (error instanceof AbandonedError) return fail(abandoned);
  if (error instanceof RoleNotAllowedError) return fail(await roleError(db, error.role));
  if (isPgError(error)) return fail(pgErrorToRest(error, claims.role !== 'anon'));
  throw error;
}

/**
 * Runs one request in one transaction as the token's role with its claims set (as asRequestRole does),
 * so row-level security decides. A RestFailure thrown inside rolls back and becomes the answer, as do
 * PostgreSQL's errors, mapped to PostgREST's statuses.
 */
export async function inRequestTransaction<T>(
  options: TransactionOptions,
  work: (tx: SqlClient) => Promise<T>,
): Promise<Result<T>> {
  const { db, claims } = options;
  try {
    const value = await db.transaction(
      async (tx) => {
        if (options.timezone) await tx.query(TIMEZONE_SQL, [options.timezone]);
        const value = await work(tx);
        if (options.rollback) throw new RollbackWith(value);
        return value;
      },
      [requestRoleStatement(claims, options.request, settingsOf(options))],
      options.signal,
    );
    return ok(value);
  } catch (error) {
    if (error instanceof RollbackWith) return ok(error.value as T);
    if (error instanceof StatementError && error.index === 0) {
      const refused = isRoleRefusal(error.cause);
      return failure(db, claims, refused ? new RoleNotAllowedError(claims.role) : error.cause);
    }
    return failure(db, claims, error);
  }
}

/**
 * A request whose whole work is one statement known up front (a read, a function call): BEGIN, the
 * request's role and settings and the statement go out as one batch, so it costs one round trip. The
 * batch carries its COMMIT too when nothing can decide against it: a read-only transaction (committing or
 * rolling back one changes nothing), or a write with no `rollback` and no `Prefer: tx=rollback`. Otherwise
 * `rollback` may decide from the statement's rows to roll back (as a singular read that found no row
 * does), and `Prefer: tx=rollback` always does, in a second round trip.
 */
export async function requestStatement<R>(
  options: TransactionOptions,
  statement: Statement,
  rollback?: (rows: R[]) => boolean,
): Promise<Result<R[]>> {
  const { db, claims } = options;
  const statements = [requestRoleStatement(claims, options.request, settingsOf(options))];
  if (options.timezone)
    statements.push({ text: TIMEZONE_SQL, values: [options.timezone], prepare: true });
  statements.push(statement);
  try {
    const results = await db.batch(
      statements,
      options.readOnly || (!options.rollback && !rollback)
        ? 'commit'
        : (results) => ({
            rollback: options.rollback || (rollback?.(results.at(-1)!.rows as R[]) ?? false),
          }),
      options.signal,
    );
    return ok(results.at(-1)!.rows as R[]);
  } catch (error) {
    if (error instanceof AbandonedError) return failure(db, claims, error);
    if (!(error instanceof StatementError)) throw error;
    const refused = error.index === 0 && isRoleRefusal(error.cause);
    return failure(db, claims, refused ? new RoleNotAllowedError(claims.role) : error.cause);
  }
}
