// Per-address and per-user rate limits for public functions. The counts live in the database
// (edge_rate_limit_hit, a fixed window per bucket), the one store every worker of a function shares.
import { ApiFailure } from './api-response.ts';
import type { RequestParty } from './request-log.ts';
import { callRpc, type Service } from './service-rpc.ts';

export interface RateLimit {
  /** Requests allowed per window. */
  limit: number;
  windowSeconds: number;
}

/** What the database answers for a counted request. */
export interface RateLimitHit {
  allowed: boolean;
  remaining: number;
  retry_after: number | null;
}

export type Party = { address: string } | { user: string };

function bucketOf(fn: string, who: Party): string {
  return ('user' in who ? `${fn}:user:${who.user}` : `${fn}:address:${who.address}`).slice(0, 200);
}

/** RATE_LIMITED, answered 429 with Retry-After in seconds, when the hit was over the limit. */
export function refuseWhenLimited(hit: RateLimitHit, limit: RateLimit): void {
  if (hit.allowed) return;
  const retryAfter = String(hit.retry_after ?? limit.windowSeconds);
  throw new ApiFailure(
    'RATE_LIMITED',
    `Too many requests; try again in ${retryAfter} s.`,
    undefined,
    { 'retry-after': retryAfter },
  );
}

/**
 * An RPC that does a request's whole work and counts `who`'s hit itself (see rateLimitArgs): its
 * answer, or RATE_LIMITED when the request was over the limit.
 */
export async function callLimitedRpc<T extends object>(
  service: Service,
  name: string,
  args: Record<string, unknown>,
  limited: { fn: string; who: Party; limit: RateLimit },
): Promise<T> {
  const answer = await callRpc<T | RateLimitHit>(service, name, {
    ...args,
    ...rateLimitArgs(limited.fn, limited.who, limited.limit),
  });
  if ('allowed' in answer) {
    refuseWhenLimited(answer, limited.limit);
    throw new Error(`${name} answered a rate-limit hit that was allowed`);
  }
  return answer;
}

/**
 * Runs a request's checks; a refusal they throw is first counted against the address's limit, so over
 * the limit the sender hears 429 rather than why this one request was wrong.
 */
export async function refusalsCounted<T>(
  service: Service,
  fn: string,
  address: string,
  limit: RateLimit,
  checks: () => Promise<T>,
): Promise<T> {
  try {
    return await checks();
  } catch (refusal) {
    await spendRateLimit(service, fn, { address }, limit);
    throw refusal;
  }
}

/** Counts one request of `who` (an address or a user id) against `fn`'s limit in its own round trip. */
export async function spendRateLimit(
  service: Service,
  fn: string,
  who: Party,
  limit: RateLimit,
): Promise<void> {
  const hit = await callRpc<RateLimitHit>(service, 'edge_rate_limit_hit', {
    p_bucket: bucketOf(fn, who),
    p_limit: limit.limit,
    p_window_seconds: limit.windowSeconds,
  });
  refuseWhenLimited(hit, limit);
}

/**
 * The arguments with which an RPC that does a request's whole work counts the limit itself (one round
 * trip instead of two); it answers the RateLimitHit instead of its result when the request is over.
 */
export function rateLimitArgs(fn: string, who: Party, limit: RateLimit): Record<string, unknown> {
  return {
    p_rate_bucket: bucketOf(fn, who),
    p_rate_limit: limit.limit,
    p_rate_window_seconds: limit.windowSeconds,
  };
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

/** A public function's two limits: every request counts against its address, a signed-in one also its user. */
export interface CallerLimits {
  perAddress: RateLimit;
  perUser: RateLimit;
}

/**
 * `<PREFIX>_RATE_LIMIT` (per address) and `<PREFIX>_USER_RATE_LIMIT` (per user), each
 * `<requests>/<seconds>`, or the defaults.
 */
export function callerLimitsFromEnv(prefix: string, fallback: CallerLimits): CallerLimits {
  return {
    perAddress: rateLimitFromEnv(`${prefix}_RATE_LIMIT`, fallback.perAddress),
    perUser: rateLimitFromEnv(`${prefix}_USER_RATE_LIMIT`, fallback.perUser),
  };
}

/**
 * Counts one request against the caller's address and, when `party.user` is known (from a token the
 * platform verified), against that user too, both at once; RATE_LIMITED when either is over.
 * A user who changes address, or many users behind one office address, is still limited.
 */
export async function spendCallerLimits(
  service: Service,
  fn: string,
  party: RequestParty,
  limits: CallerLimits,
): Promise<void> {
  const hits = [spendRateLimit(service, fn, { address: party.address }, limits.perAddress)];
  if (party.user) hits.push(spendRateLimit(service, fn, { user: party.user }, limits.perUser));
  // Both counted before refusing, so neither window misses a request.
  for (const hit of await Promise.allSettled(hits)) {
    if (hit.status === 'rejected') throw hit.reason;
  }
}
