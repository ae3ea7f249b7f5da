// The original backend's answer shape, which integrators already parse:
// { success, data?, error?: { code, message, field? }, meta? }, with an HTTP status to branch on.

export const ERROR_STATUS = {
  VALIDATION_ERROR: 400,
  // admin-users' refusals, which the workstation's people service reads by code.
  INVALID_REQUEST: 400,
  INVALID_ROLE: 400,
  INVALID_SIGNATURE: 401,
  STALE_TIMESTAMP: 401,
  NOT_SIGNED_IN: 401,
  // Authenticated, but not someone this function serves (e.g. a user's token where the service key is
  // required), or a change the database's policies refuse.
  FORBIDDEN: 403,
  NOT_ADMIN: 403,
  AAL2_REQUIRED: 403,
  USER_NOT_FOUND: 404,
  // The api function's: no such route, or a row the caller cannot see (row-level security hides it).
  NOT_FOUND: 404,
  LEAD_NOT_FOUND: 404,
  ASSESSMENT_NOT_FOUND: 404,
  // stripe-checkout's refusals: no such product, or one retired from sale.
  PRODUCT_NOT_FOUND: 404,
  METHOD_NOT_ALLOWED: 405,
  PRODUCT_NOT_AVAILABLE: 409,
  // The caller already holds an unrevoked unlock of this assessment.
  ALREADY_UNLOCKED: 409,
  EMAIL_EXISTS: 409,
  CANNOT_CHANGE_SELF: 409,
  // admin-users: the person would take a seat beyond those the team bought.
  SEAT_LIMIT_REACHED: 409,
  // A row that would repeat a unique one (a lead's phone number, a lead's second scored response).
  CONFLICT: 409,
  PAYLOAD_TOO_LARGE: 413,
  RATE_LIMITED: 429,
  // Auth's mail frequency limit (max_frequency): the same address again within it.
  INVITE_TOO_SOON: 429,
  INTERNAL_ERROR: 500,
  // Auth or the database answered something unexpected; the detail goes to the log, not the caller.
  UPSTREAM_FAILED: 502,
  // Stripe answered 4xx or 5xx, did not answer in time, or could not be reached.
  PAYMENT_PROVIDER_ERROR: 502,
  // A secret the function needs is not set: the operator's fault, not the sender's.
  NOT_CONFIGURED: 503,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

export interface ApiError {
  code: ErrorCode;
  message: string;
  /** The body field at fault, for VALIDATION_ERROR. */
  field?: string;
}

export interface ApiResponse {
  success: boolean;
  data?: unknown;
  error?: ApiError;
  meta?: Record<string, unknown>;
}

/** A refusal thrown anywhere below a handler and answered as its envelope (see request-log.ts). */
export class ApiFailure extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly field?: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = 'ApiFailure';
  }
}

export function success(data: unknown, status = 200, meta?: Record<string, unknown>): Response {
  const body: ApiResponse = { success: true, data, ...(meta && { meta }) };
  return Response.json(body, { status });
}

export function failed(failure: ApiFailure): Response {
  const error: ApiError = {
    code: failure.code,
    message: failure.message,
    ...(failure.field !== undefined && { field: failure.field }),
  };
  const body: ApiResponse = { success: false, error };
  return Response.json(body, { status: ERROR_STATUS[failure.code], headers: failure.headers });
}
