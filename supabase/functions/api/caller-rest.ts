// The database through PostgREST as the caller: their own JWT goes with every request, so row-level
// security decides what they see and change; the service key is never used for data.
import { ApiFailure } from '../_shared/api-response.ts';
import { bearerToken, jwtClaims } from '../_shared/jwt-claims.ts';
import {
  call,
  field,
  type Upstream,
  type UpstreamAnswer,
  upstreamFailure,
} from '../_shared/upstream.ts';

export interface Caller {
  id: string;
  token: string;
}

/** The signed-in user behind the request's JWT (the platform verified it: verify_jwt), or undefined for a project key. */
export function signedInCaller(request: Request): Caller | undefined {
  const token = bearerToken(request);
  const sub = token ? jwtClaims(token)?.sub : undefined;
  return token && typeof sub === 'string' && sub !== '' ? { id: sub, token } : undefined;
}

/** SQLSTATEs of a row the body got wrong: the database's checks, types and missing values. */
const BAD_INPUT_SQLSTATES = new Set([
  '23502',
  '23514',
  '22001',
  '22007',
  '22008',
  '22023',
  '22P02',
]);

/** What a database refusal means for the caller, unless a handler names it more exactly. */
function refusalOf(answer: UpstreamAnswer, what: string): ApiFailure {
  const code = field(answer.body, 'code');
  const message = field(answer.body, 'message');
  const detail = typeof message === 'string' ? message : `status ${answer.status}`;
  if (answer.status === 401) {
    return new ApiFailure('NOT_SIGNED_IN', 'The session is not valid any more: sign in again.');
  }
  if (code === '42501' || answer.status === 403) {
    return new ApiFailure('FORBIDDEN', `You may not ${what}: ${detail}`);
  }
  if (code === '23505') return new ApiFailure('CONFLICT', `${what}: ${detail}`);
  if (typeof code === 'string' && BAD_INPUT_SQLSTATES.has(code)) {
    return new ApiFailure('VALIDATION_ERROR', `${what}: ${detail}`);
  }
  return upstreamFailure(`api: ${what}`, answer);
}

export interface RestOptions {
  body?: unknown;
  /** PostgREST's Prefer header, e.g. return=representation or count=exact. */
  prefer?: string;
  /** Refusals a handler answers more exactly, by SQLSTATE. */
  refusals?: Record<string, ApiFailure>;
  /** Statuses besides 2xx that the handler reads itself. */
  accept?: number[];
}

export type CallerRest = (
  method: string,
  path: string,
  what: string,
  options?: RestOptions,
) => Promise<UpstreamAnswer>;

/** A REST caller for `caller`: 2xx answers come back, anything else is thrown as its ApiFailure. */
export function restAs(upstream: Upstream, caller: Caller): CallerRest {
  return async (method, path, what, options = {}) => {
    const answer = await call(
      upstream,
      method,
      `/rest/v1${path}`,
      caller.token,
      options.body,
      options.prefer ? { prefer: options.prefer } : {},
    );
    if (answer.status >= 200 && answer.status < 300) return answer;
    if (options.accept?.includes(answer.status)) return answer;
    const code = field(answer.body, 'code');
    const named = typeof code === 'string' ? options.refusals?.[code] : undefined;
    throw named ?? refusalOf(answer, what);
  };
}

/** The rows of a JSON array answer. */
export function rowsOf(answer: UpstreamAnswer): Record<string, unknown>[] {
  return Array.isArray(answer.body) ? (answer.body as Record<string, unknown>[]) : [];
}
