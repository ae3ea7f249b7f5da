import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROUTES, type Operation } from '../../../supabase/functions/api/routes.js';
import type { RunningStack } from '../../../src/local-supabase/stack.js';
import { clientFor, startTestStack } from '../../support/stack.js';
import { documentedOperations, HTTP_METHODS, undocumentedAnswer } from './api-openapi.js';

// supabase/functions/api on the embedded stack with the demo seed: the original backend's routes, run
// as the caller (row-level security decides), held against supabase/functions/api/openapi.json.

const PASSWORD = 'talentg-demo';
const READINESS = '00000000-0000-4000-8000-00000000a001';
const COMMUNICATION = '00000000-0000-4000-8000-00000000a002';
const NO_SUCH_ID = '00000000-0000-4000-8000-00000000dead';

type Who = 'admin' | 'manager' | 'tc1' | 'user';
let stack: RunningStack;
const tokens = {} as Record<Who, string>;

beforeAll(async () => {
  stack = await startTestStack({ seed: true });
  for (const who of ['admin', 'manager', 'tc1', 'user'] as const) {
    const { data, error } = await clientFor(stack, stack.anonKey).auth.signInWithPassword({
      email: `${who}@talentg.test`,
      password: PASSWORD,
    });
    if (error || !data.session) throw new Error(`sign-in as ${who}: ${error?.message}`);
    tokens[who] = data.session.access_token;
  }
}, 120_000);

afterAll(async () => {
  await stack?.close();
});

interface Answer {
  status: number;
  headers: Headers;
  body: {
    success: boolean;
    data?: unknown;
    error?: { code: string; message: string; field?: string };
    meta?: { total: number; page: number; limit: number };
  };
}

/** One request to the api function with a token (a user's by name, or a raw key). */
async function api(
  who: Who | { key: string },
  method: string,
  path: string,
  body?: unknown,
): Promise<Answer> {
  const token = typeof who === 'string' ? tokens[who] : who.key;
  const response = await fetch(`${stack.url}/functions/v1/api${path}`, {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      ...(body !== undefined && { 'content-type': 'application/json' }),
    },
    ...(body !== undefined && { body: typeof body === 'string' ? body : JSON.stringify(body) }),
  });
  return {
    status: response.status,
    headers: response.headers,
    body: (await response.json()) as Answer['body'],
  };
}

let phoneSerial = 0;
/** A valid Indian mobile number no seed lead has, as typed. */
function freshPhone(): string {
  phoneSerial += 1;
  return `97${String(Date.now() % 10_000_000).padStart(7, '0')}${phoneSerial % 10}`;
}

async function newLead(fields: Record<string, unknown> = {}): Promise<Record<string, unknown>> {
  const created = await api('manager', 'POST', '/leads', {
    name: 'Api Lead',
    email: 'api.lead@example.com',
    phone: freshPhone(),
    source: 'api-test',
    ...fields,
  });
  expect(created.status).toBe(201);
  return created.body.data as Record<string, unknown>;
}

describe('openapi.json and the routes the function serves', () => {
  it('documents exactly the routes the router serves', () => {
    const documented = documentedOperations().map(
      (op) => `${op.method} ${op.path} ${op.operationId}`,
    );
    const served = ROUTES.map((route) => `${route.method} ${route.path} ${route.operation}`);
    expect(documented.sort()).toEqual([...served].sort());
  });

  it('serves every documented operation with an answer the document describes', async () => {
    const lead = await newLead();
    const doomed = await newLead();
    // One request per operation; the Record makes a route without a request a type error.
    const requests: Record<Operation, () => Promise<Answer>> = {
      listLeads: () => api('manager', 'GET', '/leads?limit=2'),
      createLead: () => api('manager', 'POST', '/leads', { name: 'Doc Lead', phone: freshPhone() }),
      getLead: () => api('manager', 'GET', `/leads/${lead.id}`),
      updateLead: () => api('manager', 'PUT', `/leads/${lead.id}`, { status: 'contacted' }),
      deleteLead: () => api('admin', 'DELETE', `/leads/${doomed.id}`),
      listInteractions: () => api('manager', 'GET', `/leads/${lead.id}/interactions`),
      createInteraction: () =>
        api('manager', 'POST', `/leads/${lead.id}/interactions`, { type: 'note', content: 'hi' }),
      listAssessments: () => api('manager', 'GET', '/assessments'),
      createAssessment: () => api('admin', 'POST', '/assessments', { title: 'Doc assessment' }),
      listResponses: () => api('manager', 'GET', `/assessments/${READINESS}/responses`),
      createResponse: () =>
        api('tc1', 'POST', `/assessments/${READINESS}/responses`, { answers: { q1: 'a' } }),
      listResults: () => api('manager', 'GET', `/assessments/${READINESS}/results`),
    };
    for (const route of ROUTES) {
      const answer = await requests[route.operation]();
      expect(answer.status, `${route.operation}: ${JSON.stringify(answer.body)}`).toBeLessThan(300);
      expect(undocumentedAnswer(route.operation, answer.status, answer.body)).toBeUndefined();
    }
  });

  it('holds answers to the document: a body off its schema, or a status it does not list, is named', () => {
    expect(
      undocumentedAnswer('getLead', 200, { success: true, data: { id: 'not-a-uuid' } }),
    ).toMatch(/getLead 200/);
    expect(undocumentedAnswer('getLead', 409, { success: false })).toMatch(/does not document/);
  });

  it('answers a refusal in the documented envelope too', async () => {
    const missing = await api('manager', 'GET', `/leads/${NO_SUCH_ID}`);
    expect(missing.status).toBe(404);
    expect(undocumentedAnswer('getLead', missing.status, missing.body)).toBeUndefined();
    const invalid = await api('manager', 'POST', '/leads', { name: 'X', phone: freshPhone() });
    expect(undocumentedAnswer('createLead', invalid.status, invalid.body)).toBeUndefined();
  });

  it('answers 405 with Allow for a method a documented path does not take, and 404 off the document', async () => {
    const paths = new Map<string, Set<string>>();
    for (const op of documentedOperations()) {
      const concrete = op.path.replace('{id}', NO_SUCH_ID);
      paths.set(concrete, (paths.get(concrete) ?? new Set()).add(op.method));
    }
    for (const [path, methods] of paths) {
      for (const method of HTTP_METHODS.filter((each) => !methods.has(each))) {
        const answer = await api('manager', method, path);
        expect(answer.status, `${method} ${path}`).toBe(405);
        expect(answer.body.error?.code).toBe('METHOD_NOT_ALLOWED');
        expect(answer.headers.get('allow')?.split(', ').sort()).toEqual([...methods].sort());
      }
    }
    for (const path of ['', '/', '/lead', '/leads/x/y', '/assessments/x', '/openapi.json']) {
      const answer = await api('manager', 'GET', path);
      expect(answer.status, path).toBe(404);
      expect(answer.body).toMatchObject({ success: false, error: { code: 'NOT_FOUND' } });
    }
  });
});

describe('browsers', () => {
  it('answers a CORS preflight without a token, and lets any origin read an answer', async () => {
    const preflight = await fetch(`${stack.url}/functions/v1/api/leads`, {
      method: 'OPTIONS',
      headers: {
        origin: 'https://crm.example',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'authorization, content-type',
      },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe('*');
    expect(preflight.headers.get('access-control-allow-methods')).toContain('POST');
    expect(preflight.headers.get('access-control-allow-headers')).toContain('authorization');

    const answer = await api('manager', 'GET', '/leads?limit=1');
    expect(answer.headers.get('access-control-allow-origin')).toBe('*');
    const refused = await api('manager', 'GET', '/nowhere');
    expect(refused.headers.get('access-control-allow-origin')).toBe('*');
  });
});

describe('leads', () => {
  it('pages a status with meta.total, page and limit', async () => {
    for (let i = 0; i < 3; i++) await newLead({ status: 'qualified' });
    const all = await api('manager', 'GET', '/leads?status=qualified&limit=100');
    const total = all.body.meta!.total;
    expect(total).toBeGreaterThanOrEqual(3);
    expect(
      (all.body.data as { status: string }[]).every((lead) => lead.status === 'qualified'),
    ).toBe(true);

    const second = await api('manager', 'GET', '/leads?status=qualified&page=2&limit=2');
    expect(second.body.meta).toEqual({ total, page: 2, limit: 2 });
    expect(second.body.data).toEqual((all.body.data as unknown[]).slice(2, 4));

    const past = await api('manager', 'GET', `/leads?status=qualified&page=${total + 1}&limit=1`);
    expect(past.status).toBe(200);
    expect(past.body).toMatchObject({ data: [], meta: { total, page: total + 1, limit: 1 } });
  });

  it.each([
    [{ limit: '500' }, 'limit'],
    [{ page: '0' }, 'page'],
    [{ page: 'two' }, 'page'],
    [{ status: 'hot' }, 'status'],
  ])('refuses the query %o with VALIDATION_ERROR on %s', async (query, field) => {
    const answer = await api('manager', 'GET', `/leads?${new URLSearchParams(query)}`);
    expect(answer.status).toBe(400);
    expect(answer.body.error).toMatchObject({ code: 'VALIDATION_ERROR', field });
  });

  it.each([
    [{ name: 'A' }, 'name'],
    [{ email: 'not-an-email' }, 'email'],
    [{ phone: '98765 4321' }, 'phone'],
    [{ phone: '11111 11111' }, 'phone'],
    [{ status: 'hot' }, 'status'],
    [{ nmae: 'Typo' }, 'nmae'],
  ])('refuses a lead with %o: VALIDATION_ERROR naming %s', async (fault, field) => {
    const answer = await api('manager', 'POST', '/leads', {
      name: 'Valid Name',
      email: 'valid@example.com',
      phone: freshPhone(),
      ...fault,
    });
    expect(answer.status).toBe(400);
    expect(answer.body).toMatchObject({
      success: false,
      error: { code: 'VALIDATION_ERROR', field },
    });
  });

  it('stores the phone as typed with its E.164 form, and refuses the same number again with CONFLICT', async () => {
    const typed = freshPhone();
    const lead = await newLead({ phone: typed, company: 'Acme' });
    expect(lead).toMatchObject({
      phone: typed,
      phone_e164: `+91${typed}`,
      country: 'IN',
      company: 'Acme',
    });
    const again = await api('manager', 'POST', '/leads', {
      name: 'Same Number',
      phone: `+91 ${typed}`,
    });
    expect(again.status).toBe(409);
    expect(again.body.error).toMatchObject({ code: 'CONFLICT', field: 'phone' });
    expect(undocumentedAnswer('createLead', again.status, again.body)).toBeUndefined();
  });

  it('reads, changes and (as an admin) deletes a lead; a missing one is LEAD_NOT_FOUND', async () => {
    const lead = await newLead();
    const changed = await api('manager', 'PUT', `/leads/${lead.id}`, {
      name: 'Renamed Lead',
      status: 'lost',
    });
    expect(changed.body.data).toMatchObject({ id: lead.id, name: 'Renamed Lead', status: 'lost' });
    expect((await api('manager', 'GET', `/leads/${lead.id}`)).body.data).toMatchObject({
      name: 'Renamed Lead',
    });
    expect((await api('manager', 'PUT', `/leads/${lead.id}`, {})).body.error?.code).toBe(
      'VALIDATION_ERROR',
    );

    const byManager = await api('manager', 'DELETE', `/leads/${lead.id}`);
    expect(byManager.status).toBe(403);
    expect(byManager.body.error?.code).toBe('FORBIDDEN');
    expect((await api('admin', 'DELETE', `/leads/${lead.id}`)).status).toBe(200);

    for (const [method, path] of [
      ['GET', `/leads/${lead.id}`],
      ['PUT', `/leads/${lead.id}`],
      ['DELETE', `/leads/${lead.id}`],
      ['GET', '/leads/not-a-uuid'],
      ['GET', `/leads/${lead.id}/interactions`],
    ] as const) {
      const answer = await api(
        'admin',
        method,
        path,
        method === 'PUT' ? { status: 'new' } : undefined,
      );
      expect(answer.status, `${method} ${path}`).toBe(404);
      expect(answer.body.error?.code).toBe('LEAD_NOT_FOUND');
    }
  });

  it('lets row-level security decide: a telecaller sees only their leads and cannot add any', async () => {
    const others = await newLead();
    expect((await api('tc1', 'GET', `/leads/${others.id}`)).body.error?.code).toBe(
      'LEAD_NOT_FOUND',
    );
    const mine = (await api('tc1', 'GET', '/leads?limit=100')).body;
    expect(mine.meta!.total).toBeGreaterThan(0);
    const tc1Id = JSON.parse(atob(tokens.tc1.split('.')[1]!)).sub as string;
    expect(
      (mine.data as { assigned_to: string }[]).every((lead) => lead.assigned_to === tc1Id),
    ).toBe(true);

    const add = await api('tc1', 'POST', '/leads', {
      name: 'Not Mine To Add',
      phone: freshPhone(),
    });
    expect(add.status).toBe(403);
    expect(add.body.error?.code).toBe('FORBIDDEN');
  });

  it('refuses a project key: the service key is never used for data, the anon key has no user', async () => {
    for (const key of [stack.serviceRoleKey, stack.anonKey]) {
      const answer = await api({ key }, 'GET', '/leads');
      expect(answer.status).toBe(401);
      expect(answer.body).toMatchObject({ success: false, error: { code: 'NOT_SIGNED_IN' } });
    }
  });

  it('refuses a body over 256 KiB with PAYLOAD_TOO_LARGE, and malformed JSON with VALIDATION_ERROR', async () => {
    const big = await api('manager', 'POST', '/leads', {
      name: 'x'.repeat(300 * 1024),
      phone: freshPhone(),
    });
    expect(big.status).toBe(413);
    expect(big.body.error?.code).toBe('PAYLOAD_TOO_LARGE');
    const malformed = await fetch(`${stack.url}/functions/v1/api/leads`, {
      method: 'POST',
      headers: { authorization: `Bearer ${tokens.manager}`, 'content-type': 'text/plain' },
      body: '{"name": ',
    });
    expect(malformed.status).toBe(400);
    expect(await malformed.json()).toMatchObject({ error: { code: 'VALIDATION_ERROR' } });
  });
});

describe('interactions', () => {
  it('logs a note and a call on a lead and lists them latest first', async () => {
    const lead = await newLead();
    const note = await api('manager', 'POST', `/leads/${lead.id}/interactions`, {
      type: 'note',
      content: 'Prefers mornings',
      occurred_at: '2026-12-01T09:00:00Z',
    });
    expect(note.status).toBe(201);
    const call = await api('manager', 'POST', `/leads/${lead.id}/interactions`, {
      type: 'call',
      disposition: 'INT',
      duration_seconds: 95,
      occurred_at: '2026-12-02T09:00:00Z',
    });
    expect(call.body.data).toMatchObject({ lead_id: lead.id, type: 'call', disposition: 'INT' });

    const listed = await api('manager', 'GET', `/leads/${lead.id}/interactions`);
    expect((listed.body.data as { type: string }[]).map((each) => each.type)).toEqual([
      'call',
      'note',
    ]);
    expect(listed.body.meta).toEqual({ total: 2, page: 1, limit: 20 });
    // The database's trigger counted the call on the lead.
    expect((await api('manager', 'GET', `/leads/${lead.id}`)).body.data).toMatchObject({
      attempts: 1,
    });
  });

  it.each([
    [{ type: 'call' }, 'disposition'],
    [{ type: 'call', disposition: 'NOPE' }, 'disposition'],
    [{ type: 'fax' }, 'type'],
    [{ type: 'note', duration_seconds: -1 }, 'duration_seconds'],
    [{ type: 'note', occurred_at: 'yesterday' }, 'occurred_at'],
  ])('refuses %o with VALIDATION_ERROR naming %s', async (body, field) => {
    const lead = await newLead();
    const answer = await api('manager', 'POST', `/leads/${lead.id}/interactions`, body);
    expect(answer.status).toBe(400);
    expect(answer.body.error).toMatchObject({ code: 'VALIDATION_ERROR', field });
  });

  it("keeps a telecaller off another telecaller's lead: LEAD_NOT_FOUND", async () => {
    const lead = await newLead();
    const answer = await api('tc1', 'POST', `/leads/${lead.id}/interactions`, { type: 'note' });
    expect(answer.status).toBe(404);
    expect(answer.body.error?.code).toBe('LEAD_NOT_FOUND');
  });
});

describe('assessments', () => {
  it('lets admins author and staff list; a taker sees none', async () => {
    const created = await api('admin', 'POST', '/assessments', {
      title: 'Objection handling',
      questions: [{ id: 'q1', section: 's', type: 'single', options: [{ id: 'a', points: 1 }] }],
      scoring_rules: { sections: [{ id: 's' }], pass_mark: 50 },
    });
    expect(created.status).toBe(201);
    const byManager = await api('manager', 'POST', '/assessments', { title: 'Not allowed' });
    expect(byManager.body.error?.code).toBe('FORBIDDEN');
    expect((await api('admin', 'POST', '/assessments', { title: '' })).body.error).toMatchObject({
      code: 'VALIDATION_ERROR',
      field: 'title',
    });

    const listed = await api('manager', 'GET', '/assessments?limit=100');
    expect((listed.body.data as { id: string }[]).map((each) => each.id)).toContain(
      (created.body.data as { id: string }).id,
    );
    expect((await api('user', 'GET', '/assessments')).body).toMatchObject({
      data: [],
      meta: { total: 0 },
    });
  });

  it('scores a submitted response in the database and lists it in the results; the taker cannot answer twice', async () => {
    const submitted = await api('user', 'POST', `/assessments/${COMMUNICATION}/responses`, {
      answers: { q1: 'b' },
      status: 'submitted',
      // A score from the body is not a field: the database computes it.
    });
    expect(submitted.status).toBe(201);
    expect(submitted.body.data).toMatchObject({ status: 'submitted', score: expect.any(Number) });

    const results = await api('user', 'GET', `/assessments/${COMMUNICATION}/results`);
    expect((results.body.data as { id: string }[]).map((each) => each.id)).toContain(
      (submitted.body.data as { id: string }).id,
    );
    const again = await api('user', 'POST', `/assessments/${COMMUNICATION}/responses`, {
      status: 'submitted',
    });
    expect(again.status).toBe(403);
    expect(again.body.error?.code).toBe('FORBIDDEN');

    const forged = await api('user', 'POST', `/assessments/${COMMUNICATION}/responses`, {
      score: 100,
    });
    expect(forged.body.error).toMatchObject({ code: 'VALIDATION_ERROR', field: 'score' });
  });

  it('answers ASSESSMENT_NOT_FOUND for an id that is no assessment, and staff see every response', async () => {
    // Row-level security refuses an assessment nobody assigned before the reference is checked.
    const unassigned = await api('user', 'POST', `/assessments/${NO_SUCH_ID}/responses`, {});
    expect(unassigned.body.error?.code).toBe('FORBIDDEN');
    expect((await api('manager', 'GET', '/assessments/not-a-uuid/results')).body.error?.code).toBe(
      'ASSESSMENT_NOT_FOUND',
    );
    const responses = await api('manager', 'GET', `/assessments/${READINESS}/responses`);
    expect(responses.body.meta!.total).toBeGreaterThanOrEqual(1);
  });
});
