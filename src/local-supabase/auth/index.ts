import type { ServiceFactory } from '../context.js';
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
import { WindowRateLimiter } from './rate-limit.js';
import { matchRoute } from './routes.js';

/**
 * The Auth service (GoTrue-compatible) mounted at /auth/v1: the Supabase gateway's API-key check first,
 * then GoTrue's routes, every failure answered with GoTrue's error body.
 */
export const createAuthService: ServiceFactory = (ctx) => {
  const settings = resolveAuthSettings(ctx.config.auth);
  const limiter = new WindowRateLimiter();
  return {
    async handle(req, res, subpath) {
      const query = new URL(req.url ?? '/', 'http://local').searchParams;
      try {
        if (!(await passesApiKeyCheck(req, res, query, ctx.config.jwtSecret))) return;
        const match = matchRoute(req.method ?? 'GET', subpath);
        if (match.kind === 'not-found') return sendNotFound(res);
        if (match.kind === 'method-not-allowed') return sendMethodNotAllowed(res, match.allowed);
        const call: AuthCall = { req, res, query, params: match.params, ctx, settings, limiter };
        await match.handler(call);
      } catch (error) {
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
};
