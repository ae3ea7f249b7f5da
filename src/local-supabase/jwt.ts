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

/** Verifies an HS256 token; `alg: none`, other algorithms, bad signatures and expired tokens throw JwtError. */
export async function verifyJwt(token: string, secret: string): Promise<JwtClaims> {
  try {
    const { payload } = await jwtVerify(token, secretKey(secret), { algorithms: ['HS256'] });
    if (typeof payload.role !== 'string') throw new JwtError('invalid', 'JWT has no role claim');
    return payload as JwtClaims;
  } catch (error) {
    if (error instanceof JwtError) throw error;
    if (error instanceof joseErrors.JWTExpired) throw new JwtError('expired', 'JWT expired');
    throw new JwtError('invalid', (error as Error).message);
  }
}

export async function signJwt(claims: JwtClaims, secret: string): Promise<string> {
  return new SignJWT(claims).setProtectedHeader({ alg: 'HS256', typ: 'JWT' }).sign(secretKey(secret));
}
