import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { RunningStack } from '../../../src/local-supabase/stack.js';
import { clientFor, startTestStack } from '../../support/stack.js';
import { STAND_IN_API_KEY, startBrevoStandIn, type BrevoStandIn } from './email-queue-brevo.js';

// supabase/functions/email-sender on the embedded stack against a recording Brevo stand-in, run by
// hand (POST with the service key) so each case sees one run. The fault run is email-queue-faults.test.ts.

let stack: RunningStack;
let brevo: BrevoStandIn;

beforeAll(async () => {
  brevo = await startBrevoStandIn({ invalid: (recipient) => recipient.endsWith('@invalid.test') });
  stack = await startTestStack({
    seed: true,
    functionsEnv: {
      BREVO_API_URL: brevo.url,
      BREVO_API_KEY: STAND_IN_API_KEY,
      BREVO_SENDER_EMAIL: 'floor@talentg.test',
      BREVO_SENDER_NAME: 'TalentG Floor',
      BREVO_TIMEOUT_MS: '2000',
      EMAIL_LEASE_SECONDS: '10',
    },
  });
}, 120_000);

afterAll(async () => {
  await stack?.close();
  await brevo?.close();
});

beforeEach(async () => {
  // The seed's own mail (invitations, reminders) is not what these cases count.
  await stack.db.query('delete from public.email_outbox');
  brevo.requests.length = 0;
});

interface RunAnswer {
  success: boolean;
  data?: { claimed: number; sent: number; retried: number; dead: number; released: number };
  error?: { code: string; message: string };
}

async function runSender(key = stack.serviceRoleKey): Promise<{ status: number; body: RunAnswer }> {
  const response = await fetch(`${stack.url}/functions/v1/email-sender`, {
    method: 'POST',
    headers: { authorization: `Bearer ${key}` },
  });
  return { status: response.status, body: (await response.json()) as RunAnswer };
}

interface Row {
  id: string;
  state: string;
  attempts: number;
  last_error: string | null;
  provider_message_id: string | null;
}

async function row(dedupeKey: string): Promise<Row> {
  const { rows } = await stack.db.query<Row>(
    `select id::text, state, attempts::int as attempts, last_error, provider_message_id
       from public.email_outbox where dedupe_key = $1`,
    [dedupeKey],
  );
  return { ...rows[0]!, attempts: Number(rows[0]!.attempts) };
}

async function enqueue(recipient: string, dedupeKey: string, variables: object = {}) {
  await stack.db.query(`select private.enqueue_email('callback_reminder', $1, $2::jsonb, $3)`, [
    recipient,
    JSON.stringify({ lead_name: 'Meera <Nair>', full_name: 'Tara', ...variables }),
    dedupeKey,
  ]);
}

describe('email-sender', () => {
  it('runs for the service role only: 401 without a token, 403 FORBIDDEN with the anon key', async () => {
    const bare = await fetch(`${stack.url}/functions/v1/email-sender`, { method: 'POST' });
    expect(bare.status).toBe(401);
    const anon = await runSender(stack.anonKey);
    expect(anon.status).toBe(403);
    expect(anon.body).toMatchObject({ success: false, error: { code: 'FORBIDDEN' } });
    expect(brevo.requests).toEqual([]);
  });

  it('sends a queued email through Brevo with the api-key, the sender, its row id as idempotencyKey, and records it sent', async () => {
    await enqueue('Tara@Example.com', 'one-reminder');
    const { status, body } = await runSender();
    expect(status).toBe(200);
    expect(body.data).toMatchObject({ claimed: 1, sent: 1, retried: 0, dead: 0 });
    const sent = await row('one-reminder');
    expect(brevo.requests).toHaveLength(1);
    const [request] = brevo.requests;
    expect(request).toMatchObject({ apiKey: STAND_IN_API_KEY, key: sent.id, answer: 'accepted' });
    expect(request!.body).toMatchObject({
      sender: { email: 'floor@talentg.test', name: 'TalentG Floor' },
      to: [{ email: 'tara@example.com', name: 'Tara' }],
      headers: { idempotencyKey: sent.id },
      subject: 'Callback due: Meera <Nair>',
      tags: ['callback_reminder'],
    });
    // What a person typed is escaped in the HTML.
    expect(request!.body.htmlContent).toContain('Meera &lt;Nair&gt;');
    expect(sent).toMatchObject({
      state: 'sent',
      attempts: 1,
      provider_message_id: brevo.accepted.get(sent.id)!.messageId,
    });

    // Nothing is due any more: a second run sends nothing.
    expect((await runSender()).body.data).toMatchObject({ claimed: 0, sent: 0 });
    expect(brevo.requests).toHaveLength(1);
  });

  it("moves a hard 400 to dead with Brevo's reason, at once", async () => {
    await enqueue('nobody@invalid.test', 'bounced');
    expect((await runSender()).body.data).toMatchObject({ claimed: 1, dead: 1 });
    expect(await row('bounced')).toMatchObject({
      state: 'dead',
      attempts: 1,
      last_error: 'HTTP 400 invalid_parameter: email is not valid in to',
    });
  });

  it('never sends an unsubscribed address', async () => {
    await stack.db.query(
      `insert into public.email_unsubscribes (email) values ('left@example.com')`,
    );
    await enqueue('left@example.com', 'to-unsubscribed');
    expect((await runSender()).body.data).toMatchObject({ claimed: 0 });
    expect(await row('to-unsubscribed')).toMatchObject({
      state: 'dead',
      last_error: 'unsubscribed',
    });
    expect(brevo.requests).toEqual([]);
  });

  it('settles as sent, without mailing again, an email Brevo took before its sender died', async () => {
    await enqueue('lost-settle@example.com', 'lost-settle');
    // A sender claimed it and Brevo took it, then the sender died before settling; its lease ran out.
    const { id } = await row('lost-settle');
    await stack.db.query(
      `update public.email_outbox set state = 'sending', attempts = 1, claim_id = gen_random_uuid(),
         next_attempt_at = now() - interval '1 second' where id = $1`,
      [id],
    );
    brevo.accepted.set(id, { recipient: 'lost-settle@example.com', messageId: '<first@brevo>' });

    expect((await runSender()).body.data).toMatchObject({ claimed: 1, sent: 1 });
    expect(brevo.requests.map((request) => request.answer)).toEqual(['duplicate']);
    expect(await row('lost-settle')).toMatchObject({ state: 'sent', attempts: 2 });
  });

  it('gives every claimed email back unspent and answers 503 NOT_CONFIGURED when Brevo refuses the key', async () => {
    await enqueue('wrong-key-1@example.com', 'wrong-key-1');
    await enqueue('wrong-key-2@example.com', 'wrong-key-2');
    brevo.revoked = true;
    try {
      const { status, body } = await runSender();
      expect(status).toBe(503);
      expect(body).toMatchObject({ success: false, error: { code: 'NOT_CONFIGURED' } });
      expect(body.error!.message).toContain('HTTP 401');
    } finally {
      brevo.revoked = false;
    }
    // Back in the queue with no attempt spent, to go a minute later (once the key is fixed).
    for (const key of ['wrong-key-1', 'wrong-key-2']) {
      expect(await row(key)).toMatchObject({ state: 'queued', attempts: 0 });
    }
    expect(
      await stack.db.query(
        `select dedupe_key from public.email_outbox
          where dedupe_key like 'wrong-key-%' and next_attempt_at > now() + interval '50 seconds'`,
      ),
    ).toMatchObject({ rows: [{}, {}] });
    expect(brevo.requests.map((request) => request.answer)).toContain('unauthorized');
    expect(brevo.requests.every((request) => request.answer === 'unauthorized')).toBe(true);
  });

  it('mails an assessment invitation when an admin assigns an assessment', async () => {
    const admin = clientFor(stack, stack.anonKey);
    const { error: signInError } = await admin.auth.signInWithPassword({
      email: 'admin@talentg.test',
      password: 'talentg-demo',
    });
    expect(signInError).toBeNull();
    const server = clientFor(stack, stack.serviceRoleKey);
    const { data: assessment, error: createError } = await server
      .from('assessments')
      .insert({ title: 'Objection handling' })
      .select('id')
      .single();
    expect(createError).toBeNull();
    const { data: tc2 } = await server
      .from('profiles')
      .select('id, email')
      .eq('email', 'tc2@talentg.test')
      .single();
    const { error } = await admin
      .from('assessment_assignments')
      .insert({ assessment_id: assessment!.id, user_id: tc2!.id });
    expect(error).toBeNull();

    expect((await runSender()).body.data).toMatchObject({ claimed: 1, sent: 1 });
    expect(brevo.requests[0]!.body).toMatchObject({
      to: [{ email: 'tc2@talentg.test' }],
      subject: 'Assessment assigned: Objection handling',
      tags: ['assessment_invitation'],
    });
    // Admins see the queue; the telecaller does not.
    const { data: seen } = await admin
      .from('email_outbox')
      .select('template, state')
      .eq('recipient', 'tc2@talentg.test');
    expect(seen).toEqual([{ template: 'assessment_invitation', state: 'sent' }]);
    const telecaller = clientFor(stack, stack.anonKey);
    const { error: tcSignInError } = await telecaller.auth.signInWithPassword({
      email: 'tc2@talentg.test',
      password: 'talentg-demo',
    });
    expect(tcSignInError).toBeNull();
    const { data: unseen, error: tcReadError } = await telecaller
      .from('email_outbox')
      .select('template')
      .eq('recipient', 'tc2@talentg.test');
    expect(tcReadError).toBeNull();
    expect(unseen).toEqual([]);
  });

  it("mails each manager the floor's daily digest once, however often the schedule runs it", async () => {
    const server = clientFor(stack, stack.serviceRoleKey);
    for (let run = 0; run < 2; run++) {
      const { data, error } = await server.rpc('enqueue_manager_digests', { p_day: '2026-12-01' });
      expect(error).toBeNull();
      expect(data).toBe(1);
    }
    expect((await runSender()).body.data).toMatchObject({ claimed: 1, sent: 1 });
    expect(brevo.requests[0]!.body).toMatchObject({
      to: [{ email: 'manager@talentg.test' }],
      subject: 'Floor digest for 2026-12-01',
      tags: ['manager_digest'],
    });
  });
});
