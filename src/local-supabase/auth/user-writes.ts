import { randomUUID } from 'node:crypto';
import type { SqlClient } from '../db/index.js';
import type { JsonObject } from './user-json.js';
import { AUTH_AUDIENCE, NIL_INSTANCE_ID } from './user-queries.js';

export interface NewUser {
  id: string;
  email?: string;
  phone?: string;
  passwordHash: string;
  role: string;
  appMetadata: JsonObject;
  userMetadata: JsonObject;
  emailConfirmed: boolean;
  phoneConfirmed: boolean;
  /** Sign-up data GoTrue also copies into the identity's identity_data. */
  identityExtra?: JsonObject;
}

export type IdentityProvider = 'email' | 'phone';

/** GoTrue's identity_data for its own providers: the user id as sub plus what was verified. */
export function identityData(
  userId: string,
  provider: IdentityProvider,
  address: string,
  verified: boolean,
  extra: JsonObject = {},
): JsonObject {
  const base: JsonObject =
    provider === 'email'
      ? { sub: userId, email: address, email_verified: verified, phone_verified: false }
      : { sub: userId, phone: address, email_verified: false, phone_verified: verified };
  return { ...extra, ...base };
}

export async function insertIdentity(
  tx: SqlClient,
  userId: string,
  provider: IdentityProvider,
  data: JsonObject,
): Promise<void> {
  await tx.query(
    `insert into auth.identities (id, provider_id, user_id, identity_data, provider, last_sign_in_at, created_at, updated_at)
     values ($1, $2, $3, $4::jsonb, $5, now(), now(), now())`,
    [randomUUID(), userId, userId, JSON.stringify(data), provider],
  );
}

/** Inserts the user and the identity for each address it has, as GoTrue's sign-up and admin create do. */
export async function insertUser(tx: SqlClient, user: NewUser): Promise<void> {
  await tx.query(
    `insert into auth.users (instance_id, id, aud, role, email, phone, encrypted_password,
       email_confirmed_at, phone_confirmed_at, raw_app_meta_data, raw_user_meta_data, created_at, updated_at)
     values ($1, $2, $3, $4, $5, $6, $7,
       case when $8::boolean then now() end, case when $9::boolean then now() end,
       $10::jsonb, $11::jsonb, now(), now())`,
    [
      NIL_INSTANCE_ID,
      user.id,
      AUTH_AUDIENCE,
      user.role,
      user.email ?? null,
      user.phone ?? null,
      user.passwordHash,
      user.emailConfirmed,
      user.phoneConfirmed,
      JSON.stringify(user.appMetadata),
      JSON.stringify(user.userMetadata),
    ],
  );
  if (user.email) {
    const data = identityData(user.id, 'email', user.email, false, user.identityExtra);
    await insertIdentity(tx, user.id, 'email', data);
  }
  if (user.phone) {
    const data = identityData(user.id, 'phone', user.phone, false, user.identityExtra);
    await insertIdentity(tx, user.id, 'phone', data);
  }
}

/** Changes an address (confirmed now when `verified`) and keeps the matching identity in step, creating it if missing. */
export async function setAddress(
  tx: SqlClient,
  userId: string,
  provider: IdentityProvider,
  address: string,
  verified: boolean,
): Promise<void> {
  const statement =
    provider === 'email'
      ? `update auth.users set email = $2, updated_at = now(),
           email_confirmed_at = case when $3::boolean then now() else email_confirmed_at end where id = $1`
      : `update auth.users set phone = $2, updated_at = now(),
           phone_confirmed_at = case when $3::boolean then now() else phone_confirmed_at end where id = $1`;
  await tx.query(statement, [userId, address, verified]);
  const verifiedKey = provider === 'email' ? 'email_verified' : 'phone_verified';
  const updated = await tx.query(
    `update auth.identities set identity_data = identity_data || $3::jsonb, updated_at = now()
     where user_id = $1 and provider = $2`,
    [userId, provider, JSON.stringify({ [provider]: address, [verifiedKey]: verified })],
  );
  if (updated.rowCount === 0) {
    await insertIdentity(tx, userId, provider, identityData(userId, provider, address, verified));
  }
}

/** GoTrue's Confirm: stamps email_confirmed_at and records email_verified in user_metadata. */
export async function confirmEmail(tx: SqlClient, userId: string): Promise<void> {
  await tx.query(
    `update auth.users set email_confirmed_at = now(), confirmation_token = '', updated_at = now(),
       raw_user_meta_data = coalesce(raw_user_meta_data, '{}'::jsonb) || '{"email_verified": true}'::jsonb
     where id = $1`,
    [userId],
  );
}

export async function confirmPhone(tx: SqlClient, userId: string): Promise<void> {
  await tx.query(
    `update auth.users set phone_confirmed_at = now(), confirmation_token = '', updated_at = now() where id = $1`,
    [userId],
  );
}

export async function setPasswordHash(tx: SqlClient, userId: string, hash: string): Promise<void> {
  await tx.query(
    `update auth.users set encrypted_password = $2, recovery_token = '', confirmation_token = '',
       email_change_token_current = '', email_change_token_new = '', reauthentication_token = '', updated_at = now()
     where id = $1`,
    [userId, hash],
  );
}

/** The keys GoTrue removes (null values) and the ones it sets, for a shallow metadata merge. */
function splitMetadataUpdate(updates: JsonObject): [string, string[]] {
  const set: JsonObject = {};
  const removed: string[] = [];
  for (const [key, value] of Object.entries(updates)) {
    if (value === null) removed.push(key);
    else set[key] = value;
  }
  return [JSON.stringify(set), removed];
}

/** Merges into user_metadata as GoTrue's UpdateUserMetaData: keys set, null values delete their key. */
export async function mergeUserMetadata(
  tx: SqlClient,
  userId: string,
  updates: JsonObject,
): Promise<void> {
  const [set, removed] = splitMetadataUpdate(updates);
  await tx.query(
    `update auth.users set raw_user_meta_data = (coalesce(raw_user_meta_data, '{}'::jsonb) || $2::jsonb) - $3::text[],
       updated_at = now() where id = $1`,
    [userId, set, removed],
  );
}

export async function mergeAppMetadata(
  tx: SqlClient,
  userId: string,
  updates: JsonObject,
): Promise<void> {
  const [set, removed] = splitMetadataUpdate(updates);
  await tx.query(
    `update auth.users set raw_app_meta_data = (coalesce(raw_app_meta_data, '{}'::jsonb) || $2::jsonb) - $3::text[],
       updated_at = now() where id = $1`,
    [userId, set, removed],
  );
}

export async function setRole(tx: SqlClient, userId: string, role: string): Promise<void> {
  await tx.query(`update auth.users set role = $2, updated_at = now() where id = $1`, [
    userId,
    role.trim(),
  ]);
}

/** Bans for `seconds` from now; 0 lifts the ban, as GoTrue's ban_duration "none" does. */
export async function setBan(tx: SqlClient, userId: string, seconds: number): Promise<void> {
  await tx.query(
    `update auth.users set banned_until = case when $2::double precision > 0
       then now() + make_interval(secs => $2::double precision) end, updated_at = now()
     where id = $1`,
    [userId, seconds],
  );
}

export async function deleteUser(tx: SqlClient, userId: string): Promise<void> {
  await tx.query(`delete from auth.users where id = $1`, [userId]);
}

/** GoTrue's soft delete: the row stays for foreign keys, but nothing can sign in as it any more. */
export async function softDeleteUser(tx: SqlClient, userId: string): Promise<void> {
  await tx.query(
    `update auth.users set deleted_at = now(), updated_at = now(), email = null, phone = null,
       encrypted_password = '', raw_app_meta_data = '{}'::jsonb, raw_user_meta_data = '{}'::jsonb
     where id = $1 and deleted_at is null`,
    [userId],
  );
  await tx.query(`delete from auth.identities where user_id = $1`, [userId]);
  await tx.query(`delete from auth.sessions where user_id = $1`, [userId]);
}

/** GoTrue's invite stamp: when the user was (last) invited. */
export async function markInvited(tx: SqlClient, userId: string): Promise<void> {
  await tx.query(`update auth.users set invited_at = now(), updated_at = now() where id = $1`, [
    userId,
  ]);
}
