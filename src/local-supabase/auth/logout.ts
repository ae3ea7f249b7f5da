import type { AuthCall } from './auth-call.js';
import { requireUser } from './authenticate.js';
import { badRequest } from './errors.js';
import { endSessions, type LogoutScope } from './sessions.js';

const SCOPES = new Set<string>(['global', 'local', 'others']);

/**
 * POST /logout?scope=global|local|others: deletes sessions and with them their refresh tokens.
 * Access tokens stay valid until they expire, as in GoTrue, but /user refuses them once their session is gone.
 */
export async function logoutEndpoint(call: AuthCall): Promise<void> {
  const { user, sessionId } = await requireUser(call);
  const scope = call.query.get('scope') || 'global';
  if (!SCOPES.has(scope))
    throw badRequest('validation_failed', `Unsupported logout scope "${scope}"`);
  await call.ctx.db.transaction((tx) => endSessions(tx, scope as LogoutScope, user.id, sessionId));
  call.res.writeHead(204).end();
}
