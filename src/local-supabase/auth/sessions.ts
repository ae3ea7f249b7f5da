import { randomBytes, randomUUID } from 'node:crypto';
import type { SqlClient } from '../db/index.js';
import type { ClientMeta } from './auth-call.js';
import { badRequest } from './errors.js';
import type { UserRow } from './user-json.js';
import { NIL_INSTANCE_ID, findUserById } from './user-queries.js';

const TOKEN_ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';
/** 32 characters of [a-z0-9], about 165 bits; GoTrue's legacy tokens are the same alphabet, only shorter. */
const REFRESH_TOKEN_LENGTH = 32;

/** An opaque refresh token, drawn without modulo bias. */
export function newRefreshToken(): string {
  let token = '';
  while (token.length < REFRESH_TOKEN_LENGTH) {
    for (const byte of randomBytes(REFRESH_TOKEN_LENGTH)) {
      // 252 is the largest multiple of 36 below 256: bytes above it would favour the first letters.
      if (byte < 252 && token.length < REFRESH_TOKEN_LENGTH) token += TOKEN_ALPHABET[byte % 36];
    }
  }
  return token;
}

export interface AmrEntry {
  method: string;
  timestamp: number;
}

async function insertRefreshToken(
  tx: SqlClient,
  userId: string,
  sessionId: string,
  parent: string | null,
): Promise<string> {
  const token = newRefreshToken();
  await tx.query(
    `insert into auth.refresh_tokens (instance_id, token, user_id, revoked, created_at, updated_at, parent, session_id)
     values ($1, $2, $3, false, now(), now(), $4, $5)`,
    [NIL_INSTANCE_ID, token, userId, parent, sessionId],
  );
  return token;
}

/** A new session for a user who just proved who they are: the session, how (amr), its first refresh token. */
export async function startSession(
  tx: SqlClient,
  userId: string,
  method: string,
  meta: ClientMeta,
): Promise<{ sessionId: string; refreshToken: string }> {
  const sessionId = randomUUID();
  await tx.query(
    `insert into auth.sessions (id, user_id, created_at, updated_at, aal, user_agent, ip)
     values ($1, $2, now(), now(), 'aal1', $3, $4::inet)`,
    [sessionId, userId, meta.userAgent, meta.ip],
  );
  await tx.query(
    `insert into auth.mfa_amr_claims (id, session_id, created_at, updated_at, authentication_method)
     values ($1, $2, now(), now(), $3)`,
    [randomUUID(), sessionId, method],
  );
  const refreshToken = await insertRefreshToken(tx, userId, sessionId, null);
  await tx.query(
    `update auth.users set last_sign_in_at = now(), updated_at = now() where id = $1`,
    [userId],
  );
  return { sessionId, refreshToken };
}

/** The session's authentication methods, most recent first, as GoTrue's amr claim lists them. */
export async function sessionAmr(client: SqlClient, sessionId: string): Promise<AmrEntry[]> {
  const result = await client.query<{ method: string; at: string }>(
    `select authentication_method as method, floor(extract(epoch from updated_at))::bigint::text as at
     from auth.mfa_amr_claims where session_id = $1 order by updated_at desc`,
    [sessionId],
  );
  return result.rows.map((row) => ({ method: row.method, timestamp: Number(row.at) }));
}

export async function sessionExists(client: SqlClient, sessionId: string): Promise<boolean> {
  const result = await client.query(`select 1 from auth.sessions where id = $1`, [sessionId]);
  return result.rows.length > 0;
}

export type RefreshOutcome =
  { kind: 'issued'; user: UserRow; sessionId: string; refreshToken: string } | { kind: 'reused' };

interface RefreshTokenRow {
  id: string;
  revoked: string;
  session_id: string | null;
  user_id: string | null;
  reuse_expired: string;
}

/**
 * GoTrue's refresh-token grant (legacy opaque tokens): the token row is locked, a live token is rotated
 * into a child; a rotated token whose child is the session's current token gets that child back (the
 * client lost the answer, or refreshed twice at once); any other rotated token is accepted within the
 * reuse interval and otherwise ends the whole session. 'reused' must be committed, then answered as an error.
 */
export async function exchangeRefreshToken(
  tx: SqlClient,
  token: string,
  reuseSeconds: number,
  meta: ClientMeta,
): Promise<RefreshOutcome> {
  const found = await tx.query<RefreshTokenRow>(
    `select id::text as id, revoked::text as revoked, session_id::text as session_id, user_id,
       (now() > updated_at + make_interval(secs => $2::double precision))::text as reuse_expired
     from auth.refresh_tokens where token = $1 for update`,
    [token, reuseSeconds],
  );
  const row = found.rows[0];
  const user = row?.user_id ? await findUserById(tx, row.user_id) : undefined;
  if (!row || !user) {
    throw badRequest('refresh_token_not_found', 'Invalid Refresh Token: Refresh Token Not Found');
  }
  if (user.is_banned === 'true')
    throw badRequest('user_banned', 'Invalid Refresh Token: User Banned');
  const session = row.session_id
    ? (
        await tx.query<{ expired: string }>(
          `select (not_after is not null and not_after <= now())::text as expired
           from auth.sessions where id = $1 for update`,
          [row.session_id],
        )
      ).rows[0]
    : undefined;
  if (!row.session_id || !session) {
    throw badRequest('session_not_found', 'Invalid Refresh Token: No Valid Session Found');
  }
  if (session.expired === 'true')
    throw badRequest('session_expired', 'Invalid Refresh Token: Session Expired');
  const sessionId = row.session_id;

  let issued: string | undefined;
  if (row.revoked === 'true') {
    const active = await tx.query<{ token: string; parent: string | null }>(
      `select token, parent from auth.refresh_tokens
       where session_id = $1 and revoked = false order by id desc limit 1`,
      [sessionId],
    );
    if (active.rows[0]?.parent === token) {
      issued = active.rows[0].token;
    } else if (row.reuse_expired === 'true') {
      // A stolen, replayed token: end the session so neither its refresh nor its access tokens work any more.
      await tx.query(`delete from auth.sessions where id = $1`, [sessionId]);
      return { kind: 'reused' };
    }
  }
  if (!issued) {
    await tx.query(
      `update auth.refresh_tokens set revoked = true, updated_at = now() where id = $1`,
      [row.id],
    );
    issued = await insertRefreshToken(tx, user.id, sessionId, token);
  }
  await tx.query(
    `update auth.sessions set refreshed_at = (now() at time zone 'UTC'), updated_at = now(), user_agent = $2, ip = $3::inet
     where id = $1`,
    [sessionId, meta.userAgent, meta.ip],
  );
  return { kind: 'issued', user, sessionId, refreshToken: issued };
}

export type LogoutScope = 'global' | 'local' | 'others';

/** GoTrue's logout: deleting sessions deletes their refresh tokens (foreign key cascade). */
export async function endSessions(
  tx: SqlClient,
  scope: LogoutScope,
  userId: string,
  sessionId: string | undefined,
): Promise<void> {
  if (scope === 'local' && sessionId) {
    await tx.query(`delete from auth.sessions where id = $1`, [sessionId]);
  } else if (scope === 'others' && sessionId) {
    await tx.query(`delete from auth.sessions where user_id = $1 and id <> $2`, [
      userId,
      sessionId,
    ]);
  } else {
    await tx.query(`delete from auth.sessions where user_id = $1`, [userId]);
  }
}

/** A fresh refresh token for a session whose assurance changed; the old ones stop working, as in GoTrue. */
export async function rotateSessionRefreshToken(
  tx: SqlClient,
  userId: string,
  sessionId: string,
): Promise<string> {
  const current = await tx.query<{ token: string }>(
    `update auth.refresh_tokens set revoked = true, updated_at = now()
     where session_id = $1 and revoked = false returning token`,
    [sessionId],
  );
  return insertRefreshToken(tx, userId, sessionId, current.rows.at(-1)?.token ?? null);
}

/** Records a passed second factor on the session: its amr claim and aal2, as GoTrue's verify does. */
export async function elevateSession(
  tx: SqlClient,
  sessionId: string,
  factorId: string,
  method: string,
): Promise<void> {
  await tx.query(
    `insert into auth.mfa_amr_claims (id, session_id, created_at, updated_at, authentication_method)
     values ($1, $2, now(), now(), $3)
     on conflict (session_id, authentication_method) do update set updated_at = now()`,
    [randomUUID(), sessionId, method],
  );
  await tx.query(
    `update auth.sessions set aal = 'aal2', factor_id = $2, updated_at = now() where id = $1`,
    [sessionId, factorId],
  );
}
