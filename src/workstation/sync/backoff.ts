// Retry delays: exponential with full jitter, so a floor of clients coming back online does not
// reconnect in lock-step (AWS Architecture Blog, "Exponential Backoff And Jitter").

export interface BackoffPolicy {
  readonly baseMs: number;
  readonly maxMs: number;
}

/** Capped at 10 s: a telecaller back online sees pending writes land within seconds, with no click. */
export const DEFAULT_BACKOFF: BackoffPolicy = { baseMs: 500, maxMs: 10_000 };

/** The delay before retry number `attempt` (1 = first retry): uniform in [base/2, min(max, base·2^(attempt-1))]. */
export function retryDelayMs(
  attempt: number,
  random: () => number,
  policy: BackoffPolicy = DEFAULT_BACKOFF,
): number {
  const ceiling = Math.min(policy.maxMs, policy.baseMs * 2 ** Math.max(0, attempt - 1));
  const floor = Math.min(ceiling, policy.baseMs / 2);
  return Math.round(floor + random() * (ceiling - floor));
}
