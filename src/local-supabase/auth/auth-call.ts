import type { IncomingMessage, ServerResponse } from 'node:http';
import type { StackContext } from '../context.js';
import type { Mailbox } from '../mail/mailbox.js';
import type { AuthSettings } from './auth-settings.js';
import { AuthError } from './errors.js';
import { clientAddress, type WindowRateLimiter } from '../rate-limit.js';

/** What every Auth handler gets: the request, its parsed query and path parameters, and the service's state. */
export interface AuthCall {
  req: IncomingMessage;
  res: ServerResponse;
  query: URLSearchParams;
  /** Path parameters such as `id` in /admin/users/:id. */
  params: Record<string, string>;
  ctx: StackContext;
  settings: AuthSettings;
  limiter: WindowRateLimiter;
  /** Where the Auth service's mail goes: the stack's local inbox. */
  mailbox: Mailbox;
}

export type AuthHandler = (call: AuthCall) => Promise<void>;

export type RateLimitedAction = 'signInOrSignUp' | 'tokenRefresh' | 'tokenVerification';

/** Counts the request against its per-address limit, throwing GoTrue's 429 once the limit is reached. */
export function enforceRateLimit(call: AuthCall, action: RateLimitedAction): void {
  const limits = call.settings.rateLimit;
  if (!limits) return;
  const limit = {
    signInOrSignUp: limits.signInsAndSignUps,
    tokenRefresh: limits.tokenRefreshes,
    tokenVerification: limits.tokenVerifications,
  }[action];
  if (!call.limiter.take(`${action}:${clientAddress(call.req)}`, limit, limits.windowMs)) {
    throw new AuthError(429, 'over_request_rate_limit', 'Request rate limit reached');
  }
}

const HOUR_MS = 3_600_000;

/** GoTrue's service-wide limit on mail sent per hour (rate_limit.email_sent), counted before each mail. */
export function enforceEmailRateLimit(call: AuthCall): void {
  const limits = call.settings.rateLimit;
  if (!limits || limits.emailsPerHour === undefined) return;
  if (!call.limiter.take('emailSent', limits.emailsPerHour, HOUR_MS)) {
    throw new AuthError(429, 'over_email_send_rate_limit', 'Email rate limit exceeded');
  }
}

/** The client details GoTrue records on a session. */
export interface ClientMeta {
  userAgent: string | null;
  ip: string | null;
}

export function clientMeta(call: AuthCall): ClientMeta {
  const userAgent = call.req.headers['user-agent'];
  return {
    userAgent: typeof userAgent === 'string' ? userAgent : null,
    ip: call.req.socket.remoteAddress ?? null,
  };
}
