// The function's one answer shape, the contract's ApiResponse envelope: { success, data } or
// { success: false, error: { code, message } }, with an HTTP status a client can branch on.

export type RefusalCode =
  | 'INVALID_REQUEST'
  | 'INVALID_ROLE'
  | 'NOT_SIGNED_IN'
  | 'NOT_ADMIN'
  | 'AAL2_REQUIRED'
  | 'USER_NOT_FOUND'
  | 'EMAIL_EXISTS'
  | 'CANNOT_CHANGE_SELF'
  | 'FORBIDDEN'
  | 'INVITE_TOO_SOON'
  | 'UPSTREAM_FAILED';

const STATUS: Record<RefusalCode, number> = {
  INVALID_REQUEST: 400,
  INVALID_ROLE: 400,
  NOT_SIGNED_IN: 401,
  NOT_ADMIN: 403,
  AAL2_REQUIRED: 403,
  USER_NOT_FOUND: 404,
  EMAIL_EXISTS: 409,
  CANNOT_CHANGE_SELF: 409,
  FORBIDDEN: 403,
  // Auth's mail frequency limit (max_frequency): the same address again within it.
  INVITE_TOO_SOON: 429,
  // Auth or the database answered something unexpected; the detail goes to the log, not the caller.
  UPSTREAM_FAILED: 502,
};

/** A refusal thrown anywhere below the handler and answered as its envelope. */
export class Refusal extends Error {
  constructor(
    readonly code: RefusalCode,
    message: string,
  ) {
    super(message);
    this.name = 'Refusal';
  }
}

export function success(data: unknown): Response {
  return Response.json({ success: true, data });
}

export function refused(refusal: Refusal): Response {
  return Response.json(
    { success: false, error: { code: refusal.code, message: refusal.message } },
    { status: STATUS[refusal.code] },
  );
}
