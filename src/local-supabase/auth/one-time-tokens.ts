import { createHash, randomInt } from 'node:crypto';
import type { SqlClient } from '../db/index.js';
import { AuthError } from './errors.js';
import type { UserRow } from './user-json.js';
import { NIL_INSTANCE_ID, USER_SELECT } from './user-queries.js';

/**
 * Where GoTrue keeps a pending one-time token: confirmation_token for sign-up, invite and a first email
 * OTP; recovery_token for password recovery and magic links; email_change_token_new and
 * email_change_token_current for the two sides of an email change. Only the hash is stored.
 */
export type TokenSlot = LinkSlot | 'email_change_new' | 'email_change_current';

/** The slots a single link's token goes to (sign-up, invite, magic link, recovery). */
export type LinkSlot = 'confirmation' | 'recovery';

/** GoTrue's GenerateTokenHash: hex SHA-224 of the address followed by the code; links carry this hash. */
export function tokenHash(email: string, code: string): string {
  return createHash('sha224')
    .update(email + code)
    .digest('hex');
}

/** A numeric one-time code of `length` digits (config.toml [auth.email] otp_length), uniformly drawn. */
export function newOtp(length: number): string {
  let code = '';
  for (let i = 0; i < length; i += 1) code += String(randomInt(10));
  return code;
}

const STAMP: Record<LinkSlot, string> = {
  confirmation: `update auth.users set confirmation_token = $2, confirmation_sent_at = now(), updated_at = now() where id = $1`,
  recovery: `update auth.users set recovery_token = $2, recovery_sent_at = now(), updated_at = now() where id = $1`,
};

/** Stores a new token's hash in its slot, replacing any earlier one, and stamps when it was sent. */
export async function storeToken(
  tx: SqlClient,
  userId: string,
  slot: LinkSlot,
  hash: string,
): Promise<void> {
  await tx.query(STAMP[slot], [userId, hash]);
}

/**
 * A pending email change, as GoTrue keeps it: the new address, a token for it and (secure change) one for
 * the current address, which also starts its confirmation over.
 */
export async function storeEmailChange(
  tx: SqlClient,
  userId: string,
  newEmail: string,
  hashes: { new: string; current: string },
): Promise<void> {
  await tx.query(
    `update auth.users set email_change = $2, email_change_token_new = $3, email_change_token_current = $4,
       email_change_confirm_status = 0, email_change_sent_at = now(), updated_at = now() where id = $1`,
    [userId, newEmail, hashes.new, hashes.current],
  );
}

const EMAIL_CHANGE_SENT_WITHIN = `select 1 from auth.users where id = $1
    and email_change_sent_at > now() - make_interval(secs => $2::double precision)`;

const SENT_WITHIN: Record<TokenSlot, string> = {
  confirmation: `select 1 from auth.users where id = $1
    and confirmation_sent_at > now() - make_interval(secs => $2::double precision)`,
  recovery: `select 1 from auth.users where id = $1
    and recovery_sent_at > now() - make_interval(secs => $2::double precision)`,
  email_change_new: EMAIL_CHANGE_SENT_WITHIN,
  email_change_current: EMAIL_CHANGE_SENT_WITHIN,
};

/** GoTrue's per-address mail frequency limit (max_frequency): a 429 naming how long to wait. */
export async function checkSendFrequency(
  client: SqlClient,
  userId: string,
  slot: TokenSlot,
  seconds: number,
): Promise<void> {
  if (seconds <= 0) return;
  const recent = await client.query(SENT_WITHIN[slot], [userId, seconds]);
  if (recent.rows.length > 0) {
    throw new AuthError(
      429,
      'over_email_send_rate_limit',
      `For security purposes, you can only request this after ${Math.ceil(seconds)} seconds.`,
    );
  }
}

const FIND_BY_HASH: Record<TokenSlot, string> = {
  confirmation: `${USER_SELECT} where u.instance_id = $1 and u.confirmation_token = $2
    and u.confirmation_sent_at > now() - make_interval(secs => $3::double precision) for update of u`,
  recovery: `${USER_SELECT} where u.instance_id = $1 and u.recovery_token = $2
    and u.recovery_sent_at > now() - make_interval(secs => $3::double precision) for update of u`,
  email_change_new: `${USER_SELECT} where u.instance_id = $1 and u.email_change_token_new = $2
    and u.email_change_sent_at > now() - make_interval(secs => $3::double precision) for update of u`,
  email_change_current: `${USER_SELECT} where u.instance_id = $1 and u.email_change_token_current = $2
    and u.email_change_sent_at > now() - make_interval(secs => $3::double precision) for update of u`,
};

/** The user whose unexpired token in `slot` has this hash, locked for the verification that consumes it. */
export async function findUserByToken(
  tx: SqlClient,
  slot: TokenSlot,
  hash: string,
  expirySeconds: number,
): Promise<UserRow | undefined> {
  if (!/^[0-9a-f]{56}$/.test(hash)) return undefined;
  const result = await tx.query<UserRow>(FIND_BY_HASH[slot], [
    NIL_INSTANCE_ID,
    hash,
    expirySeconds,
  ]);
  return result.rows[0];
}

const CONSUME: Record<TokenSlot, string> = {
  confirmation: `update auth.users set confirmation_token = '', updated_at = now() where id = $1`,
  recovery: `update auth.users set recovery_token = '', updated_at = now() where id = $1`,
  email_change_new: `update auth.users set email_change_token_new = '', updated_at = now() where id = $1`,
  email_change_current: `update auth.users set email_change_token_current = '', updated_at = now() where id = $1`,
};

/** A token works once. */
export async function consumeToken(tx: SqlClient, userId: string, slot: TokenSlot): Promise<void> {
  await tx.query(CONSUME[slot], [userId]);
}
