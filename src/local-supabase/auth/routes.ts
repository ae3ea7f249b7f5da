import { deleteUserFactorEndpoint, listUserFactorsEndpoint } from './admin-factors.js';
import { createUserEndpoint, updateUserByIdEndpoint } from './admin-user-write.js';
import { deleteUserEndpoint, getUserByIdEndpoint, listUsersEndpoint } from './admin-users.js';
import type { AuthHandler } from './auth-call.js';
import { otpEndpoint, recoverEndpoint, resendEndpoint } from './email-otp.js';
import { generateLinkEndpoint } from './generate-link.js';
import { inviteEndpoint } from './invite.js';
import { enrollFactorEndpoint, unenrollFactorEndpoint } from './mfa-factors.js';
import { challengeFactorEndpoint, verifyFactorEndpoint } from './mfa-verify.js';
import { logoutEndpoint } from './logout.js';
import { healthEndpoint, settingsEndpoint } from './service-info.js';
import { signupEndpoint } from './signup.js';
import { tokenEndpoint } from './token-grant.js';
import { getUserEndpoint, updateUserEndpoint } from './user-endpoint.js';
import { verifyGetEndpoint, verifyPostEndpoint } from './verify.js';

interface Route {
  /** Path segments; one starting with ':' captures that segment as a parameter. */
  segments: string[];
  methods: Record<string, AuthHandler>;
}

function route(path: string, methods: Record<string, AuthHandler>): Route {
  return { segments: path.split('/').filter(Boolean), methods };
}

/** The GoTrue endpoints this service answers (DESIGN.md section 5). */
const ROUTES: Route[] = [
  route('/health', { GET: healthEndpoint }),
  route('/settings', { GET: settingsEndpoint }),
  route('/token', { POST: tokenEndpoint }),
  route('/signup', { POST: signupEndpoint }),
  route('/user', { GET: getUserEndpoint, PUT: updateUserEndpoint }),
  route('/logout', { POST: logoutEndpoint }),
  route('/recover', { POST: recoverEndpoint }),
  route('/otp', { POST: otpEndpoint }),
  route('/resend', { POST: resendEndpoint }),
  route('/verify', { GET: verifyGetEndpoint, POST: verifyPostEndpoint }),
  route('/invite', { POST: inviteEndpoint }),
  route('/factors', { POST: enrollFactorEndpoint }),
  route('/factors/:id', { DELETE: unenrollFactorEndpoint }),
  route('/factors/:id/challenge', { POST: challengeFactorEndpoint }),
  route('/factors/:id/verify', { POST: verifyFactorEndpoint }),
  route('/admin/generate_link', { POST: generateLinkEndpoint }),
  route('/admin/users', { GET: listUsersEndpoint, POST: createUserEndpoint }),
  route('/admin/users/:id', {
    GET: getUserByIdEndpoint,
    PUT: updateUserByIdEndpoint,
    DELETE: deleteUserEndpoint,
  }),
  route('/admin/users/:id/factors', { GET: listUserFactorsEndpoint }),
  route('/admin/users/:id/factors/:factor_id', { DELETE: deleteUserFactorEndpoint }),
];

export type RouteMatch =
  | { kind: 'found'; handler: AuthHandler; params: Record<string, string> }
  | { kind: 'method-not-allowed'; allowed: string[] }
  | { kind: 'not-found' };

/** Finds the handler for a method and a path below /auth/v1 (a trailing slash is ignored, as chi's sub-routers do). */
export function matchRoute(method: string, subpath: string): RouteMatch {
  const segments = subpath.split('/').filter(Boolean);
  for (const candidate of ROUTES) {
    if (candidate.segments.length !== segments.length) continue;
    const params: Record<string, string> = {};
    const matches = candidate.segments.every((segment, index) => {
      const actual = segments[index] ?? '';
      if (segment.startsWith(':')) {
        params[segment.slice(1)] = decodeURIComponent(actual);
        return true;
      }
      return segment === actual;
    });
    if (!matches) continue;
    const handler = candidate.methods[method];
    if (!handler) return { kind: 'method-not-allowed', allowed: Object.keys(candidate.methods) };
    return { kind: 'found', handler, params };
  }
  return { kind: 'not-found' };
}
