// email-sender: drains public.email_outbox through Brevo. Run by a schedule with the service key
// (pg_cron on a hosted project, the embedded stack's function timer locally; docs/integrations.md).
// Each run claims due rows under a lease, sends them paced to BREVO_RATE_PER_SECOND, and settles each
// with Brevo's answer: one settle round trip per email, one claim per batch. A run that dies (SIGKILL,
// a platform timeout) leaves its claimed rows to come back when their lease ends.
import { ApiFailure, success } from '../_shared/api-response.ts';
import { bearerToken } from '../_shared/jwt-claims.ts';
import { rateLimitFromEnv, refusalsCounted } from '../_shared/rate-limit.ts';
import { served } from '../_shared/request-log.ts';
import { callRpc, serviceFromEnv, type Service } from '../_shared/service-rpc.ts';
import { type SendOutcome, sendEmail } from './brevo.ts';
import { type SenderConfig, senderConfigFromEnv } from './config.ts';
import { Pacer } from './pacer.ts';
import { contentOf } from './templates.ts';

const FUNCTION_NAME = 'email-sender';
// After Brevo refuses the key, the queue waits this long before a run tries it again.
const REFUSED_RETRY_SECONDS = 60;
const service = serviceFromEnv();
// Only refused callers are counted: the schedule's own runs are paced by their period, and a refusal
// costs a digest, so the limit only stops someone probing for the key.
const refusedLimit = rateLimitFromEnv('EMAIL_SENDER_RATE_LIMIT', { limit: 30, windowSeconds: 60 });

interface ClaimedEmail {
  id: string;
  claim_id: string;
  template: string;
  recipient: string;
  variables: Record<string, unknown>;
  attempts: number;
}

interface RunCounts {
  claimed: number;
  sent: number;
  retried: number;
  dead: number;
  released: number;
}

type Settlement =
  | { outcome: 'sent'; messageId: string | null }
  | { outcome: 'retry'; error: string; retryAfterSeconds?: number }
  | { outcome: 'dead'; error: string }
  | { outcome: 'release'; error: string; retryAfterSeconds: number };

async function digest(text: string): Promise<string> {
  const bytes = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return Array.from(new Uint8Array(bytes), (byte) => byte.toString(16).padStart(2, '0')).join('');
}

/** Only the service role runs the sender: it spends the project's Brevo quota and reads every row. */
async function requireServiceRole(request: Request): Promise<void> {
  const token = bearerToken(request) ?? '';
  // Compared as digests so the time taken says nothing about how much of the key matched.
  if ((await digest(token)) !== (await digest(service.serviceKey))) {
    throw new ApiFailure('FORBIDDEN', `${FUNCTION_NAME} runs with the service role key only.`);
  }
}

async function settle(
  service: Service,
  config: SenderConfig,
  email: ClaimedEmail,
  settlement: Settlement,
): Promise<void> {
  await callRpc<string>(service, 'settle_email', {
    p_id: email.id,
    p_claim_id: email.claim_id,
    p_outcome: settlement.outcome,
    p_provider_message_id: settlement.outcome === 'sent' ? settlement.messageId : null,
    p_error: 'error' in settlement ? settlement.error : null,
    p_retry_after_seconds:
      'retryAfterSeconds' in settlement ? (settlement.retryAfterSeconds ?? null) : null,
    p_backoff_base_seconds: config.retryBaseSeconds,
  });
}

function settlementOf(outcome: SendOutcome): Settlement {
  switch (outcome.kind) {
    case 'sent':
      return { outcome: 'sent', messageId: outcome.messageId };
    case 'retry':
      return {
        outcome: 'retry',
        error: outcome.error,
        ...(outcome.retryAfterSeconds !== undefined && {
          retryAfterSeconds: outcome.retryAfterSeconds,
        }),
      };
    case 'refused':
      return { outcome: 'release', error: outcome.error, retryAfterSeconds: REFUSED_RETRY_SECONDS };
    case 'dead':
      return { outcome: 'dead', error: outcome.error };
  }
}

/** Claims, sends and settles until nothing is due, the budget is spent, or Brevo refuses the key. */
async function drain(config: SenderConfig): Promise<RunCounts> {
  const counts: RunCounts = { claimed: 0, sent: 0, retried: 0, dead: 0, released: 0 };
  const started = performance.now();
  const leaseMs = config.leaseSeconds * 1000;
  const pacer = new Pacer(config.ratePerSecond);
  // About a second of sends per claim, so a claimed row waits at most about a second for its turn.
  const perClaim = Math.min(100, Math.max(1, Math.ceil(config.ratePerSecond)));
  // Two claims' worth unsettled at most: enough to keep the rate while a few sends wait out Brevo's
  // timeout, and few enough that a slow database settles each well inside its lease (measured: with
  // a second's worth of timeouts more in flight, PGlite under load fell behind and leases ran out
  // under rows already sent, which Brevo's idempotency key then had to catch).
  const maxInFlight = 2 * perClaim;
  const inFlight = new Set<Promise<void>>();
  let refusedBy: string | undefined;

  const record = async (email: ClaimedEmail, settlement: Settlement) => {
    await settle(service, config, email, settlement);
    if (settlement.outcome === 'sent') counts.sent += 1;
    else if (settlement.outcome === 'retry') counts.retried += 1;
    else if (settlement.outcome === 'dead') counts.dead += 1;
    else counts.released += 1;
  };

  const deliver = async (email: ClaimedEmail) => {
    const content = contentOf(email.template, email.variables, config.templateIds);
    if (!content) {
      return record(email, {
        outcome: 'dead',
        error: `no content for template ${email.template}: add it to BREVO_TEMPLATE_IDS`,
      });
    }
    const fullName = email.variables.full_name;
    const outcome = await sendEmail(config.brevo, {
      id: email.id,
      recipient: email.recipient,
      ...(typeof fullName === 'string' && fullName && { recipientName: fullName }),
      template: email.template,
      content,
      attempt: email.attempts,
    });
    if (outcome.kind === 'retry' && outcome.retryAfterSeconds !== undefined) {
      pacer.pause(outcome.retryAfterSeconds);
    }
    if (outcome.kind === 'refused') refusedBy = outcome.error;
    await record(email, settlementOf(outcome));
  };

  const track = (work: Promise<void>) => {
    const tracked: Promise<void> = work
      .catch((error) => {
        // The row comes back after its lease; the log keeps why it was not settled now.
        console.error(
          JSON.stringify({ function: FUNCTION_NAME, level: 'error', error: String(error) }),
        );
      })
      .finally(() => inFlight.delete(tracked));
    inFlight.add(tracked);
  };

  while (refusedBy === undefined && performance.now() - started < config.budgetMs) {
    const room = maxInFlight - inFlight.size;
    if (room <= 0) {
      await Promise.race(inFlight);
      continue;
    }
    const batch = await callRpc<ClaimedEmail[]>(service, 'claim_emails', {
      p_limit: Math.min(room, perClaim),
      p_lease_seconds: config.leaseSeconds,
    });
    const claimedAt = performance.now();
    counts.claimed += batch.length;
    if (batch.length === 0) {
      if (inFlight.size === 0) break;
      await Promise.race(inFlight);
      continue;
    }
    for (const email of batch) {
      // A row that would wait past its lease for its turn (Brevo asked for a long pause) goes back
      // unspent instead, so no other run takes it while this one still means to send it.
      const latestStart = claimedAt + leaseMs - config.brevo.timeoutMs * 1.5;
      if (refusedBy === undefined && performance.now() + pacer.waitMs() <= latestStart) {
        await pacer.turn();
      }
      // Checked again after the wait: an answer that came meanwhile may have refused the key.
      if (refusedBy !== undefined || performance.now() > latestStart) {
        track(
          record(email, {
            outcome: 'release',
            error: refusedBy ?? 'held back: Brevo asked to pause sending',
            retryAfterSeconds:
              refusedBy !== undefined ? REFUSED_RETRY_SECONDS : Math.ceil(pacer.waitMs() / 1000),
          }),
        );
        continue;
      }
      track(deliver(email));
    }
  }
  await Promise.all(inFlight);
  if (refusedBy !== undefined) {
    throw new ApiFailure('NOT_CONFIGURED', `Brevo refused the API key: ${refusedBy}`);
  }
  return counts;
}

Deno.serve(
  served(FUNCTION_NAME, async (request, party) => {
    await refusalsCounted(service, FUNCTION_NAME, party.address, refusedLimit, async () => {
      if (request.method !== 'POST') {
        throw new ApiFailure('METHOD_NOT_ALLOWED', `${FUNCTION_NAME} takes POST.`);
      }
      await requireServiceRole(request);
    });
    party.user = 'service_role';
    const config = senderConfigFromEnv();
    const started = performance.now();
    const counts = await drain(config);
    return success({ ...counts, duration_ms: Math.round(performance.now() - started) });
  }),
);
