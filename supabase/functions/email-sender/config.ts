// The sender's settings from its environment (documented in supabase/functions/.env.example).
import { ApiFailure } from '../_shared/api-response.ts';
import type { BrevoConfig } from './brevo.ts';
import { templateIdsFromEnv } from './templates.ts';

export interface SenderConfig {
  brevo: BrevoConfig;
  ratePerSecond: number;
  leaseSeconds: number;
  retryBaseSeconds: number;
  budgetMs: number;
  templateIds: Record<string, number>;
}

function numberFromEnv(name: string, fallback: number, min: number, max: number): number {
  const value = Deno.env.get(name);
  if (value === undefined || value === '') return fallback;
  const number = Number(value);
  if (!Number.isFinite(number) || number < min || number > max) {
    throw new Error(`${name} must be a number from ${min} to ${max}; got "${value}"`);
  }
  return number;
}

/** The settings, or NOT_CONFIGURED naming what is missing; a malformed value throws (an operator's error, logged). */
export function senderConfigFromEnv(): SenderConfig {
  const apiKey = Deno.env.get('BREVO_API_KEY');
  const senderEmail = Deno.env.get('BREVO_SENDER_EMAIL');
  if (!apiKey || !senderEmail) {
    throw new ApiFailure(
      'NOT_CONFIGURED',
      'BREVO_API_KEY and BREVO_SENDER_EMAIL must be set for email-sender.',
    );
  }
  const timeoutMs = numberFromEnv('BREVO_TIMEOUT_MS', 10_000, 100, 60_000);
  const leaseSeconds = numberFromEnv('EMAIL_LEASE_SECONDS', 60, 1, 3600);
  // A lease shorter than a send could end while the send is still in flight, and another run would
  // send the row too (Brevo's idempotency key would catch it, but the outbox should not rely on that).
  if (leaseSeconds * 1000 < timeoutMs * 2) {
    throw new Error('EMAIL_LEASE_SECONDS must be at least twice BREVO_TIMEOUT_MS');
  }
  return {
    brevo: {
      apiUrl: (Deno.env.get('BREVO_API_URL') || 'https://api.brevo.com').replace(/\/+$/, ''),
      apiKey,
      sender: { email: senderEmail, name: Deno.env.get('BREVO_SENDER_NAME') || 'TalentG' },
      timeoutMs,
    },
    ratePerSecond: numberFromEnv('BREVO_RATE_PER_SECOND', 10, 0.1, 1000),
    leaseSeconds: Math.round(leaseSeconds),
    retryBaseSeconds: numberFromEnv('EMAIL_RETRY_BASE_SECONDS', 30, 0.01, 3600),
    budgetMs: numberFromEnv('EMAIL_SENDER_BUDGET_SECONDS', 50, 1, 3600) * 1000,
    templateIds: templateIdsFromEnv(Deno.env.get('BREVO_TEMPLATE_IDS')),
  };
}
