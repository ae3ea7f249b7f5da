import { randomUUID } from 'node:crypto';
import type { RunningStack } from '../../../src/local-supabase/stack.js';

export interface SeededUser {
  id: string;
  email: string;
  password: string;
}

/**
 * Inserts a confirmed user the way a Supabase seed.sql does: plain SQL, the password hashed by pgcrypto's
 * crypt(..., gen_salt('bf')), with the instance id and audience GoTrue looks users up by.
 */
export async function seedUser(
  stack: Pick<RunningStack, 'db'>,
  email: string,
  password: string,
  extra: { bannedUntil?: string; confirmed?: boolean; phone?: string } = {},
): Promise<SeededUser> {
  const id = randomUUID();
  await stack.db.query(
    `insert into auth.users (instance_id, id, aud, role, email, encrypted_password, email_confirmed_at,
       phone, phone_confirmed_at, banned_until, raw_app_meta_data, raw_user_meta_data, created_at, updated_at)
     values ('00000000-0000-0000-0000-000000000000', $1, 'authenticated', 'authenticated', $2,
       extensions.crypt($3, extensions.gen_salt('bf')), case when $4::boolean then now() end,
       $5, case when $5::text is not null then now() end, $6::timestamptz,
       '{"provider":"email","providers":["email"]}', '{"full_name":"Seeded Person"}', now(), now())`,
    [id, email, password, extra.confirmed ?? true, extra.phone ?? null, extra.bannedUntil ?? null],
  );
  return { id, email, password };
}

/** A raw request to the Auth service with the anon key as the gateway wants it, for wire-level assertions. */
export function authFetch(
  stack: Pick<RunningStack, 'url' | 'anonKey'>,
  path: string,
  init: RequestInit & { headers?: Record<string, string> } = {},
): Promise<Response> {
  return fetch(`${stack.url}/auth/v1${path}`, {
    ...init,
    headers: { apikey: stack.anonKey, 'content-type': 'application/json', ...init.headers },
  });
}
