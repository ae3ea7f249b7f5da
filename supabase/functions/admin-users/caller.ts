// Who is calling, checked before anything else: a live session (Auth's /user, so a banned or signed-out
// session is refused), an active admin according to profiles (not the token's claims), at aal2.
import { ApiFailure } from '../_shared/api-response.ts';
import { bearerToken, jwtClaims } from '../_shared/jwt-claims.ts';
import { call, field, upstreamFailure, type Upstream } from '../_shared/upstream.ts';

export interface Caller {
  id: string;
  token: string;
}

export async function requireAdminAtAal2(upstream: Upstream, request: Request): Promise<Caller> {
  const token = bearerToken(request);
  if (!token) throw new ApiFailure('NOT_SIGNED_IN', 'Sign in as an admin to manage people.');
  const user = await call(upstream, 'GET', '/auth/v1/user', token);
  const id = field(user.body, 'id');
  if (
    user.status === 401 ||
    user.status === 403 ||
    (user.status === 200 && typeof id !== 'string')
  ) {
    throw new ApiFailure('NOT_SIGNED_IN', 'The session is not valid any more: sign in again.');
  }
  if (user.status !== 200 || typeof id !== 'string') throw upstreamFailure('read the caller', user);

  const profile = await call(
    upstream,
    'GET',
    `/rest/v1/profiles?id=eq.${encodeURIComponent(id)}&select=role,is_active`,
    upstream.serviceKey,
  );
  if (profile.status !== 200 || !Array.isArray(profile.body)) {
    throw upstreamFailure("read the caller's profile", profile);
  }
  const row: unknown = profile.body[0];
  if (field(row, 'role') !== 'admin' || field(row, 'is_active') !== true) {
    throw new ApiFailure('NOT_ADMIN', 'Only an active admin can manage people.');
  }
  // The platform verified the token (verify_jwt) and Auth has just accepted it, so its aal is trusted.
  if (jwtClaims(token)?.aal !== 'aal2') {
    throw new ApiFailure(
      'AAL2_REQUIRED',
      'Verify with your authenticator (a second factor) before changing people.',
    );
  }
  return { id, token };
}
