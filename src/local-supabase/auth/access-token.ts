import { decodeProtectedHeader, errors as joseErrors, jwtVerify, type JWTPayload } from 'jose';
import type { StackConfig } from '../context.js';
import { API_ROLES, secretKey, signJwt, type JwtClaims } from '../jwt.js';
import { AuthError, forbidden } from './errors.js';
import type { AmrEntry } from './sessions.js';
import { userJson, type JsonObject, type UserRow } from './user-json.js';

/** GoTrue's issuer: the Auth service's own public URL. */
export function issuer(config: StackConfig): string {
  return `${config.url}/auth/v1`;
}

function parseObject(text: string | null): JsonObject {
  return text ? (JSON.parse(text) as JsonObject) : {};
}

/** The methods GoTrue counts as a second factor (models.TOTPSignIn and its siblings). */
const SECOND_FACTORS = new Set(['totp', 'mfa/phone', 'mfa/webauthn']);

/** GoTrue's CalculateAALAndAMR: aal2 once the session has a second-factor claim, else aal1. */
export function assuranceLevel(amr: AmrEntry[]): 'aal1' | 'aal2' {
  return amr.some((entry) => SECOND_FACTORS.has(entry.method)) ? 'aal2' : 'aal1';
}

/** An access token with GoTrue's claims, in GoTrue's order. */
export async function mintAccessToken(
  config: StackConfig,
  user: UserRow,
  sessionId: string,
  amr: AmrEntry[],
): Promise<{ token: string; expiresAt: number }> {
  const issuedAt = Math.floor(Date.now() / 1000);
  const expiresAt = issuedAt + config.jwtExpiry;
  const claims: JwtClaims = {
    iss: issuer(config),
    sub: user.id,
    aud: user.aud ?? '',
    exp: expiresAt,
    iat: issuedAt,
    email: user.email ?? '',
    phone: user.phone ?? '',
    app_metadata: parseObject(user.app_metadata),
    user_metadata: parseObject(user.user_metadata),
    role: user.role ?? '',
    aal: assuranceLevel(amr),
    amr,
    session_id: sessionId,
    is_anonymous: user.is_anonymous === 'true',
  };
  return { token: await signJwt(claims, config.jwtSecret), expiresAt };
}

/** GoTrue's AccessTokenResponse, the body supabase-js turns into a Session. */
export async function sessionResponse(
  config: StackConfig,
  user: UserRow,
  sessionId: string,
  refreshToken: string,
  amr: AmrEntry[],
  extra: JsonObject = {},
): Promise<JsonObject> {
  const { token, expiresAt } = await mintAccessToken(config, user, sessionId, amr);
  return {
    access_token: token,
    token_type: 'bearer',
    expires_in: config.jwtExpiry,
    expires_at: expiresAt,
    refresh_token: refreshToken,
    user: userJson(user),
    ...extra,
  };
}

/** Why a token failed, worded as golang-jwt words it inside GoTrue's message. */
function failureDetail(token: string, error: unknown): string {
  if (error instanceof joseErrors.JWTExpired) return 'token has invalid claims: token is expired';
  if (error instanceof joseErrors.JWTClaimValidationFailed)
    return `token has invalid claims: ${error.message}`;
  if (error instanceof joseErrors.JWSSignatureVerificationFailed)
    return 'token signature is invalid: signature is invalid';
  if (error instanceof joseErrors.JOSEAlgNotAllowed) {
    let alg = 'unknown';
    try {
      alg = String(decodeProtectedHeader(token).alg);
    } catch {
      // The header was unreadable; the algorithm stays "unknown" in the message.
    }
    return `token signature is invalid: signing method ${alg} is invalid`;
  }
  return `token is malformed: ${(error as Error).message}`;
}

export type AccessClaims = JWTPayload & { role?: unknown; session_id?: unknown; email?: unknown };

/**
 * Verifies a bearer token as GoTrue does (HS256 with the project secret, exp and nbf checked), answering its
 * 403 bad_jwt. Unlike GoTrue it also refuses roles the API gateway would not let a request assume (postgres,
 * supabase_admin, ...): only the Auth service signs with the secret, so such a token is forged or leaked.
 */
export async function verifyAccessToken(token: string, secret: string): Promise<AccessClaims> {
  let claims: AccessClaims;
  try {
    ({ payload: claims } = await jwtVerify(token, secretKey(secret), { algorithms: ['HS256'] }));
  } catch (error) {
    throw forbidden(
      'bad_jwt',
      `invalid JWT: unable to parse or verify signature, ${failureDetail(token, error)}`,
    );
  }
  if (typeof claims.role !== 'string' || !API_ROLES.has(claims.role)) {
    throw new AuthError(
      403,
      'bad_jwt',
      `invalid claim: role "${String(claims.role ?? '')}" is not one of ${[...API_ROLES].join(', ')}`,
    );
  }
  return claims;
}
