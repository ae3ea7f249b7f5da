import { SignJWT, jwtVerify, errors as joseErrors } from 'jose';

/** The claims PostgREST and GoTrue put in and read from a Supabase access token. */
export interface JwtClaims {
  sub?: string;
  role: string;
  aud?: string | string[];
  exp?: number;
  iat?: number;
  iss?: string;
  email?: string;
  phone?: string;
  app_metadata?: Record<string, unknown>;
  user_metadata?: Record<string, unknown>;
  session_id?: string;
  aal?: string;
  amr?: { method: string; timestamp: number }[];
  is_anonymous?: boolean;
  [claim: string]: unknown;
}

export type JwtFailure = 'expired' | 'invalid';

export class JwtError extends Error {
  constructor(
    readonly reason: JwtFailure,
    message: string,
  ) {
    super(message);
    this.name = 'JwtError';
  }
}

/** The roles a request may assume through its token, as the Supabase API gateway allows. */
export const API_ROLES = new Set(['anon', 'authenticated', 'service_role']);

export function secretKey(secret: string): Uint8Array {
  return new TextEncoder().encode(secret);
}

/** How many verified tokens are remembered; the least recently used goes first. */
const VERIFIED_LIMIT = 1000;
/** Verified tokens by their text, with the secret that verified them; frozen claims, as callers share them. */
const verified = new Map<string, { secret: string; claims: Readonly<JwtClaims> }>();

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const inner of Object.values(value)) deepFreeze(inner);
  }
  return value;
}

/** jose's own expiry rule: a token is expired once `exp <= now`, in whole seconds. */
function unexpired(claims: JwtClaims): boolean {
  return claims.exp === undefined || claims.exp > Math.floor(Date.now() / 1000);
}

/**
 * The claims of a token verifyJwt accepted before with this secret and that has not expired since, else
 * undefined. A hit skips the signature check (an HMAC per request otherwise); the expiry is checked on
 * every use, so an expired token is refused even when remembered.
 */
export function verifiedClaims(token: string, secret: string): JwtClaims | undefined {
  const known = verified.get(token);
  if (!known || known.secret !== secret) return undefined;
  verified.delete(token);
  if (!unexpired(known.claims)) return undefined;
  verified.set(token, known);
  return known.claims;
}

/** Verifies an HS256 token; `alg: none`, other algorithms, bad signatures and expired tokens throw JwtError. */
export async function verifyJwt(token: string, secret: string): Promise<JwtClaims> {
  const known = verifiedClaims(token, secret);
  if (known) return known;
  try {
    const { payload } = await jwtVerify(token, secretKey(secret), { algorithms: ['HS256'] });
    if (typeof payload.role !== 'string') throw new JwtError('invalid', 'JWT has no role claim');
    const claims = deepFreeze(payload as JwtClaims);
    if (verified.size >= VERIFIED_LIMIT) verified.delete(verified.keys().next().value!);
    verified.set(token, { secret, claims });
    return claims;
  } catch (error) {
    if (error instanceof JwtError) throw error;
    if (error instanceof joseErrors.JWTExpired) throw new JwtError('expired', 'JWT expired');
    throw new JwtError('invalid', (error as Error).message);
  }
}

export async function signJwt(claims: JwtClaims, secret: string): Promise<string> {
  return new SignJWT(claims).setProtectedHeader({ alg: 'HS256', typ: 'JWT' }).sign(secretKey(secret));
}
