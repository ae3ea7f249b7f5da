import { StatementError, type Database, type SqlClient, type Statement } from './db/index.js';
import type { JwtClaims } from './jwt.js';

export class RoleNotAllowedError extends Error {
  constructor(readonly role: string) {
    super(`role "${role}" may not be assumed`);
    this.name = 'RoleNotAllowedError';
  }
}

export interface RequestInfo {
  method?: string;
  path?: string;
  headers?: Record<string, string>;
}

/** Per-request settings PostgREST makes besides the role and claims. */
export interface RequestSettings {
  /** search_path, already quoted and joined. */
  searchPath?: string;
  /** Makes the transaction read-only, so nothing the request reaches can write. */
  readOnly?: boolean;
}

/** JSON of claims, kept per claims object: verified tokens' claims are frozen and shared between requests. */
const claimsText = new WeakMap<JwtClaims, string>();

function claimsJson(claims: JwtClaims): string {
  if (!Object.isFrozen(claims)) return JSON.stringify(claims);
  let text = claimsText.get(claims);
  if (text === undefined) claimsText.set(claims, (text = JSON.stringify(claims)));
  return text;
}

/**
 * The statement that makes a transaction the request's, as PostgREST does with `set_config(..., true)`:
 * its role, request.jwt.claims, request.method/path/headers and the settings. A role the authenticator is
 * not a member of becomes '', which no role can be named, so set_config fails (22023), as does a role
 * that does not exist (42704): the transaction aborts before anything behind this statement runs.
 */
export function requestRoleStatement(
  claims: JwtClaims,
  request: RequestInfo = {},
  settings: RequestSettings = {},
): Statement {
  const values: unknown[] = [
    claims.role,
    claimsJson(claims),
    request.method ?? '',
    request.path ?? '',
    JSON.stringify(request.headers ?? {}),
  ];
  let text =
    `select set_config('role', case when pg_has_role('authenticator', $1::name, 'member') then $1::text else '' end, true), ` +
    `set_config('request.jwt.claims', $2, true), set_config('request.method', $3, true), ` +
    `set_config('request.path', $4, true), set_config('request.headers', $5, true)`;
  if (settings.searchPath !== undefined) {
    values.push(settings.searchPath);
    text += `, set_config('search_path', $${values.length}, true)`;
  }
  if (settings.readOnly) text += `, set_config('transaction_read_only', 'on', true)`;
  return { text, values, prepare: true };
}

/** Whether the request-role statement failed because its role may not be assumed (see requestRoleStatement). */
export function isRoleRefusal(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === '42704' || code === '22023';
}

/**
 * Runs fn in one transaction as the token's role with its claims set, exactly as PostgREST does
 * (`set_config(..., true)`), so row-level security decides. A role the authenticator is not a member of is refused.
 */
export async function asRequestRole<T>(
  db: Database,
  claims: JwtClaims,
  fn: (tx: SqlClient) => Promise<T>,
  request: RequestInfo = {},
  settings: RequestSettings = {},
): Promise<T> {
  try {
    return await db.transaction((tx) => fn(tx), [requestRoleStatement(claims, request, settings)]);
  } catch (error) {
    if (error instanceof StatementError && error.index === 0) {
      if (isRoleRefusal(error.cause)) throw new RoleNotAllowedError(claims.role);
      throw error.cause;
    }
    throw error;
  }
}
