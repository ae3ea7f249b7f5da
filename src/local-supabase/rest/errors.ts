import { MAX_JSON_DEPTH, tooDeepMessage } from '../bounded-json.js';

/** A PostgREST error answer: the HTTP status plus the JSON body `{code, details, hint, message}`. */
export interface RestError {
  readonly status: number;
  readonly code: string;
  readonly message: string;
  readonly details: string | unknown[] | null;
  readonly hint: string | null;
  readonly headers?: Record<string, string>;
}

export type Result<T> = { ok: true; value: T } | { ok: false; error: RestError };

export const ok = <T>(value: T): Result<T> => ({ ok: true, value });
export const fail = (error: RestError): { ok: false; error: RestError } => ({ ok: false, error });

export function restError(
  status: number,
  code: string,
  message: string,
  details: RestError['details'] = null,
  hint: string | null = null,
  headers?: Record<string, string>,
): RestError {
  return { status, code, message, details, hint, ...(headers ? { headers } : {}) };
}

/** Thrown inside a request transaction so it rolls back; carries the answer to send. */
export class RestFailure extends Error {
  constructor(readonly error: RestError) {
    super(error.message);
    this.name = 'RestFailure';
  }
}

// The codes and texts below are PostgREST's (src/PostgREST/Error.hs), so clients that match on them keep working.

export const queryParamError = (message: string, details: string): RestError =>
  restError(400, 'PGRST100', message, details);

export const invalidRpcMethod = (method: string): RestError =>
  restError(405, 'PGRST101', `Cannot use the ${method} method on RPC`);

export const invalidBody = (message: string): RestError => restError(400, 'PGRST102', message);

export const invalidRange = (details: string): RestError =>
  restError(416, 'PGRST103', 'Requested range not satisfiable', details);

export const unacceptableSchema = (schema: string, exposed: string[]): RestError =>
  restError(
    406,
    'PGRST106',
    `Invalid schema: ${schema}`,
    null,
    `Only the following schemas are exposed: ${exposed.join(', ')}`,
  );

export const mediaTypeError = (types: string[]): RestError =>
  restError(406, 'PGRST107', `None of these media types are available: ${types.join(', ')}`);

export const notEmbedded = (resource: string): RestError =>
  restError(
    400,
    'PGRST108',
    `'${resource}' is not an embedded resource in this request`,
    null,
    `Verify that '${resource}' is included in the 'select' query parameter.`,
  );

export const singularityError = (rows: number): RestError =>
  restError(
    406,
    'PGRST116',
    'Cannot coerce the result to a single JSON object',
    `The result contains ${rows} rows`,
  );

export const unsupportedMethod = (method: string): RestError =>
  restError(405, 'PGRST117', `Unsupported HTTP method: ${method}`);

export const relatedOrderNotToOne = (origin: string, target: string): RestError =>
  restError(
    400,
    'PGRST118',
    `A related order on '${target}' is not possible`,
    `'${origin}' and '${target}' do not form a many-to-one or one-to-one relationship`,
  );

export const unacceptableFilter = (target: string): RestError =>
  restError(
    400,
    'PGRST120',
    `Bad operator on the '${target}' embedded resource`,
    'Only is null or not is null filters are allowed on embedded resources',
  );

export const invalidPreferences = (prefs: string[]): RestError =>
  restError(
    400,
    'PGRST122',
    'Invalid preferences given with handling=strict',
    `Invalid preferences: ${prefs.join(', ')}`,
  );

export const maxAffectedViolation = (rows: number): RestError =>
  restError(
    400,
    'PGRST124',
    'Query result exceeds max-affected preference constraint',
    `The query affects ${rows} rows`,
  );

export const invalidResourcePath = (): RestError =>
  restError(404, 'PGRST125', 'Invalid path specified in request URL');

export const openApiDisabled = (): RestError =>
  restError(404, 'PGRST126', 'Root endpoint metadata is disabled');

export const maxAffectedRpcViolation = (): RestError =>
  restError(
    400,
    'PGRST128',
    'Function must return SETOF or TABLE when max-affected preference is used with handling=strict',
  );

export const columnNotFound = (relation: string, column: string): RestError =>
  restError(
    400,
    'PGRST204',
    `Could not find the '${column}' column of '${relation}' in the schema cache`,
  );

export const tableNotFound = (schema: string, table: string, hint: string | null): RestError =>
  restError(
    404,
    'PGRST205',
    `Could not find the table '${schema}.${table}' in the schema cache`,
    null,
    hint,
  );

/** What PostgreSQL itself says about an unknown column, which PostgREST passes through. */
export const undefinedColumn = (relationAlias: string, column: string): RestError =>
  restError(400, '42703', `column ${relationAlias}.${column} does not exist`);

// Ours: PostgREST has no nesting limit (PostgreSQL's stack check answers 54001), but PGlite's WASM stack breaks first.

/** A body nested deeper than MAX_JSON_DEPTH: PGRST102, PostgREST's code for a body it cannot take. */
export const jsonTooDeep = (): RestError =>
  restError(
    400,
    'PGRST102',
    'Empty or invalid json',
    tooDeepMessage(),
    `Nest JSON at most ${MAX_JSON_DEPTH} levels deep.`,
  );

/** A query parameter value nested deeper than MAX_JSON_DEPTH: PGRST100, as for any value it cannot parse. */
export const filterTooDeep = (key: string): RestError =>
  queryParamError(
    `"failed to parse filter (${key})" (line 1, column 1)`,
    `${tooDeepMessage()}: nest JSON and array literals at most ${MAX_JSON_DEPTH} levels deep`,
  );

export const bodyTooLarge = (limit: number): RestError =>
  restError(413, 'PGRST102', `Request body exceeds the limit of ${limit} bytes`);
