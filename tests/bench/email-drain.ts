import { startStack } from '../../src/local-supabase/stack.js';
import {
  STAND_IN_API_KEY,
  startBrevoStandIn,
} from '../integration/functions/email-queue-brevo.js';
import { uniqueDatabaseName } from '../support/pg-cluster.js';
import { percentile, round, type Benchmark } from './metric.js';

// The email queue's drain on the embedded stack over PostgreSQL 15: 5,000 emails queued at once, then
// drained by one email-sender run against the recording Brevo stand-in (no faults) paced to the
// configured Brevo rate. Queue-to-sent is each row's sent_at minus its created_at. The baseline, in the
// same process, is the floor the rate sets: the same 5,000 posted straight to the stand-in by a bare
// loop paced the same way (no queue, no database), timed from the loop's start to each acceptance.
// The value is the drain's seconds (lower is better, like every metric here); the target allows 5 %
// over what the rate alone takes, since the issue asks for a drain limited only by the rate.

const EMAILS = 5_000;
// The sender's BREVO_RATE_PER_SECOND; Brevo's own limit depends on the account's plan.
const RATE_PER_S = 100;
const FROM = 'bench@talentg.test';

interface Drain {
  perS: number;
  queueToSentMs: number[];
}

/** The bare floor: EMAILS posts to the stand-in, the i-th sent at i / RATE_PER_S s, never waiting for answers. */
async function pacedLoop(brevoUrl: string): Promise<Drain> {
  const started = performance.now();
  const sentMs: number[] = [];
  const inFlight: Promise<void>[] = [];
  for (let i = 0; i < EMAILS; i++) {
    const wait = started + (i * 1000) / RATE_PER_S - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    const body = JSON.stringify({
      sender: { email: FROM },
      to: [{ email: `floor${i}@example.test` }],
      templateId: 1,
      headers: { idempotencyKey: `floor-${i}` },
    });
    inFlight.push(
      fetch(`${brevoUrl}/v3/smtp/email`, {
        method: 'POST',
        headers: { 'api-key': STAND_IN_API_KEY, 'content-type': 'application/json' },
        body,
      }).then(async (response) => {
        await response.arrayBuffer();
        if (response.status >= 300) throw new Error(`stand-in answered ${response.status}`);
        sentMs.push(performance.now() - started);
      }),
    );
  }
  await Promise.all(inFlight);
  return { perS: EMAILS / ((performance.now() - started) / 1000), queueToSentMs: sentMs };
}

export const emailDrain: Benchmark = {
  name: 'email_drain_5000_s',
  async run({ postgres, log }) {
    const brevo = await startBrevoStandIn({});
    const databaseUrl = await (await postgres()).createDatabase(uniqueDatabaseName('bench_email'));
    const stack = await startStack({
      db: databaseUrl,
      seed: false,
      port: 0,
      functionsEnv: {
        BREVO_API_URL: brevo.url,
        BREVO_API_KEY: STAND_IN_API_KEY,
        BREVO_SENDER_EMAIL: FROM,
        BREVO_RATE_PER_SECOND: String(RATE_PER_S),
        // One run drains the whole backlog (5,000 at 100/s is 50 s).
        EMAIL_SENDER_BUDGET_SECONDS: '300',
      },
    });
    try {
      log(`baseline: ${EMAILS} posts straight to the stand-in at ${RATE_PER_S}/s`);
      const floor = await pacedLoop(brevo.url);
      // Boots the sender's worker on an empty queue, so its boot is not in the drain.
      await fetch(`${stack.url}/functions/v1/email-sender`, {
        method: 'POST',
        headers: { authorization: `Bearer ${stack.serviceRoleKey}` },
      }).then((response) => response.arrayBuffer());
      await stack.db.query(
        `select private.enqueue_email('callback_reminder', 'bench' || i || '@example.test', '{}', 'bench-' || i)
           from generate_series(1, ${EMAILS}) i`,
      );
      const floorRequests = brevo.requests.length;
      log(`drain: ${EMAILS} queued emails through email-sender at ${RATE_PER_S}/s`);
      const started = performance.now();
      const response = await fetch(`${stack.url}/functions/v1/email-sender`, {
        method: 'POST',
        headers: { authorization: `Bearer ${stack.serviceRoleKey}` },
      });
      const answer = (await response.json()) as { data?: { sent?: number; claimed?: number } };
      const seconds = (performance.now() - started) / 1000;
      const { rows } = await stack.db.query<{ state: string; ms: number | null }>(
        `select state, extract(epoch from sent_at - created_at) * 1000 as ms from public.email_outbox`,
      );
      const sent = rows.filter((row) => row.state === 'sent');
      const queueToSentMs = sent.map((row) => Number(row.ms));
      const perS = sent.length / seconds;
      log(
        `drained ${sent.length}/${EMAILS} at ${perS.toFixed(1)}/s (floor ${floor.perS.toFixed(1)}/s); ` +
          `queue-to-sent p95 ${(percentile(queueToSentMs, 0.95) / 1000).toFixed(1)} s`,
      );
      return {
        value: round(seconds),
        unit: 's',
        target: round((EMAILS / RATE_PER_S) * 1.05),
        baseline: round(EMAILS / floor.perS),
        details: {
          configured_rate_per_s: RATE_PER_S,
          emails: EMAILS,
          sent: sent.length,
          not_sent: rows.length - sent.length,
          sender_status: response.status,
          sender_claimed: answer.data?.claimed ?? 0,
          sent_per_s: round(perS),
          floor_per_s: round(floor.perS),
          ratio_to_floor: round(perS / floor.perS),
          queue_to_sent_p50_ms: round(percentile(queueToSentMs, 0.5)),
          queue_to_sent_p95_ms: round(percentile(queueToSentMs, 0.95)),
          floor_queue_to_sent_p95_ms: round(percentile(floor.queueToSentMs, 0.95)),
          // One post per email: nothing was sent twice or retried.
          sender_posts_to_stand_in: brevo.requests.length - floorRequests,
          database: 'PostgreSQL 15 (throwaway cluster), no seed, stand-in without faults',
        },
      };
    } finally {
      await stack.close();
      await brevo.close();
    }
  },
};
