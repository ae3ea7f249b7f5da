import { SignJWT, decodeJwt } from 'jose';

/** The forged or broken access tokens every service must refuse (Auth, REST, Realtime, Storage). */
export type AttackKind =
  | 'alg-none'
  | 'bad-signature'
  | 'tampered-payload'
  | 'expired'
  | 'role-postgres'
  | 'role-supabase-admin';

export const ATTACK_KINDS: readonly AttackKind[] = [
  'alg-none',
  'bad-signature',
  'tampered-payload',
  'expired',
  'role-postgres',
  'role-supabase-admin',
];

export type Claims = Record<string, unknown>;

const base64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

function sign(claims: Claims, secret: string): Promise<string> {
  return new SignJWT(claims)
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .sign(new TextEncoder().encode(secret));
}

/**
 * Builds one attack token from a legitimate token's claims (or any claims), so that the attack is the only
 * thing wrong with it:
 * - alg-none: unsigned (`"alg":"none"`, empty signature);
 * - bad-signature: signed with another secret;
 * - tampered-payload: a valid token whose payload was edited afterwards (role service_role, a month longer), signature kept;
 * - expired: correctly signed, exp an hour ago;
 * - role-postgres / role-supabase-admin: correctly signed (a leaked secret) but claiming a database superuser role.
 */
export async function attackToken(
  kind: AttackKind,
  secret: string,
  claims: Claims,
): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  const fresh = { ...claims, iat: now, exp: now + 3600 };
  switch (kind) {
    case 'alg-none':
      return `${base64url({ alg: 'none', typ: 'JWT' })}.${base64url(fresh)}.`;
    case 'bad-signature':
      return sign(fresh, `${secret}-but-not-quite`);
    case 'tampered-payload': {
      const [header, , signature] = (await sign(fresh, secret)).split('.');
      return `${header}.${base64url({ ...fresh, role: 'service_role', exp: fresh.exp + 30 * 86400 })}.${signature}`;
    }
    case 'expired':
      return sign({ ...claims, iat: now - 7200, exp: now - 3600 }, secret);
    case 'role-postgres':
      return sign({ ...fresh, role: 'postgres' }, secret);
    case 'role-supabase-admin':
      return sign({ ...fresh, role: 'supabase_admin' }, secret);
  }
}

/** All attack tokens built from one legitimate access token's claims. */
export async function attackTokensFrom(
  accessToken: string,
  secret: string,
): Promise<Record<AttackKind, string>> {
  const claims = decodeJwt(accessToken) as Claims;
  const entries = await Promise.all(
    ATTACK_KINDS.map(async (kind) => [kind, await attackToken(kind, secret, claims)] as const),
  );
  return Object.fromEntries(entries) as Record<AttackKind, string>;
}
