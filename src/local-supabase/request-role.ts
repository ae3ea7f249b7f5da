import type { Database, SqlClient } from './db/index.js';
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

/**
 * Runs fn in one transaction as the token's role with its claims set, exactly as PostgREST does
 * (`set_config(..., true)`), so row-level security decides. A role the authenticator is not a member of is refused.
 */
export async function asRequestRole<T>(
  db: Database,
  claims: JwtClaims,
  fn: (tx: SqlClient) => Promise<T>,
  request: RequestInfo = {},
): Promise<T> {
  return db.transaction(async (tx) => {
    const allowed = await tx.query<{ ok: boolean }>(
      `select exists (select 1 from pg_roles where rolname = $1)
          and pg_has_role('authenticator', $1, 'member') as ok`,
      [claims.role],
    );
    if (!allowed.rows[0]?.ok) throw new RoleNotAllowedError(claims.role);
    await tx.query(
      `select set_config('role', $1, true),
              set_config('request.jwt.claims', $2, true),
              set_config('request.method', $3, true),
              set_config('request.path', $4, true),
              set_config('request.headers', $5, true)`,
      [
        claims.role,
        JSON.stringify(claims),
        request.method ?? '',
        request.path ?? '',
        JSON.stringify(request.headers ?? {}),
      ],
    );
    return fn(tx);
  });
}
