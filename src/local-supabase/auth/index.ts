import { abandonable, clientLeft } from '../abandon.js';
import type { StackContext, StackService } from '../context.js';
import { AbandonedError } from '../db/index.js';
import type { Mailbox } from '../mail/mailbox.js';
import { passesApiKeyCheck } from './api-key.js';
import type { AuthCall } from './auth-call.js';
import { resolveAuthSettings } from './auth-settings.js';
import {
  AuthError,
  sendAuthError,
  sendMethodNotAllowed,
  sendNotFound,
  sendUnexpectedFailure,
} from './errors.js';
import { WindowRateLimiter } from '../rate-limit.js';
import { matchRoute } from './routes.js';

/** Paths the Supabase gateway lets through without an API key: a link in a mail carries none. */
const OPEN_PATHS = new Set(['/verify']);

/**
 * The Auth service (GoTrue-compatible) mounted at /auth/v1: the Supabase gateway's API-key check first,
 * then GoTrue's routes, every failure answered with GoTrue's error body. Its mail goes to `mailbox`.
 */
export async function createAuthService(
  ctx: StackContext,
  mailbox: Mailbox,
): Promise<StackService> {
  const settings = resolveAuthSettings(ctx.config.auth, ctx.project.auth);
  const limiter = new WindowRateLimiter();
  return {
    async handle(req, res, subpath) {
      // A client gone before its answer leaves no queued work behind (abandon.ts).
      const db = abandonable(ctx.db, clientLeft(res));
      const query = new URL(req.url ?? '/', 'http://local').searchParams;
      try {
        const open = OPEN_PATHS.has(subpath.replace(/\/+$/, ''));
        if (!open && !(await passesApiKeyCheck(req, res, query, ctx.config.jwtSecret))) return;
        const match = matchRoute(req.method ?? 'GET', subpath);
        if (match.kind === 'not-found') return sendNotFound(res);
        if (match.kind === 'method-not-allowed') return sendMethodNotAllowed(res, match.allowed);
        const call: AuthCall = {
          req,
          res,
          query,
          params: match.params,
          ctx: { ...ctx, db },
          settings,
          limiter,
          mailbox,
        };
        await match.handler(call);
      } catch (error) {
        if (error instanceof AbandonedError) {
          res.destroy();
          return;
        }
        if (res.headersSent) {
          res.end();
          return;
        }
        if (error instanceof AuthError) sendAuthError(req, res, error);
        else sendUnexpectedFailure(req, res, error);
      }
    },
    async close() {},
  };
}
