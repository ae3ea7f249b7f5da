// Auth, the database and Storage through their HTTP APIs with fetch: no remote imports, so a function
// boots offline on the embedded stack and deploys unchanged to a Supabase project.
import { ApiFailure, type ErrorCode } from './api-response.ts';
import { type Service, serviceFromEnv } from './service-rpc.ts';

export interface Upstream extends Service {
  anonKey: string;
}

/** The platform's SUPABASE_URL and service key (serviceFromEnv), with SUPABASE_ANON_KEY for callers' tokens. */
export function upstreamFromEnv(): Upstream {
  const anonKey = Deno.env.get('SUPABASE_ANON_KEY');
  if (!anonKey) throw new Error('SUPABASE_ANON_KEY must be set');
  return { ...serviceFromEnv(), anonKey };
}

export interface UpstreamAnswer {
  status: number;
  body: unknown;
  headers: Headers;
}

/** One request; `token` is the caller's JWT (RLS decides) or the service key (only for Auth's admin API). */
export async function call(
  upstream: Upstream,
  method: string,
  path: string,
  token: string,
  body?: unknown,
  headers: Record<string, string> = {},
  signal?: AbortSignal,
): Promise<UpstreamAnswer> {
  const response = await fetch(`${upstream.url}${path}`, {
    method,
    headers: {
      apikey: token === upstream.serviceKey ? upstream.serviceKey : upstream.anonKey,
      authorization: `Bearer ${token}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...headers,
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    ...(signal && { signal }),
  });
  const text = await response.text();
  let parsed: unknown = null;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch (_error) {
    parsed = text;
  }
  return { status: response.status, body: parsed, headers: response.headers };
}

/** An answer nobody expected: logged whole, reported to the caller without internals. */
export function upstreamFailure(what: string, answer: UpstreamAnswer): ApiFailure {
  console.error(`${what} answered ${answer.status}`, JSON.stringify(answer.body));
  return new ApiFailure(
    'UPSTREAM_FAILED',
    `The server could not ${what} (status ${answer.status}).`,
  );
}

/** A field of a JSON object answer, or undefined. */
export function field(body: unknown, name: string): unknown {
  return typeof body === 'object' && body !== null
    ? (body as Record<string, unknown>)[name]
    : undefined;
}

/**
 * The database's refusal in a PostgREST error answer, as the caller's failure, or undefined: a refusal
 * whose hint is talentg:<CODE> (private.refuse) keeps its code when it is one of `codes`, and
 * insufficient_privilege (42501, a policy or a guard) is FORBIDDEN.
 */
export function databaseRefusal(
  answer: UpstreamAnswer,
  codes: readonly ErrorCode[],
): ApiFailure | undefined {
  const hint = field(answer.body, 'hint');
  const code = typeof hint === 'string' && hint.startsWith('talentg:') ? hint.slice(8) : '';
  if ((codes as readonly string[]).includes(code)) {
    return new ApiFailure(code as ErrorCode, String(field(answer.body, 'message')));
  }
  if (field(answer.body, 'code') === '42501') {
    return new ApiFailure('FORBIDDEN', String(field(answer.body, 'message') ?? 'Not allowed.'));
  }
  return undefined;
}
