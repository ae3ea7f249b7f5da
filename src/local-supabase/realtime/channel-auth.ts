import { decodeJwt, decodeProtectedHeader } from 'jose';
import { JwtError, verifyJwt, type JwtClaims } from '../jwt.js';

/** Why Supabase Realtime refuses a token, with the code and text its join error reply carries. */
export interface TokenRefusal {
  code: 'MalformedJWT' | 'JwtSignerError' | 'JwtSignatureError' | 'InvalidJWTToken';
  message: string;
  /** The text Realtime puts in a `system` error when a channel's new access_token is refused. */
  shutdownMessage: string;
}

export type TokenCheck = { ok: true; claims: JwtClaims } | { ok: false; refusal: TokenRefusal };

const HS_ALGORITHMS = new Set(['HS256', 'HS384', 'HS512']);

function refuse(
  code: TokenRefusal['code'],
  message: string,
  shutdownMessage = message,
): TokenCheck {
  return { ok: false, refusal: { code, message, shutdownMessage } };
}

/**
 * Checks a token the way Supabase Realtime does before a join: well formed, an HMAC algorithm,
 * a valid signature, not expired, and carrying both `role` and `exp`.
 */
export async function checkChannelToken(token: string, jwtSecret: string): Promise<TokenCheck> {
  let header: { alg?: string };
  let unverified: { exp?: unknown };
  try {
    header = decodeProtectedHeader(token);
    unverified = decodeJwt(token);
  } catch (_malformed) {
    return refuse('MalformedJWT', 'The token provided is not a valid JWT');
  }
  if (!header.alg || !HS_ALGORITHMS.has(header.alg)) {
    return refuse(
      'JwtSignerError',
      'Failed to generate JWT signer, check your JWT secret or JWKS configuration',
      ':error_generating_signer',
    );
  }
  let claims: JwtClaims;
  try {
    claims = await verifyJwt(token, jwtSecret);
  } catch (error) {
    if (
      error instanceof JwtError &&
      error.reason === 'expired' &&
      typeof unverified.exp === 'number'
    ) {
      const ago = Math.floor(Date.now() / 1000) - unverified.exp;
      return refuse('InvalidJWTToken', `Token has expired ${ago} seconds ago`);
    }
    if (error instanceof JwtError && /role/.test(error.message)) {
      return refuse('InvalidJWTToken', 'Fields `role` and `exp` are required in JWT');
    }
    return refuse('JwtSignatureError', 'Failed to validate JWT signature', ':signature_error');
  }
  if (typeof claims.exp !== 'number') {
    return refuse('InvalidJWTToken', 'Fields `role` and `exp` are required in JWT');
  }
  return { ok: true, claims };
}

/** The `reason` of a refused phx_join, e.g. "InvalidJWTToken: Token has expired 12 seconds ago". */
export function joinRefusalReason(refusal: TokenRefusal): string {
  return `${refusal.code}: ${refusal.message}`;
}
