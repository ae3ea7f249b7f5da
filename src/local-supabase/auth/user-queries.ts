import type { SqlClient } from '../db/index.js';
import type { UserRow } from './user-json.js';

/** GoTrue scopes every user to this instance id; users seeded by SQL need it too, as with hosted GoTrue. */
export const NIL_INSTANCE_ID = '00000000-0000-0000-0000-000000000000';
/** The audience GoTrue gives users and their tokens (GOTRUE_JWT_AUD). */
export const AUTH_AUDIENCE = 'authenticated';

const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isUuid(value: string): boolean {
  return UUID_PATTERN.test(value);
}

/** A timestamp column as Go prints it, to microseconds in UTC; the column names are constants of this file. */
const iso = (column: string) =>
  `to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

const IDENTITIES_JSON = `coalesce((
    select json_agg(json_build_object(
      'identity_id', i.id,
      'id', i.provider_id,
      'user_id', i.user_id,
      'identity_data', i.identity_data,
      'provider', i.provider,
      'last_sign_in_at', ${iso('i.last_sign_in_at')},
      'created_at', ${iso('i.created_at')},
      'updated_at', ${iso('i.updated_at')},
      'email', i.email
    ) order by i.created_at, i.id)::text
    from auth.identities i where i.user_id = u.id
  ), '[]')`;

const FACTORS_JSON = `coalesce((
    select json_agg(json_build_object(
      'id', f.id,
      'friendly_name', coalesce(f.friendly_name, ''),
      'factor_type', f.factor_type::text,
      'status', f.status::text,
      'created_at', ${iso('f.created_at')},
      'updated_at', ${iso('f.updated_at')}
    ) order by f.created_at, f.id)::text
    from auth.mfa_factors f where f.user_id = u.id
  ), '[]')`;

/** Every column a user answer needs; callers append their where clause with bound parameters. */
export const USER_SELECT = `select
  u.id::text as id, u.aud, u.role, u.email, u.phone, u.encrypted_password,
  ${iso('u.email_confirmed_at')} as email_confirmed_at,
  ${iso('u.invited_at')} as invited_at,
  ${iso('u.phone_confirmed_at')} as phone_confirmed_at,
  ${iso('u.confirmation_sent_at')} as confirmation_sent_at,
  ${iso('u.confirmed_at')} as confirmed_at,
  ${iso('u.recovery_sent_at')} as recovery_sent_at,
  u.email_change,
  ${iso('u.email_change_sent_at')} as email_change_sent_at,
  u.phone_change,
  ${iso('u.phone_change_sent_at')} as phone_change_sent_at,
  ${iso('u.reauthentication_sent_at')} as reauthentication_sent_at,
  ${iso('u.last_sign_in_at')} as last_sign_in_at,
  u.raw_app_meta_data::text as app_metadata,
  u.raw_user_meta_data::text as user_metadata,
  ${IDENTITIES_JSON} as identities,
  ${FACTORS_JSON} as factors,
  ${iso('u.created_at')} as created_at,
  ${iso('u.updated_at')} as updated_at,
  ${iso('u.banned_until')} as banned_until,
  ${iso('u.deleted_at')} as deleted_at,
  u.is_anonymous::text as is_anonymous,
  (u.banned_until is not null and u.banned_until > now())::text as is_banned
from auth.users u`;

export async function findUserById(client: SqlClient, id: string): Promise<UserRow | undefined> {
  if (!isUuid(id)) return undefined;
  const result = await client.query<UserRow>(
    `${USER_SELECT} where u.instance_id = $1 and u.id = $2`,
    [NIL_INSTANCE_ID, id],
  );
  return result.rows[0];
}

/** As GoTrue's FindUserByEmailAndAudience: case-insensitive, same instance and audience, not an SSO user. */
export async function findUserByEmail(
  client: SqlClient,
  email: string,
): Promise<UserRow | undefined> {
  const result = await client.query<UserRow>(
    `${USER_SELECT} where u.instance_id = $1 and lower(u.email) = $2 and u.aud = $3 and u.is_sso_user = false`,
    [NIL_INSTANCE_ID, email.toLowerCase(), AUTH_AUDIENCE],
  );
  return result.rows[0];
}

export async function findUserByPhone(
  client: SqlClient,
  phone: string,
): Promise<UserRow | undefined> {
  const result = await client.query<UserRow>(
    `${USER_SELECT} where u.instance_id = $1 and u.phone = $2 and u.aud = $3 and u.is_sso_user = false`,
    [NIL_INSTANCE_ID, phone, AUTH_AUDIENCE],
  );
  return result.rows[0];
}

/** Whether another user already holds this email; auth.users' unique index ignores the audience, so this does too. */
export async function emailTaken(
  client: SqlClient,
  email: string,
  exceptUserId?: string,
): Promise<boolean> {
  const result = await client.query(
    `select 1 from auth.users where lower(email) = $1 and is_sso_user = false and id::text <> $2 limit 1`,
    [email.toLowerCase(), exceptUserId ?? ''],
  );
  return result.rows.length > 0;
}

export async function phoneTaken(
  client: SqlClient,
  phone: string,
  exceptUserId?: string,
): Promise<boolean> {
  const result = await client.query(
    `select 1 from auth.users where phone = $1 and id::text <> $2 limit 1`,
    [phone, exceptUserId ?? ''],
  );
  return result.rows.length > 0;
}

export interface UserPage {
  rows: UserRow[];
  total: number;
}

/** One page of the audience's users, newest first, as GoTrue's admin list; `filter` matches email or full name. */
export async function listUsers(
  client: SqlClient,
  page: number,
  perPage: number,
  filter: string,
): Promise<UserPage> {
  const where = `u.instance_id = $1 and u.aud = $2
    and ($3::text = '' or u.email like '%' || $3::text || '%'
      or u.raw_user_meta_data ->> 'full_name' ilike '%' || $3::text || '%')`;
  const params = [NIL_INSTANCE_ID, AUTH_AUDIENCE, filter];
  const count = await client.query<{ total: string | number }>(
    `select count(*)::text as total from auth.users u where ${where}`,
    params,
  );
  const rows = await client.query<UserRow>(
    `${USER_SELECT} where ${where} order by u.created_at desc, u.id limit $4 offset $5`,
    [...params, perPage, (page - 1) * perPage],
  );
  return { rows: rows.rows, total: Number(count.rows[0]?.total ?? 0) };
}
