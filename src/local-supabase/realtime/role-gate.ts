import type { Database } from '../db/index.js';

export interface RoleInfo {
  /** One of the roles the authenticator may become (anon, authenticated, service_role), as PostgREST allows. */
  allowed: boolean;
}

const DESCRIBE_ROLE = `
  select json_build_object(
    'allowed', coalesce(pg_has_role('authenticator', r.oid, 'member'), false)
  )::text as info
  from pg_roles r where r.rolname = $1`;

/** Which token roles may join channels; roles do not change while the stack runs, so answers are cached. */
export class RoleGate {
  private cache = new Map<string, Promise<RoleInfo>>();

  constructor(private readonly db: Database) {}

  describe(role: string): Promise<RoleInfo> {
    let info = this.cache.get(role);
    if (!info) {
      info = this.db.query<{ info: string }>(DESCRIBE_ROLE, [role]).then((result) => {
        const row = result.rows[0];
        return row ? (JSON.parse(row.info) as RoleInfo) : { allowed: false };
      });
      info.catch(() => this.cache.delete(role));
      this.cache.set(role, info);
    }
    return info;
  }
}
