import type { IncomingMessage, ServerResponse } from 'node:http';
import { sendJson } from '../http.js';

/** GoTrue's error codes that this service answers with (internal/api/apierrors/errorcode.go). */
export type AuthErrorCode =
  | 'unexpected_failure'
  | 'validation_failed'
  | 'bad_json'
  | 'email_exists'
  | 'phone_exists'
  | 'bad_jwt'
  | 'not_admin'
  | 'no_authorization'
  | 'user_not_found'
  | 'session_not_found'
  | 'session_expired'
  | 'refresh_token_not_found'
  | 'refresh_token_already_used'
  | 'user_banned'
  | 'email_not_confirmed'
  | 'phone_not_confirmed'
  | 'user_already_exists'
  | 'same_password'
  | 'weak_password'
  | 'invalid_credentials'
  | 'anonymous_provider_disabled'
  | 'over_request_rate_limit'
  | 'request_entity_too_large'
  | 'over_email_send_rate_limit'
  | 'signup_disabled'
  | 'email_provider_disabled'
  | 'phone_provider_disabled'
  | 'otp_disabled'
  | 'otp_expired'
  | 'email_address_invalid'
  | 'mfa_factor_not_found'
  | 'mfa_challenge_expired'
  | 'mfa_verification_failed'
  | 'mfa_verification_rejected'
  | 'mfa_totp_enroll_not_enabled'
  | 'mfa_totp_verify_not_enabled'
  | 'mfa_factor_name_conflict'
  | 'too_many_enrolled_mfa_factors'
  | 'insufficient_aal';

/** An answer GoTrue gives as an error: HTTP status, error code and a message a person can act on. */
export class AuthError extends Error {
  constructor(
    readonly status: number,
    readonly code: AuthErrorCode,
    message: string,
    /** GoTrue's weak_password payload: which rules the password broke. */
    readonly weakPasswordReasons?: string[],
  ) {
    super(message);
    this.name = 'AuthError';
  }
}

export const badRequest = (code: AuthErrorCode, message: string) =>
  new AuthError(400, code, message);
export const forbidden = (code: AuthErrorCode, message: string) =>
  new AuthError(403, code, message);
export const unprocessable = (code: AuthErrorCode, message: string) =>
  new AuthError(422, code, message);

const API_VERSION_2024 = '2024-01-01';

/** GoTrue answers in the 2024-01-01 shape only to clients that send that version (or later) in this header. */
function requestsApiVersion2024(req: IncomingMessage): boolean {
  const value = req.headers['x-supabase-api-version'];
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const date = Date.parse(`${value}T00:00:00Z`);
  return Number.isFinite(date) && date >= Date.parse(`${API_VERSION_2024}T00:00:00Z`);
}

/** Sends an AuthError with GoTrue's body: `{code, message}` for API version 2024-01-01, else `{code: status, error_code, msg}`. */
export function sendAuthError(req: IncomingMessage, res: ServerResponse, error: AuthError): void {
  const headers: Record<string, string> = { 'x-sb-error-code': error.code };
  const weak = error.weakPasswordReasons
    ? { weak_password: { reasons: error.weakPasswordReasons } }
    : {};
  if (requestsApiVersion2024(req)) {
    headers['x-supabase-api-version'] = API_VERSION_2024;
    sendJson(res, error.status, { code: error.code, message: error.message, ...weak }, headers);
    return;
  }
  sendJson(
    res,
    error.status,
    { code: error.status, error_code: error.code, msg: error.message, ...weak },
    headers,
  );
}

/** What GoTrue answers when a handler fails unexpectedly; the cause goes to the log, never to the client. */
export function sendUnexpectedFailure(
  req: IncomingMessage,
  res: ServerResponse,
  cause: unknown,
): void {
  process.stderr.write(
    `auth: ${req.method} ${req.url}: ${(cause as Error)?.stack ?? String(cause)}\n`,
  );
  sendAuthError(
    req,
    res,
    new AuthError(
      500,
      'unexpected_failure',
      'Unexpected failure, please check server logs for more information',
    ),
  );
}

/** GoTrue's router (chi) answers unknown paths with this plain-text body. */
export function sendNotFound(res: ServerResponse): void {
  const text = '404 page not found\n';
  res.writeHead(404, {
    'content-type': 'text/plain; charset=utf-8',
    'x-content-type-options': 'nosniff',
    'content-length': Buffer.byteLength(text),
  });
  res.end(text);
}

/** chi answers a known path with the wrong method with an empty 405. */
export function sendMethodNotAllowed(res: ServerResponse, allowed: string[]): void {
  res.writeHead(405, { allow: allowed.join(', '), 'content-length': 0 });
  res.end();
}
