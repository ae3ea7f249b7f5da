import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { MAX_JSON_DEPTH } from '../../../src/local-supabase/bounded-json.js';
import {
  openPglite,
  PGLITE_MAX_PARAM_NESTING,
  type PgliteDatabase,
} from '../../../src/local-supabase/db/pglite.js';
import type { RunningStack } from '../../../src/local-supabase/stack.js';
import { PhoenixSocket } from '../../support/phoenix-socket.js';
import {
  createDatabaseAt,
  sharedClusterUrl,
  uniqueDatabaseName,
} from '../../support/pg-cluster.js';
import { startTestStack } from '../../support/stack.js';

// Deeply nested JSON once broke the embedded database (PGlite's WASM stack overflowed: 500, "bad buffer
// ID: 0", then a hang). Every entry now bounds nesting before SQL; this throws depths up to 100,000 at each.
const DEPTHS = [MAX_JSON_DEPTH + 1, 2_000, 7_000, 10_000, 100_000];
const A1 = '00000000-0000-4000-8000-00000000a001';

const arrays = (depth: number) => '['.repeat(depth) + ']'.repeat(depth);
const objects = (depth: number) => '{"a":'.repeat(depth) + '1' + '}'.repeat(depth);
const pgArray = (depth: number) => '{'.repeat(depth) + '1' + '}'.repeat(depth);

let stack: RunningStack;
let token: string;
let keptResponseId: string;

interface Probe {
  name: string;
  send: (depth: number) => Promise<Response>;
  /** The refusal each entry gives, in its own service's shape. */
  refusal: { status: number; body: Record<string, unknown> };
  /** In the query string or a header: past Node's 16 KiB header limit its HTTP server answers 431. */
  inHead?: true;
}

const rest = (path: string, init: RequestInit = {}) =>
  fetch(`${stack.url}/rest/v1/${path}`, {
    ...init,
    headers: {
      apikey: stack.anonKey,
      authorization: `Bearer ${token}`,
      'content-type': 'application/json',
      ...(init.headers as Record<string, string> | undefined),
    },
  });

const restBody = { status: 400, body: { code: 'PGRST102' } };
const restFilter = { status: 400, body: { code: 'PGRST100' } };

const probes: Probe[] = [
  {
    name: 'REST RPC body (sync_pull p_cursor)',
    send: (d) => rest('rpc/sync_pull', { method: 'POST', body: `{"p_cursor": ${arrays(d)}}` }),
    refusal: restBody,
  },
  {
    name: 'REST RPC by GET (argument value)',
    send: (d) => rest(`rpc/sync_pull?p_cursor=${encodeURIComponent(arrays(d))}`),
    refusal: restFilter,
    inHead: true,
  },
  {
    name: 'REST insert body',
    send: (d) =>
      rest('assessment_responses', {
        method: 'POST',
        body: `{"assessment_id": "${A1}", "answers": ${objects(d)}}`,
      }),
    refusal: restBody,
  },
  {
    name: 'REST update body',
    send: (d) =>
      rest(`assessment_responses?id=eq.${keptResponseId}`, {
        method: 'PATCH',
        body: `{"answers": {"q1": ${arrays(d)}}}`,
      }),
    refusal: restBody,
  },
  {
    name: 'REST filter cs. JSON',
    send: (d) => rest(`assessment_responses?answers=cs.${encodeURIComponent(arrays(d))}`),
    refusal: restFilter,
    inHead: true,
  },
  {
    name: 'REST filter cd. JSON object',
    send: (d) => rest(`assessment_responses?answers=cd.${encodeURIComponent(objects(d))}`),
    refusal: restFilter,
    inHead: true,
  },
  {
    name: 'REST filter ov. array literal',
    send: (d) => rest(`assessment_responses?id=ov.${encodeURIComponent(pgArray(d))}`),
    refusal: restFilter,
    inHead: true,
  },
  {
    name: 'REST or=() logic value',
    send: (d) => rest(`assessment_responses?or=(answers.cs.${encodeURIComponent(arrays(d))})`),
    refusal: restFilter,
    inHead: true,
  },
  {
    name: 'Auth token body',
    send: (d) =>
      fetch(`${stack.url}/auth/v1/token?grant_type=password`, {
        method: 'POST',
        headers: { apikey: stack.anonKey, 'content-type': 'application/json' },
        body: `{"email": "tc1@talentg.test", "password": "x", "gotrue_meta_security": ${objects(d)}}`,
      }),
    refusal: { status: 400, body: { error_code: 'bad_json' } },
  },
  {
    name: 'Auth user update body',
    send: (d) =>
      fetch(`${stack.url}/auth/v1/user`, {
        method: 'PUT',
        headers: {
          apikey: stack.anonKey,
          authorization: `Bearer ${token}`,
          'content-type': 'application/json',
        },
        body: `{"data": ${objects(d)}}`,
      }),
    refusal: { status: 400, body: { error_code: 'bad_json' } },
  },
  {
    name: 'Storage bucket JSON',
    send: (d) =>
      fetch(`${stack.url}/storage/v1/bucket`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${stack.serviceRoleKey}`,
          'content-type': 'application/json',
        },
        body: `{"name": "deep", "allowed_mime_types": ${arrays(d)}}`,
      }),
    refusal: { status: 400, body: { statusCode: '400', code: 'InvalidRequest' } },
  },
  {
    name: 'Storage list body',
    send: (d) =>
      fetch(`${stack.url}/storage/v1/object/list/fuzz`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${stack.serviceRoleKey}`,
          'content-type': 'application/json',
        },
        body: `{"prefix": "", "search": ${arrays(d)}}`,
      }),
    refusal: { status: 400, body: { statusCode: '400', code: 'InvalidRequest' } },
  },
  {
    name: 'Storage upload metadata',
    send: (d) =>
      fetch(`${stack.url}/storage/v1/object/fuzz/deep-${d}.txt`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${stack.serviceRoleKey}`,
          'content-type': 'text/plain',
          'x-metadata': Buffer.from(`{"m": ${arrays(d)}}`).toString('base64'),
        },
        body: 'x',
      }),
    refusal: { status: 400, body: { statusCode: '400', code: 'InvalidRequest' } },
    inHead: true,
  },
  {
    name: 'Realtime REST broadcast',
    send: (d) =>
      fetch(`${stack.url}/realtime/v1/api/broadcast`, {
        method: 'POST',
        headers: { apikey: stack.serviceRoleKey, 'content-type': 'application/json' },
        body: `{"messages": [{"topic": "room", "event": "e", "payload": {"p": ${arrays(d)}}}]}`,
      }),
    refusal: { status: 400, body: { message: 'Invalid broadcast body' } },
  },
  {
    name: 'Functions JSON body',
    send: (d) =>
      fetch(`${stack.url}/functions/v1/health`, {
        method: 'POST',
        headers: { authorization: `Bearer ${stack.anonKey}`, 'content-type': 'application/json' },
        body: arrays(d),
      }),
    refusal: { status: 400, body: { code: 'BAD_REQUEST' } },
  },
];

/** A stack with the demo seed, tc1 signed in, a bucket, and one committed write to find afterwards. */
async function startTarget(engine: 'PGlite' | 'PostgreSQL'): Promise<void> {
  const db =
    engine === 'PGlite'
      ? 'memory'
      : await createDatabaseAt(sharedClusterUrl(), uniqueDatabaseName('fuzz'));
  stack = await startTestStack({ db, seed: true });
  const signIn = await fetch(`${stack.url}/auth/v1/token?grant_type=password`, {
    method: 'POST',
    headers: { apikey: stack.anonKey, 'content-type': 'application/json' },
    body: JSON.stringify({ email: 'tc1@talentg.test', password: 'talentg-demo' }),
  });
  token = ((await signIn.json()) as { access_token: string }).access_token;
  await fetch(`${stack.url}/storage/v1/bucket`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${stack.serviceRoleKey}`,
      'content-type': 'application/json',
    },
    body: JSON.stringify({ name: 'fuzz' }),
  });
  // A committed write from before the storm, which must still be there after it.
  const kept = await rest('assessment_responses?select=id', {
    method: 'POST',
    headers: { prefer: 'return=representation', accept: 'application/vnd.pgrst.object+json' },
    body: JSON.stringify({ assessment_id: A1, answers: { q1: 'a' } }),
  });
  expect(kept.status).toBe(201);
  keptResponseId = ((await kept.json()) as { id: string }).id;
}

async function stillServing(): Promise<void> {
  const kept = await rest(`assessment_responses?id=eq.${keptResponseId}&select=answers`);
  expect(kept.status).toBe(200);
  expect(await kept.json()).toEqual([{ answers: { q1: 'a' } }]);
}

// PGlite is the engine that broke; PostgreSQL shows the same answers come from the stack, not the engine.
describe.each(['PGlite', 'PostgreSQL'] as const)(
  'nesting fuzz on the embedded stack (%s)',
  (engine) => {
    beforeAll(() => startTarget(engine), 120_000);
    afterAll(() => stack?.close());

    it.each(probes)(
      '$name: refuses every depth over the limit with a 4xx, never a 500',
      async (probe) => {
        for (const depth of DEPTHS) {
          const answer = await probe.send(depth);
          if (probe.inHead && answer.status === 431) continue;
          const body = (await answer.json()) as Record<string, unknown>;
          expect({ depth, status: answer.status }).toEqual({ depth, status: probe.refusal.status });
          expect(body).toMatchObject(probe.refusal.body);
        }
        await stillServing();
      },
    );

    it('takes JSON nested exactly to the limit: the answer is the database’s, not a refusal', async () => {
      const answer = await rest(
        `assessment_responses?answers=cs.${encodeURIComponent(arrays(MAX_JSON_DEPTH))}`,
      );
      expect(answer.status).toBe(200);
      expect(await answer.json()).toEqual([]);
      const rpc = await rest('rpc/sync_pull', {
        method: 'POST',
        body: `{"p_cursor": "x", "p_extra": ${arrays(MAX_JSON_DEPTH - 1)}}`,
      });
      expect(rpc.status).toBeLessThan(500);
      await stillServing();
    });

    it('closes a Realtime socket that sends a too-deep frame (1003) and keeps serving new sockets', async () => {
      for (const [vsn, frame] of [
        [
          '1.0.0',
          (d: number) => `{"topic":"phoenix","event":"heartbeat","ref":"1","payload":${arrays(d)}}`,
        ],
        ['2.0.0', (d: number) => `[null,"1","phoenix","heartbeat",${objects(d)}]`],
      ] as const) {
        for (const depth of DEPTHS) {
          const ws = new WebSocket(
            `${stack.url.replace(/^http/, 'ws')}/realtime/v1/websocket?apikey=${stack.anonKey}&vsn=${vsn}`,
          );
          await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
          const closed = new Promise<number>((resolve) => ws.once('close', resolve));
          ws.send(frame(depth));
          expect(await closed).toBe(1003);
        }
      }
      const socket = await PhoenixSocket.connect(stack.url, stack.anonKey, '2.0.0');
      const ref = socket.push('phoenix', 'heartbeat', {});
      expect((await socket.next((m) => m.ref === ref)).payload).toMatchObject({ status: 'ok' });
      socket.close();
      await stillServing();
    });
    it('answers a postgres_changes join whose filter value is nested deep inside a string, and keeps serving', async () => {
      const socket = await PhoenixSocket.connect(stack.url, stack.anonKey, '2.0.0');
      for (const depth of DEPTHS) {
        const { reply } = await socket.join(`realtime:deep-${depth}`, {
          config: {
            broadcast: { self: false, ack: false },
            presence: { key: '', enabled: false },
            postgres_changes: [
              {
                event: '*',
                schema: 'public',
                table: 'assessment_responses',
                filter: `answers=eq.${arrays(depth)}`,
              },
            ],
            private: false,
          },
          access_token: token,
        });
        expect(reply.payload).toHaveProperty('status');
      }
      socket.close();
      await stillServing();
    });
  },
);

describe('PGlite itself, without HTTP in front', () => {
  let db: PgliteDatabase;
  beforeAll(async () => {
    db = await openPglite('memory');
  }, 60_000);
  afterAll(() => db?.close());

  it('answers stack depth limit exceeded (54001) for a too-deep parameter and keeps working', async () => {
    await db.exec('create table kept (id int primary key); insert into kept values (1)');
    for (const depth of [PGLITE_MAX_PARAM_NESTING + 1, 7_000, 100_000]) {
      await expect(
        db.query('select jsonb_typeof($1::jsonb) as kind', [arrays(depth)]),
      ).rejects.toMatchObject({ code: '54001' });
    }
    expect((await db.query('select jsonb_typeof($1::jsonb) as kind', [arrays(1000)])).rows).toEqual(
      [{ kind: 'array' }],
    );
    expect((await db.query('select id from kept')).rows).toEqual([{ id: 1 }]);
  });

  it('lets PostgreSQL’s own check fire (54001) before the WASM stack overflows, with max_stack_depth lowered', async () => {
    // In SQL text no parameter guard applies: only max_stack_depth stands between the value and the stack.
    await expect(
      db.query(`select jsonb_typeof('${arrays(4000)}'::jsonb) as kind`),
    ).rejects.toMatchObject({
      code: '54001',
    });
    expect((await db.query('select 1 as one')).rows).toEqual([{ one: 1 }]);
  });
});
