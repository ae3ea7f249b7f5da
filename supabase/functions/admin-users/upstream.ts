// Auth and the database through their HTTP APIs with fetch: no remote imports, so the function boots
// offline on the embedded stack and deploys unchanged to a Supabase project.
import { ApiFailure } from '../_shared/api-response.ts';

export interface Upstream {
  url: string;
  anonKey: string;
  serviceKey: string;
}

export function upstreamFromEnv(): Upstream {
  const url = Deno.env.get('SUPABASE_URL');
  const anonKey = Deno.env.get('SUPABASE_ANON_KEY');
  const serviceKey = Deno.env.get('SUPABASE_SERVICE_ROLE_KEY');
  if (!url || !anonKey || !serviceKey) {
    throw new Error('SUPABASE_URL, SUPABASE_ANON_KEY and SUPABASE_SERVICE_ROLE_KEY must be set');
  }
  return { url: url.replace(/\/+$/, ''), anonKey, serviceKey };
}

export interface UpstreamAnswer {
  status: number;
  body: unknown;
}

/** One request; `token` is the caller's JWT (RLS decides) or the service key (only for Auth's admin API). */
export async function call(
  upstream: Upstream,
  method: string,
  path: string,
  token: string,
  body?: unknown,
  headers: Record<string, string> = {},
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
  });
  const text = await response.text();
  let parsed: unknown = null;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch (_error) {
    parsed = text;
  }
  return { status: response.status, body: parsed };
}

/** An answer nobody expected: logged whole, reported to the caller without internals. */
export function upstreamFailure(what: string, answer: UpstreamAnswer): ApiFailure {
  console.error(`admin-users: ${what} answered ${answer.status}`, JSON.stringify(answer.body));
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
