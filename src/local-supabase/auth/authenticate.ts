import type { AuthCall } from './auth-call.js';
import { verifyAccessToken, type AccessClaims } from './access-token.js';
import { AuthError, badRequest, forbidden } from './errors.js';
import { sessionExists } from './sessions.js';
import type { UserRow } from './user-json.js';
import { findUserById, isUuid } from './user-queries.js';

/** The roles GoTrue treats as administrators of its API (GOTRUE_JWT_ADMIN_ROLES), minus those no request may assume. */
const ADMIN_ROLES = new Set(['service_role']);
const NIL_UUID = '00000000-0000-0000-0000-000000000000';

/** The bearer token exactly as GoTrue's extractBearerToken reads it. */
function bearerToken(call: AuthCall): string {
  const match = /^bearer (\S+)$/i.exec(call.req.headers.authorization ?? '');
  if (!match?.[1]) {
    throw new AuthError(401, 'no_authorization', 'This endpoint requires a valid Bearer token');
  }
  return match[1];
}

function sessionIdOf(claims: AccessClaims): string | undefined {
  const sessionId = claims.session_id;
  if (sessionId === undefined || sessionId === '' || sessionId === NIL_UUID) return undefined;
  if (typeof sessionId !== 'string' || !isUuid(sessionId)) {
    throw forbidden('bad_jwt', 'invalid claim: session_id claim must be a UUID');
  }
  return sessionId;
}

async function requireSession(call: AuthCall, sessionId: string | undefined): Promise<void> {
  if (sessionId && !(await sessionExists(call.ctx.db, sessionId))) {
    throw forbidden('session_not_found', 'Session from session_id claim in JWT does not exist');
  }
}

export interface AuthenticatedUser {
  claims: AccessClaims;
  user: UserRow;
  sessionId: string | undefined;
}

/**
 * GoTrue's requireAuthentication: a valid bearer token whose user still exists, whose session (when it
 * names one) has not been logged out, and who is not banned. Access tokens are otherwise stateless.
 */
export async function requireUser(call: AuthCall): Promise<AuthenticatedUser> {
  const claims = await verifyAccessToken(bearerToken(call), call.ctx.config.jwtSecret);
  if (!claims.sub) throw forbidden('bad_jwt', 'invalid claim: missing sub claim');
  if (!isUuid(claims.sub)) throw badRequest('bad_jwt', 'invalid claim: sub claim must be a UUID');
  const user = await findUserById(call.ctx.db, claims.sub);
  if (!user) throw forbidden('user_not_found', 'User from sub claim in JWT does not exist');
  const sessionId = sessionIdOf(claims);
  await requireSession(call, sessionId);
  if (user.is_banned === 'true') throw forbidden('user_banned', 'User is banned');
  return { claims, user, sessionId };
}

/** GoTrue's requireAdminCredentials: the bearer token must carry an admin role (the service_role key). */
export async function requireAdmin(call: AuthCall): Promise<AccessClaims> {
  const claims = await verifyAccessToken(bearerToken(call), call.ctx.config.jwtSecret);
  await requireSession(call, sessionIdOf(claims));
  if (typeof claims.role !== 'string' || !ADMIN_ROLES.has(claims.role)) {
    throw forbidden('not_admin', 'User not allowed');
  }
  return claims;
}
