import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningStack } from '../../../src/local-supabase/stack.js';
import { startTestStack } from '../../support/stack.js';
import {
  STAND_IN_API_KEY,
  seededRandom,
  startBrevoStandIn,
  type BrevoStandIn,
} from './email-queue-brevo.js';

// The email queue under faults: 1,000 emails enqueued from SQL, drained by email-sender on the embedded
// stack's function timer against a Brevo stand-in that answers 429 (Retry-After: 1), 500, hangs, and
// hangs after taking the email, at random; the sender's Deno process is SIGKILLed twice mid-run.
// Afterwards every email was taken by Brevo exactly once or is dead with its reason, and no
// unsubscribed address was ever sent to.

const EMAILS = 1000;
const RATE_PER_SECOND = 200;
const SEED = Number(process.env.EMAIL_FAULTS_SEED ?? Date.now() % 1_000_000);
const UNSUBSCRIBED_BEFORE = 20;
const UNSUBSCRIBED_WHILE_QUEUED = 20;
const INVALID = 10;

let stack: RunningStack;
let brevo: BrevoStandIn;

beforeAll(async () => {
  brevo = await startBrevoStandIn({
    random: seededRandom(SEED),
    faults: { tooManyRequests: 0.01, serverError: 0.06, hang: 0.03, acceptThenHang: 0.03 },
    invalid: (recipient) => recipient.endsWith('@invalid.test'),
  });
  stack = await startTestStack({
    seed: true,
    functionsEnv: {
      BREVO_API_URL: brevo.url,
      BREVO_API_KEY: STAND_IN_API_KEY,
      BREVO_SENDER_EMAIL: 'floor@talentg.test',
      BREVO_RATE_PER_SECOND: String(RATE_PER_SECOND),
      // Short, so hangs and killed runs come back within the test: a hung send ends after 1 s and a
      // dead run's claims return after 3 s.
      BREVO_TIMEOUT_MS: '1000',
      EMAIL_LEASE_SECONDS: '3',
      EMAIL_RETRY_BASE_SECONDS: '0.2',
      EMAIL_SENDER_BUDGET_SECONDS: '5',
    },
    functionSchedules: { 'email-sender': 250 },
  });
}, 120_000);

afterAll(async () => {
  await stack?.close();
  await brevo?.close();
});

/** The pid of the email-sender's Deno worker, a child of this process (the stack runs in it). */
async function senderWorkerPid(): Promise<number | undefined> {
  const { stdout } = await promisify(execFile)('ps', [
    '-o',
    'pid=,args=',
    '--ppid',
    String(process.pid),
  ]);
  const line = stdout.split('\n').find((entry) => entry.includes('email-sender/index.ts'));
  return line ? Number(line.trim().split(/\s+/)[0]) : undefined;
}

async function count(sql: string): Promise<number> {
  const { rows } = await stack.db.query<{ n: string | number }>(sql);
  return Number(rows[0]!.n);
}

async function untilAccepted(n: number): Promise<void> {
  await expect
    .poll(() => brevo.acceptedPerRecipient.size, { timeout: 120_000, interval: 100 })
    .toBeGreaterThanOrEqual(n);
}

interface Row {
  id: string;
  recipient: string;
  state: string;
  attempts: number;
  last_error: string | null;
  provider_message_id: string | null;
}

describe(`the email queue under faults (seed ${SEED})`, () => {
  it(`ends ${EMAILS} emails each taken by Brevo exactly once or dead with its reason, through two SIGKILLs`, async () => {
    const started = performance.now();
    // Enqueued from SQL in one transaction, with some addresses unsubscribed before and some after their
    // email was queued (the claim must catch those), and some that Brevo refuses as invalid.
    await stack.db.transaction(async (tx) => {
      await tx.query(`
        insert into public.email_unsubscribes (email)
        select 'person-' || i || '@example.com' from generate_series(1, ${UNSUBSCRIBED_BEFORE}) i`);
      await tx.query(`
        select private.enqueue_email('callback_reminder',
                 case when i > ${EMAILS - INVALID} then 'person-' || i || '@invalid.test'
                      else 'person-' || i || '@example.com' end,
                 jsonb_build_object('lead_name', 'Lead ' || i, 'full_name', 'Person ' || i),
                 'fault-run:' || i)
          from generate_series(1, ${EMAILS}) i`);
      // In the same transaction, so no run can send them first: their rows wait queued when these land.
      await tx.query(`
        insert into public.email_unsubscribes (email)
        select 'person-' || i || '@example.com'
          from generate_series(${UNSUBSCRIBED_BEFORE + 1}, ${UNSUBSCRIBED_BEFORE + UNSUBSCRIBED_WHILE_QUEUED}) i`);
      const { rows } = await tx.query<{ n: string | number }>(`
        select count(*) as n from public.email_outbox o join public.email_unsubscribes u on u.email = o.recipient
         where o.state = 'queued'`);
      expect(Number(rows[0]!.n)).toBe(UNSUBSCRIBED_WHILE_QUEUED);
    });

    // Two SIGKILLs of the running sender, each while it holds claimed emails.
    const kills: { pid: number; sendingAtKill: number }[] = [];
    for (const fraction of [0.3, 0.6]) {
      await untilAccepted(Math.floor(EMAILS * fraction));
      let pid: number | undefined;
      await expect
        .poll(async () => (pid = await senderWorkerPid()), { timeout: 30_000 })
        .toBeDefined();
      const sendingAtKill = await count(
        `select count(*) as n from public.email_outbox where state = 'sending'`,
      );
      process.kill(pid!, 'SIGKILL');
      kills.push({ pid: pid!, sendingAtKill });
    }

    // The timer keeps running the sender (a new worker each time one was killed) until nothing is left.
    await expect
      .poll(
        () =>
          count(
            `select count(*) as n from public.email_outbox
              where dedupe_key like 'fault-run:%' and state in ('queued', 'sending')`,
          ),
        { timeout: 180_000, interval: 500 },
      )
      .toBe(0);
    const drainedMs = performance.now() - started;

    const { rows } = await stack.db.query<Row>(
      `select id::text, recipient, state, attempts::int as attempts, last_error, provider_message_id
         from public.email_outbox where dedupe_key like 'fault-run:%'`,
    );
    expect(rows).toHaveLength(EMAILS);
    const sent = rows.filter((row) => row.state === 'sent');
    const dead = rows.filter((row) => row.state === 'dead');
    expect(sent.length + dead.length).toBe(EMAILS);

    // Each sent email was taken by Brevo once, under its own id, with the message id Brevo gave.
    for (const row of sent) {
      expect(brevo.acceptedPerRecipient.get(row.recipient), row.recipient).toBe(1);
      const taken = brevo.accepted.get(row.id);
      expect(taken?.recipient).toBe(row.recipient);
      if (row.provider_message_id !== null) expect(row.provider_message_id).toBe(taken!.messageId);
    }
    // No run's recipient was mailed twice (each has one email; the seed's people may have several),
    // and nothing Brevo took is left unsent in the outbox.
    const runRecipients = new Set(rows.map((row) => row.recipient));
    expect(
      [...brevo.acceptedPerRecipient].filter(
        ([recipient, n]) => runRecipients.has(recipient) && n > 1,
      ),
    ).toEqual([]);
    const sentRecipients = new Set(sent.map((row) => row.recipient));
    const seedRecipients = await stack.db.query<{ recipient: string }>(
      `select recipient from public.email_outbox where dedupe_key not like 'fault-run:%'`,
    );
    const elsewhere = new Set(seedRecipients.rows.map((row) => row.recipient));
    expect(
      [...brevo.acceptedPerRecipient.keys()].filter(
        (r) => !sentRecipients.has(r) && !elsewhere.has(r),
      ),
    ).toEqual([]);

    // Every dead email says why: unsubscribed, refused by Brevo as invalid, or out of attempts.
    for (const row of dead) {
      expect(row.last_error, row.recipient).toMatch(
        /^(unsubscribed|HTTP 400 invalid_parameter: .+|gave up after \d+ attempts: .+)$/,
      );
    }
    const unsubscribed = new Set(
      (
        await stack.db.query<{ email: string }>('select email from public.email_unsubscribes')
      ).rows.map((row) => row.email),
    );
    expect(
      dead
        .filter((row) => row.last_error === 'unsubscribed')
        .map((row) => row.recipient)
        .sort(),
    ).toEqual(
      rows
        .filter((row) => unsubscribed.has(row.recipient))
        .map((row) => row.recipient)
        .sort(),
    );
    expect(brevo.requests.filter((request) => unsubscribed.has(request.recipient ?? ''))).toEqual(
      [],
    );
    expect(dead.filter((row) => row.recipient.endsWith('@invalid.test'))).toHaveLength(INVALID);

    // The faults happened, and the kills hit a sender holding claims.
    const answers = new Map<string, number>();
    for (const request of brevo.requests)
      answers.set(request.answer, (answers.get(request.answer) ?? 0) + 1);
    for (const fault of [
      'too_many_requests',
      'server_error',
      'hang',
      'accept_then_hang',
      'duplicate',
    ]) {
      expect(answers.get(fault) ?? 0, fault).toBeGreaterThan(0);
    }
    expect(kills).toHaveLength(2);
    expect(kills.some((kill) => kill.sendingAtKill > 0)).toBe(true);

    // A 429's Retry-After held that email back: its next try came at least a second later.
    const byKey = new Map<string, number[]>();
    for (const request of brevo.requests) {
      if (request.key) byKey.set(request.key, [...(byKey.get(request.key) ?? []), request.at]);
    }
    for (const request of brevo.requests.filter((r) => r.answer === 'too_many_requests')) {
      const next = byKey.get(request.key!)!.find((at) => at > request.at);
      if (next !== undefined) expect(next - request.at).toBeGreaterThanOrEqual(990);
    }

    console.log(
      JSON.stringify({
        emails: EMAILS,
        seed: SEED,
        sent: sent.length,
        dead: dead.length,
        requests: brevo.requests.length,
        answers: Object.fromEntries(answers),
        kills,
        drained_s: Math.round(drainedMs / 100) / 10,
      }),
    );
  }, 300_000);
});
