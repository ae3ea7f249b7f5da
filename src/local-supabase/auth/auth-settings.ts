import type { AuthTuning } from '../context.js';

export interface ResolvedRateLimit {
  signInsAndSignUps: number;
  tokenRefreshes: number;
  windowMs: number;
}

export interface AuthSettings {
  rateLimit: ResolvedRateLimit | false;
  refreshTokenReuseSeconds: number;
}

/** StackConfig.auth with the Supabase CLI's defaults filled in (config.toml [auth.rate_limit], refresh_token_reuse_interval). */
export function resolveAuthSettings(tuning: AuthTuning | undefined): AuthSettings {
  const limit = tuning?.rateLimit;
  return {
    rateLimit:
      limit === false
        ? false
        : {
            signInsAndSignUps: limit?.signInsAndSignUps ?? 30,
            tokenRefreshes: limit?.tokenRefreshes ?? 150,
            windowMs: (limit?.windowSeconds ?? 300) * 1000,
          },
    refreshTokenReuseSeconds: tuning?.refreshTokenReuseInterval ?? 10,
  };
}
