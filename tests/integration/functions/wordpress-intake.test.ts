import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { SupabaseClient } from '@supabase/supabase-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningStack } from '../../../src/local-supabase/stack.js';
import { Workstation } from '../../../src/workstation/workstation.js';
import { clientFor, startTestStack } from '../../support/stack.js';
import { postSignedWebhook, type SignedDelivery } from './wordpress-intake-webhook.js';

// supabase/functions/wordpress-lead-intake on the embedded stack (PGlite, or PostgreSQL with
// TALENTG_TEST_DB_URL), signed the way the WordPress plugin signs, checked on the server with the
// service key.

const SECRET = 'wordpress-intake-test-secret';
let stack: RunningStack;
let server: SupabaseClient;

beforeAll(async () => {
  stack = await startTestStack({
    seed: true,
    // Far above this file's requests: the limit itself is proven in wordpress-intake-rate-limit.test.ts.
    functionsEnv: { WORDPRESS_WEBHOOK_SECRET: SECRET, WORDPRESS_INTAKE_RATE_LIMIT: '10000/60' },
  });
  server = clientFor(stack, stack.serviceRoleKey);
}, 120_000);

afterAll(async () => {
  await stack?.close();
});

interface Envelope {
  success: boolean;
  data?: {
    lead_id: string;
    submission_id: string;
    outcome: string;
    do_not_call: boolean;
    assigned: boolean;
    replayed: boolean;
  };
  error?: { code: string; message: string; field?: string };
}

/** POSTs a body (an object as JSON, or a raw string) signed as the WordPress plugin signs it. */
async function deliver(
  body: unknown,
  { timestamp, secret = SECRET }: Partial<SignedDelivery> = {},
): Promise<{ status: number; envelope: Envelope }> {
  const rawBody = typeof body === 'string' ? body : JSON.stringify(body);
  const response = await postSignedWebhook(stack.url, rawBody, { secret, timestamp });
  return { status: response.status, envelope: (await response.json()) as Envelope };
}

let phoneSerial = 0;
/** A fresh valid Indian mobile number as a form would send it, national and grouped. */
function freshPhone(): { typed: string; e164: string } {
  phoneSerial += 1;
  const digits = `98${String(Date.now() % 1_000_000).padStart(6, '0')}${String(phoneSerial).padStart(2, '0')}`;
  return { typed: `${digits.slice(0, 5)} ${digits.slice(5)}`, e164: `+91${digits}` };
}

function submission(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    submission_id: `wpforms-${randomUUID()}`,
    name: 'Meera Nair',
    email: 'meera@example.com',
    phone: freshPhone().typed,
    company: 'Acme Pvt Ltd',
    source: 'website-contact-form',
    ...overrides,
  };
}

async function leadsWithPhone(e164: string) {
  const { data, error } = await server
    .from('leads')
    .select(
      'id, name, email, company, source, country, assigned_to, do_not_call, phone, phone_e164',
    )
    .eq('phone_e164', e164);
  expect(error).toBeNull();
  return data!;
}

async function telecallerIds(): Promise<string[]> {
  const { data, error } = await server
    .from('profiles')
    .select('id')
    .eq('role', 'telecaller')
    .eq('is_active', true);
  expect(error).toBeNull();
  return data!.map((row) => row.id as string);
}

describe('wordpress-lead-intake', () => {
  it('takes a signed submission in: 201 with the lead id, the phone in E.164, assigned to an active telecaller', async () => {
    const phone = freshPhone();
    const body = submission({ phone: `0${phone.typed}` });
    const { status, envelope } = await deliver(body);
    expect(status).toBe(201);
    expect(envelope).toMatchObject({
      success: true,
      data: {
        submission_id: body.submission_id,
        outcome: 'inserted',
        do_not_call: false,
        assigned: true,
        replayed: false,
      },
    });
    const [lead, ...others] = await leadsWithPhone(phone.e164);
    expect(others).toEqual([]);
    expect(lead).toMatchObject({
      id: envelope.data!.lead_id,
      name: 'Meera Nair',
      email: 'meera@example.com',
      company: 'Acme Pvt Ltd',
      source: 'website-contact-form',
      country: 'IN',
      phone: `0${phone.typed}`,
      do_not_call: false,
    });
    expect(await telecallerIds()).toContain(lead!.assigned_to);
  });

  it('refuses a forged signature with 401 INVALID_SIGNATURE and takes nothing in', async () => {
    const phone = freshPhone();
    const { status, envelope } = await deliver(submission({ phone: phone.typed }), {
      secret: 'not-the-secret',
    });
    expect(status).toBe(401);
    expect(envelope).toMatchObject({ success: false, error: { code: 'INVALID_SIGNATURE' } });
    expect(await leadsWithPhone(phone.e164)).toEqual([]);
  });

  it('refuses a timestamp more than 5 minutes old or ahead with 401 STALE_TIMESTAMP', async () => {
    const phone = freshPhone();
    const now = Math.floor(Date.now() / 1000);
    for (const timestamp of [now - 6 * 60, now + 6 * 60]) {
      const { status, envelope } = await deliver(submission({ phone: phone.typed }), { timestamp });
      expect(status).toBe(401);
      expect(envelope).toMatchObject({ success: false, error: { code: 'STALE_TIMESTAMP' } });
    }
    expect(await leadsWithPhone(phone.e164)).toEqual([]);
  });

  it('answers a replayed submission id with the same lead and changes nothing', async () => {
    const phone = freshPhone();
    const body = submission({ phone: phone.typed });
    const first = await deliver(body);
    expect(first.status).toBe(201);
    // A later delivery of the same id, even with other fields, is the same submission.
    const again = await deliver({ ...body, company: 'Changed Ltd' });
    expect(again.status).toBe(200);
    expect(again.envelope.data).toEqual({ ...first.envelope.data, replayed: true });
    const [lead, ...others] = await leadsWithPhone(phone.e164);
    expect(others).toEqual([]);
    expect(lead!.company).toBe('Acme Pvt Ltd');
  });

  it('gives one effect for the same webhook delivered ten times at once', async () => {
    const phone = freshPhone();
    const body = submission({ phone: phone.typed });
    const answers = await Promise.all(Array.from({ length: 10 }, () => deliver(body)));
    expect(answers.map((a) => a.status).sort()).toEqual([
      200, 200, 200, 200, 200, 200, 200, 200, 200, 201,
    ]);
    const leadIds = new Set(answers.map((a) => a.envelope.data!.lead_id));
    expect(leadIds.size).toBe(1);
    const [lead, ...others] = await leadsWithPhone(phone.e164);
    expect(others).toEqual([]);
    expect(leadIds).toContain(lead!.id);
    const { data: submissions } = await server
      .from('wordpress_submissions')
      .select('submission_id')
      .eq('submission_id', body.submission_id as string);
    expect(submissions).toHaveLength(1);
    // One assignment in the lead's history: the deliveries that waited did not assign it again.
    const { data: history } = await server
      .from('lead_assignments')
      .select('id')
      .eq('lead_id', lead!.id);
    expect(history).toHaveLength(1);
  });

  it('answers malformed JSON and missing or bad fields with 400 VALIDATION_ERROR naming the field', async () => {
    const malformed = await deliver('{"submission_id": "x", "name": ');
    expect(malformed.status).toBe(400);
    expect(malformed.envelope).toMatchObject({
      success: false,
      error: { code: 'VALIDATION_ERROR' },
    });
    expect(malformed.envelope.error).not.toHaveProperty('field');

    const notAnObject = await deliver('[1, 2, 3]');
    expect(notAnObject.status).toBe(400);
    expect(notAnObject.envelope.error?.code).toBe('VALIDATION_ERROR');

    const cases: [Record<string, unknown>, string][] = [
      [{ submission_id: undefined }, 'submission_id'],
      [{ name: undefined }, 'name'],
      [{ name: 'A' }, 'name'],
      [{ email: 'not-an-email' }, 'email'],
      [{ phone: undefined }, 'phone'],
      [{ phone: '12345' }, 'phone'],
      [{ source: '' }, 'source'],
      [{ country: 'India' }, 'country'],
      [{ name: { nested: true } }, 'name'],
    ];
    for (const [change, field] of cases) {
      const { status, envelope } = await deliver(submission(change));
      expect({ field, status, envelope }).toMatchObject({
        field,
        status: 400,
        envelope: { success: false, error: { code: 'VALIDATION_ERROR', field } },
      });
      expect(envelope.error!.message).not.toMatch(/\bat .*\.ts:\d+/);
    }
  });

  it('merges a submission whose phone matches an existing lead instead of duplicating it', async () => {
    const phone = freshPhone();
    const first = await deliver(submission({ phone: phone.typed, company: '' }));
    expect(first.status).toBe(201);
    // The same number typed internationally, from another form with a company.
    const second = await deliver(
      submission({ phone: `+91 ${phone.typed}`, name: 'M. Nair', company: 'Nair Exports' }),
    );
    expect(second.status).toBe(200);
    expect(second.envelope.data).toMatchObject({
      lead_id: first.envelope.data!.lead_id,
      outcome: 'merged',
    });
    const [lead, ...others] = await leadsWithPhone(phone.e164);
    expect(others).toEqual([]);
    // Filled what it lacked, kept what it had.
    expect(lead).toMatchObject({ name: 'Meera Nair', company: 'Nair Exports' });
  });

  it('keeps a lead whose number is on the do-not-call list, flagged and given to nobody', async () => {
    const phone = freshPhone();
    const { error } = await server
      .from('dnc_list')
      .insert({ phone_e164: phone.e164, reason: 'test' });
    expect(error).toBeNull();
    const { status, envelope } = await deliver(submission({ phone: phone.typed }));
    expect(status).toBe(201);
    expect(envelope.data).toMatchObject({
      outcome: 'inserted',
      do_not_call: true,
      assigned: false,
    });
    const [lead] = await leadsWithPhone(phone.e164);
    expect(lead).toMatchObject({ do_not_call: true, assigned_to: null });
  });

  it('shares new leads between the telecallers by fewest open leads', async () => {
    const telecallers = await telecallerIds();
    expect(telecallers.length).toBeGreaterThanOrEqual(2);
    const openLeads = async (id: string) => {
      const { count } = await server
        .from('leads')
        .select('id', { count: 'exact', head: true })
        .eq('assigned_to', id)
        .eq('do_not_call', false)
        .in('status', ['new', 'contacted', 'qualified']);
      return count!;
    };
    const before = await Promise.all(telecallers.map(openLeads));
    const phone = freshPhone();
    const { envelope } = await deliver(submission({ phone: phone.typed }));
    const [lead] = await leadsWithPhone(phone.e164);
    expect(envelope.data!.assigned).toBe(true);
    expect(before[telecallers.indexOf(lead!.assigned_to!)]).toBe(Math.min(...before));
  });

  it('lands in the assigned telecaller’s workstation at their next sync', async () => {
    const phone = freshPhone();
    const { envelope } = await deliver(submission({ phone: phone.typed }));
    const [lead] = await leadsWithPhone(phone.e164);
    const { data: holder } = await server
      .from('profiles')
      .select('email')
      .eq('id', lead!.assigned_to!)
      .single();
    const dataDir = await mkdtemp(path.join(tmpdir(), 'talentg-intake-'));
    const workstation = await Workstation.open({
      dataDir,
      url: stack.url,
      anonKey: stack.anonKey,
      sync: { periodicMs: 3_600_000 },
    });
    try {
      const signedIn = await workstation.signIn(holder!.email as string, 'talentg-demo');
      expect(signedIn.ok).toBe(true);
      expect((await workstation.syncOnce()).ok).toBe(true);
      expect(workstation.cache.leadWithHistory(envelope.data!.lead_id)?.lead).toMatchObject({
        id: envelope.data!.lead_id,
        phone_e164: phone.e164,
        source: 'website-contact-form',
      });
    } finally {
      await workstation.close();
      await rm(dataDir, { recursive: true, force: true });
    }
  });

  it('answers other methods with 405 in the envelope', async () => {
    const response = await fetch(`${stack.url}/functions/v1/wordpress-lead-intake`);
    expect(response.status).toBe(405);
    expect(await response.json()).toMatchObject({
      success: false,
      error: { code: 'METHOD_NOT_ALLOWED' },
    });
  });
});
