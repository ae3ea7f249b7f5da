import type { IncomingHttpHeaders } from 'node:http';
import { nestedDeeperThan } from '../../bounded-json.js';
import type { JwtClaims } from '../../jwt.js';
import {
  fail,
  invalidBody,
  invalidResourcePath,
  jsonTooDeep,
  ok,
  unacceptableSchema,
  type Result,
} from '../errors.js';
import { decodeComponent, type RawParam } from '../grammar/query-string.js';
import type { Preferences } from './preferences.js';

export type Target =
  { kind: 'table'; name: string } | { kind: 'rpc'; name: string } | { kind: 'root' };

/** What a handler needs from an HTTP request, read once. */
export interface RestRequest {
  method: string;
  target: Target;
  rawQuery: RawParam[];
  /** Canonical query string (sorted) for Content-Location. */
  canonicalQuery: string;
  headers: IncomingHttpHeaders;
  preferences: Preferences;
  claims: JwtClaims;
  /** The body of a POST or PATCH. */
  body: Buffer;
  /** The exposed schema the request reads or writes: its profile header's, else the first of [api] schemas. */
  schema: string;
  /** Whether the answer names the schema in Content-Profile (see negotiateProfile). */
  profileNegotiated: boolean;
  /** Aborts when the client disconnects before its answer (TransactionOptions.signal). */
  signal?: AbortSignal;
}

/** `/table`, `/rpc/function`, or `/`; anything deeper is PGRST125 as in PostgREST. */
export function parseTarget(subpath: string): Result<Target> {
  const segments = subpath
    .split('/')
    .filter((segment) => segment !== '')
    .map(decodeComponentStrict);
  if (segments.length === 0) return ok({ kind: 'root' });
  const [first, second] = segments;
  if (segments.length === 1 && first !== undefined) return ok({ kind: 'table', name: first });
  if (segments.length === 2 && first === 'rpc' && second !== undefined)
    return ok({ kind: 'rpc', name: second });
  return fail(invalidResourcePath());
}

/** Path segments keep `+` (only query strings use it for spaces). */
function decodeComponentStrict(segment: string): string {
  return decodeComponent(segment.replace(/\+/g, '%2B'));
}

function header(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/**
 * The schema, as PostgREST picks it: Accept-Profile for reads, Content-Profile for writes, naming one of
 * the exposed schemas (PGRST106 otherwise), else the first exposed one. The answer names the schema in
 * Content-Profile when a header chose it or when more than one schema is exposed.
 */
export function negotiateProfile(
  method: string,
  headers: IncomingHttpHeaders,
  exposed: string[],
): Result<{ schema: string; negotiated: boolean }> {
  const name = ['GET', 'HEAD'].includes(method) ? 'accept-profile' : 'content-profile';
  const profile = header(headers, name);
  const [first] = exposed;
  if (first === undefined) throw new Error('rest: no schema is exposed');
  if (profile === undefined) return ok({ schema: first, negotiated: exposed.length > 1 });
  if (!exposed.includes(profile)) return fail(unacceptableSchema(profile, exposed));
  return ok({ schema: profile, negotiated: true });
}

export function requestHeader(request: RestRequest, name: string): string | undefined {
  return header(request.headers, name);
}

/**
 * The body as JSON; PostgREST answers malformed JSON with PGRST102 "Empty or invalid json", and so do we
 * for JSON nested too deep for the database to take (bounded-json.ts).
 */
export function parseJsonBody(
  request: RestRequest,
  emptyAs?: unknown,
): Result<{ value: unknown; text: string }> {
  const contentType = (requestHeader(request, 'content-type') ?? 'application/json')
    .split(';')[0]
    ?.trim()
    .toLowerCase();
  if (contentType !== 'application/json' && contentType !== '') {
    return fail(invalidBody(`Content-Type not acceptable: ${contentType}`));
  }
  const text = request.body.toString('utf8');
  if (text.trim() === '' && emptyAs !== undefined)
    return ok({ value: emptyAs, text: JSON.stringify(emptyAs) });
  if (nestedDeeperThan(text)) return fail(jsonTooDeep());
  try {
    return ok({ value: JSON.parse(text) as unknown, text });
  } catch (_error) {
    return fail(invalidBody('Empty or invalid json'));
  }
}

export function canonicalQuery(raw: RawParam[]): string {
  return [...raw]
    .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
    .map((param) => `${encodeURIComponent(param.key)}=${encodeURIComponent(param.value ?? '')}`)
    .join('&');
}

/** The method, path and headers asRequestRole exposes as request.method / request.path / request.headers. */
export function requestInfo(request: RestRequest): {
  method: string;
  path: string;
  headers: Record<string, string>;
} {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers)) {
    if (name === 'cookie' || value === undefined) continue;
    headers[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  const path =
    request.target.kind === 'rpc'
      ? `/rpc/${request.target.name}`
      : request.target.kind === 'table'
        ? `/${request.target.name}`
        : '/';
  return { method: request.method, path, headers };
}
