import type { AuthTuning } from '../context.js';
import type { AuthProjectSettings } from '../project-config.js';

export interface ResolvedRateLimit {
  signInsAndSignUps: number;
  tokenRefreshes: number;
  /** OTP and link verifications per address and window (token_verifications). */
  tokenVerifications: number;
  windowMs: number;
  /** Mails the whole service sends per hour (email_sent); undefined when unlimited (no SMTP configured). */
  emailsPerHour: number | undefined;
}

export interface AuthSettings {
  rateLimit: ResolvedRateLimit | false;
  refreshTokenReuseSeconds: number;
  /** Where links in mails lead when the request names no allowed redirect_to. */
  siteUrl: string;
  signupEnabled: boolean;
  emailSignupEnabled: boolean;
  /** [auth.email] enable_confirmations: an email sign-up is confirmed through a mailed link first. */
  emailConfirmations: boolean;
  /** [auth.email] double_confirm_changes: a new email is confirmed from both addresses (GoTrue's secure email change). */
  secureEmailChange: boolean;
  /** Seconds one address must wait between two mails of a kind (max_frequency). */
  emailMaxFrequencySeconds: number;
  otpLength: number;
  otpExpirySeconds: number;
  mfa: { maxEnrolledFactors: number; totpEnrollEnabled: boolean; totpVerifyEnabled: boolean };
}

const NO_PROJECT_SETTINGS: AuthProjectSettings = { email: {}, rateLimit: {}, mfa: {} };

/**
 * The Auth service's settings: what a caller of startStack passed (tests, benchmarks) wins over
 * supabase/config.toml, which wins over the Supabase CLI's defaults.
 */
export function resolveAuthSettings(
  tuning: AuthTuning | undefined,
  project: AuthProjectSettings = NO_PROJECT_SETTINGS,
): AuthSettings {
  const limit = tuning?.rateLimit;
  const fromToml = project.rateLimit;
  return {
    rateLimit:
      limit === false
        ? false
        : {
            signInsAndSignUps: limit?.signInsAndSignUps ?? fromToml.signInSignUps ?? 30,
            tokenRefreshes: limit?.tokenRefreshes ?? fromToml.tokenRefresh ?? 150,
            tokenVerifications: fromToml.tokenVerifications ?? 30,
            windowMs: (limit?.windowSeconds ?? 300) * 1000,
            // The CLI passes email_sent to Auth only with [auth.email.smtp]; mail to its local inbox is not limited.
            emailsPerHour: project.email.smtpEnabled ? (fromToml.emailSent ?? 2) : undefined,
          },
    refreshTokenReuseSeconds:
      tuning?.refreshTokenReuseInterval ?? project.refreshTokenReuseInterval ?? 10,
    siteUrl: project.siteUrl ?? 'http://127.0.0.1:3000',
    signupEnabled: project.enableSignup ?? true,
    emailSignupEnabled: project.email.enableSignup ?? true,
    emailConfirmations: project.email.enableConfirmations ?? false,
    secureEmailChange: project.email.doubleConfirmChanges ?? true,
    emailMaxFrequencySeconds: project.email.maxFrequencySeconds ?? 1,
    otpLength: project.email.otpLength ?? 6,
    otpExpirySeconds: project.email.otpExpiry ?? 3600,
    mfa: {
      maxEnrolledFactors: project.mfa.maxEnrolledFactors ?? 10,
      totpEnrollEnabled: project.mfa.totpEnrollEnabled ?? false,
      totpVerifyEnabled: project.mfa.totpVerifyEnabled ?? false,
    },
  };
}
