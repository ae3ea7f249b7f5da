import { restError, type RestError } from './errors.js';

/** The fields both pg and PGlite put on a PostgreSQL error. */
interface PgErrorFields {
  code: string;
  message: string;
  detail?: string | undefined;
  hint?: string | undefined;
}

export function isPgError(error: unknown): error is PgErrorFields {
  if (typeof error !== 'object' || error === null) return false;
  const { code, message } = error as Record<string, unknown>;
  return typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code) && typeof message === 'string';
}

/** HTTP status for a SQLSTATE, as PostgREST's Error.hs maps them; `authed` is false for the anonymous role. */
export function statusForSqlState(code: string, message: string, authed: boolean): number {
  switch (code) {
    case '23503':
    case '23505':
      return 409;
    case '25006':
      return 405;
    case '21000':
      return message.endsWith('requires a WHERE clause') ? 400 : 500;
    case '22023':
      return message.startsWith('role') && message.endsWith('does not exist') ? 401 : 400;
    case '57P01':
      return 503;
    case '53400':
      return 500;
    case 'P0001':
      return 400;
    case '42883':
      return message.startsWith('function xmlagg(') ? 406 : 404;
    case '42P01':
      return 404;
    case '42P17':
      return 500;
    case '42501':
      return authed ? 403 : 401;
  }
  const byClass: Record<string, number> = {
    '08': 503,
    '09': 500,
    '0L': 403,
    '0P': 403,
    '25': 500,
    '28': 403,
    '2D': 500,
    '38': 500,
    '39': 500,
    '3B': 500,
    '40': 500,
    '53': 503,
    // PostgREST says 500, but only an oversized request makes our generated SQL too complex: a client error.
    '54': 400,
    '55': 500,
    '57': 500,
    '58': 500,
    F0: 500,
    HV: 500,
    P0: 500,
    XX: 500,
  };
  const status = byClass[code.slice(0, 2)];
  if (status !== undefined) return status;
  if (code.startsWith('PT')) {
    const custom = Number(code.slice(2));
    return custom >= 100 && custom <= 599 ? custom : 500;
  }
  return 400;
}

/** `RAISE SQLSTATE 'PGRST' USING MESSAGE = '{json}', DETAIL = '{json}'`: full control of the answer, per PostgREST. */
function raisedPgrst(error: PgErrorFields): RestError {
  const parseFailure = (details: string, hint: string) =>
    restError(
      500,
      'PGRST121',
      `Could not parse JSON in the "RAISE SQLSTATE 'PGRST'" error`,
      details,
      hint,
    );
  let body: Record<string, unknown>;
  try {
    body = JSON.parse(error.message) as Record<string, unknown>;
  } catch (_error) {
    return parseFailure(
      `Invalid JSON value for MESSAGE: '${error.message}'`,
      "MESSAGE must be a JSON object with obligatory keys: 'code', 'message' and optional keys: 'details', 'hint'.",
    );
  }
  if (error.detail === undefined) {
    return parseFailure(
      'DETAIL is missing in the RAISE statement',
      "DETAIL must be a JSON object with obligatory keys: 'status', 'headers' and optional key: 'status_text'.",
    );
  }
  let detail: Record<string, unknown>;
  try {
    detail = JSON.parse(error.detail) as Record<string, unknown>;
  } catch (_error) {
    return parseFailure(
      `Invalid JSON value for DETAIL: '${error.detail}'`,
      "DETAIL must be a JSON object with obligatory keys: 'status', 'headers' and optional key: 'status_text'.",
    );
  }
  const status =
    typeof detail.status === 'number' && detail.status >= 100 && detail.status <= 599
      ? detail.status
      : 500;
  const headers: Record<string, string> = {};
  if (detail.headers && typeof detail.headers === 'object') {
    for (const [name, value] of Object.entries(detail.headers))
      if (typeof value === 'string') headers[name] = value;
  }
  const text = (value: unknown) => (typeof value === 'string' ? value : null);
  return restError(
    status,
    text(body.code) ?? '',
    text(body.message) ?? '',
    text(body.details),
    text(body.hint),
    headers,
  );
}

/** A PostgreSQL error as PostgREST answers it: the SQLSTATE as code, its message, detail and hint. */
export function pgErrorToRest(error: PgErrorFields, authed: boolean): RestError {
  if (error.code === 'PGRST') return raisedPgrst(error);
  const status = statusForSqlState(error.code, error.message, authed);
  return restError(
    status,
    error.code,
    error.message,
    error.detail ?? null,
    error.hint ?? null,
    status === 401 ? { 'www-authenticate': 'Bearer' } : undefined,
  );
}
