// Per-address and per-user rate limits for public functions. The counts live in the database
// (edge_rate_limit_hit, a fixed window per bucket), the one store every worker of a function shares.
import { ApiFailure } from './api-response.ts';
import { callRpc, type Service } from './service-rpc.ts';

export interface RateLimit {
  /** Requests allowed per window. */
  limit: number;
  windowSeconds: number;
}

interface Hit {
  allowed: boolean;
  remaining: number;
  retry_after: number | null;
}

/**
 * Counts one request of `who` (an address or a user id) against `fn`'s limit; over it, throws
 * RATE_LIMITED, answered 429 with Retry-After in seconds.
 */
export async function spendRateLimit(
  service: Service,
  fn: string,
  who: { address: string } | { user: string },
  limit: RateLimit,
): Promise<void> {
  const bucket = 'user' in who ? `${fn}:user:${who.user}` : `${fn}:address:${who.address}`;
  const hit = await callRpc<Hit>(service, 'edge_rate_limit_hit', {
    p_bucket: bucket.slice(0, 200),
    p_limit: limit.limit,
    p_window_seconds: limit.windowSeconds,
  });
  if (hit.allowed) return;
  const retryAfter = String(hit.retry_after ?? limit.windowSeconds);
  throw new ApiFailure(
    'RATE_LIMITED',
    `Too many requests; try again in ${retryAfter} s.`,
    undefined,
    { 'retry-after': retryAfter },
  );
}

/** A limit from the environment (`<NAME>=<requests>/<seconds>`, e.g. 600/60), or the default. */
export function rateLimitFromEnv(name: string, fallback: RateLimit): RateLimit {
  const value = Deno.env.get(name);
  if (!value) return fallback;
  const match = /^(\d+)\/(\d+)$/.exec(value.trim());
  if (!match)
    throw new Error(`${name} must look like <requests>/<seconds>, e.g. 600/60; got "${value}"`);
  return { limit: Number(match[1]), windowSeconds: Number(match[2]) };
}
