import { SignJWT, UnsecuredJWT } from 'jose';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { secretKey } from '../../../src/local-supabase/jwt.js';
import type { RunningStack } from '../../../src/local-supabase/stack.js';
import { PhoenixSocket, type Vsn } from '../../support/phoenix-socket.js';
import { userToken } from '../../support/realtime.js';
import { startTestStack } from '../../support/stack.js';

const USER = '0000000c-0000-4000-8000-000000000000';

const fixtureSql = `
  create table public.notes (id bigint generated always as identity primary key, body text not null);
  alter publication supabase_realtime add table public.notes;
  create table public.unpublished (id int primary key);
`;

let stack: RunningStack;
const sockets: PhoenixSocket[] = [];

beforeAll(async () => {
  stack = await startTestStack({ migrations: false, fixtureSql });
}, 60_000);
afterEach(() => {
  for (const socket of sockets.splice(0)) socket.close();
});
afterAll(() => stack?.close());

async function connect(vsn: Vsn, apikey = stack.anonKey): Promise<PhoenixSocket> {
  const socket = await PhoenixSocket.connect(stack.url, apikey, vsn);
  sockets.push(socket);
  return socket;
}

function joinConfig(postgresChanges: unknown[] = [], extra: Record<string, unknown> = {}) {
  return {
    config: {
      broadcast: { self: false, ack: false },
      presence: { key: '', enabled: false },
      postgres_changes: postgresChanges,
      private: false,
    },
    ...extra,
  };
}

describe.each(['1.0.0', '2.0.0'] as const)('Phoenix wire protocol, vsn %s', (vsn) => {
  it('answers a heartbeat on topic phoenix with an ok reply carrying the same ref', async () => {
    const socket = await connect(vsn);
    const ref = socket.push('phoenix', 'heartbeat', {});
    const reply = await socket.next((m) => m.event === 'phx_reply' && m.ref === ref);
    expect(reply).toMatchObject({ topic: 'phoenix', payload: { status: 'ok', response: {} } });
  });

  it('echoes postgres_changes bindings in order with ids, then confirms with a system message', async () => {
    const socket = await connect(vsn);
    const bindings = [
      { event: 'INSERT', schema: 'public', table: 'notes' },
      { event: '*', schema: 'public', table: 'notes', filter: 'body=eq.hello' },
    ];
    const { joinRef, reply } = await socket.join('realtime:wire', joinConfig(bindings));
    expect(reply.join_ref).toBe(joinRef);
    expect(reply.payload.status).toBe('ok');
    const echoed = (reply.payload.response as { postgres_changes: Record<string, unknown>[] })
      .postgres_changes;
    expect(echoed.map(({ id: _id, ...rest }) => rest)).toEqual(bindings);
    expect(echoed.every((b) => typeof b.id === 'number')).toBe(true);
    expect(echoed[0]?.id).not.toBe(echoed[1]?.id);
    const system = await socket.next((m) => m.event === 'system');
    expect(system).toMatchObject({
      topic: 'realtime:wire',
      payload: {
        extension: 'postgres_changes',
        status: 'ok',
        message: 'Subscribed to PostgreSQL',
        channel: 'wire',
      },
    });
  });

  it('sends a change as postgres_changes {ids, data} with typed columns, naming every matching binding', async () => {
    const socket = await connect(vsn);
    const { reply } = await socket.join(
      'realtime:changes',
      joinConfig([
        { event: 'INSERT', schema: 'public', table: 'notes' },
        { event: '*', schema: 'public', table: 'notes', filter: 'body=eq.hello' },
        { event: 'DELETE', schema: 'public', table: 'notes' },
      ]),
    );
    const ids = (
      reply.payload.response as { postgres_changes: { id: number }[] }
    ).postgres_changes.map((b) => b.id);
    await socket.next((m) => m.event === 'system');
    await stack.db.query(`insert into public.notes (body) values ('hello')`);
    const change = await socket.next((m) => m.event === 'postgres_changes');
    expect(change.join_ref).toBeNull();
    expect(change.payload.ids).toEqual([ids[0], ids[1]]);
    expect(change.payload.data).toEqual({
      columns: [
        { name: 'id', type: 'int8' },
        { name: 'body', type: 'text' },
      ],
      commit_timestamp: expect.stringMatching(/Z$/),
      errors: null,
      record: { id: expect.any(Number), body: 'hello' },
      schema: 'public',
      table: 'notes',
      type: 'INSERT',
    });
  });

  it('joins, but reports a system error, for a table outside the publication', async () => {
    const socket = await connect(vsn);
    const { reply } = await socket.join(
      'realtime:nope',
      joinConfig([{ event: '*', schema: 'public', table: 'unpublished' }]),
    );
    expect(reply.payload.status).toBe('ok');
    const system = await socket.next((m) => m.event === 'system');
    expect(system.payload).toMatchObject({ extension: 'postgres_changes', status: 'error' });
    expect(system.payload.message).toMatch(/^Unable to subscribe to changes with given parameters/);
  });

  it('answers a push to a topic it has not joined with "unmatched topic"', async () => {
    const socket = await connect(vsn);
    const ref = socket.push('realtime:never-joined', 'broadcast', {
      type: 'broadcast',
      event: 'x',
      payload: {},
    });
    const reply = await socket.next((m) => m.ref === ref);
    expect(reply.payload).toEqual({ status: 'error', response: { reason: 'unmatched topic' } });
  });

  it('replies ok to phx_leave and stops delivering to the channel', async () => {
    const socket = await connect(vsn);
    await socket.join(
      'realtime:leaving',
      joinConfig([{ event: 'INSERT', schema: 'public', table: 'notes' }]),
    );
    const ref = socket.push('realtime:leaving', 'phx_leave', {});
    expect((await socket.next((m) => m.ref === ref)).payload).toEqual({
      status: 'ok',
      response: {},
    });
    // Rejoin another topic and let its change arrive: the left channel's copy would have come first.
    await socket.join(
      'realtime:staying',
      joinConfig([{ event: 'INSERT', schema: 'public', table: 'notes' }]),
    );
    await stack.db.query(`insert into public.notes (body) values ('after leave')`);
    await socket.next((m) => m.event === 'postgres_changes' && m.topic === 'realtime:staying');
    expect(
      socket.received.some(
        (m) =>
          !Buffer.isBuffer(m) && m.event === 'postgres_changes' && m.topic === 'realtime:leaving',
      ),
    ).toBe(false);
  });
});

describe('tokens', () => {
  const now = () => Math.floor(Date.now() / 1000);

  async function joinWith(accessToken: string) {
    const socket = await connect('2.0.0');
    return (await socket.join('realtime:guarded', joinConfig([], { access_token: accessToken })))
      .reply.payload;
  }

  it('refuses a join with an expired token, saying how long ago it expired', async () => {
    const expired = await userToken(stack, USER, { expiresIn: -30 });
    const reply = await joinWith(expired);
    expect(reply.status).toBe('error');
    expect((reply.response as { reason: string }).reason).toMatch(
      /^InvalidJWTToken: Token has expired (29|30|31) seconds ago$/,
    );
  });

  it('refuses a join with a token signed by another secret', async () => {
    const forged = await new SignJWT({ sub: USER, role: 'authenticated', exp: now() + 600 })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .sign(secretKey('not-the-stack-secret-but-just-as-long-as-it'));
    expect(await joinWith(forged)).toEqual({
      status: 'error',
      response: { reason: 'JwtSignatureError: Failed to validate JWT signature' },
    });
  });

  it('refuses a join with an unsigned (alg none) token', async () => {
    const unsigned = new UnsecuredJWT({
      sub: USER,
      role: 'service_role',
      exp: now() + 600,
    }).encode();
    expect(await joinWith(unsigned)).toEqual({
      status: 'error',
      response: {
        reason:
          'JwtSignerError: Failed to generate JWT signer, check your JWT secret or JWKS configuration',
      },
    });
  });

  it('refuses a join with a token that has no exp', async () => {
    const noExp = await new SignJWT({ sub: USER, role: 'authenticated' })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .sign(secretKey(stack.jwtSecret));
    expect(await joinWith(noExp)).toEqual({
      status: 'error',
      response: { reason: 'InvalidJWTToken: Fields `role` and `exp` are required in JWT' },
    });
  });

  it('refuses a join as a role the API may not assume', async () => {
    const postgres = await userToken(stack, USER, { role: 'postgres' });
    const reply = await joinWith(postgres);
    expect(reply.status).toBe('error');
    expect((reply.response as { reason: string }).reason).toMatch(/^Unauthorized: /);
  });

  it('refuses the WebSocket handshake when the apikey is not a valid token', async () => {
    const forged = `${stack.anonKey.slice(0, -4)}AAAA`;
    await expect(PhoenixSocket.connect(stack.url, forged, '2.0.0')).rejects.toMatchObject({
      status: 401,
    });
    await expect(PhoenixSocket.connect(stack.url, '', '2.0.0')).rejects.toMatchObject({
      status: 401,
    });
  });

  it('closes a channel with a system error when its access_token is replaced by an expired one', async () => {
    const socket = await connect('2.0.0');
    const { joinRef } = await socket.join(
      'realtime:refresh',
      joinConfig([], { access_token: await userToken(stack, USER) }),
    );
    socket.push(
      'realtime:refresh',
      'access_token',
      { access_token: await userToken(stack, USER, { expiresIn: -5 }) },
      joinRef,
    );
    const system = await socket.next((m) => m.event === 'system');
    expect(system.payload).toMatchObject({
      extension: 'system',
      status: 'error',
      channel: 'refresh',
    });
    expect(system.payload.message).toMatch(/^Token has expired \d+ seconds ago$/);
    const close = await socket.next((m) => m.event === 'phx_close');
    expect(close).toMatchObject({ topic: 'realtime:refresh', join_ref: joinRef });
    const ref = socket.push(
      'realtime:refresh',
      'broadcast',
      { type: 'broadcast', event: 'x', payload: {} },
      joinRef,
    );
    expect((await socket.next((m) => m.ref === ref)).payload).toMatchObject({ status: 'error' });
  });

  it('closes a channel with a system error when its token expires while joined', async () => {
    const socket = await connect('2.0.0');
    await socket.join(
      'realtime:expiring',
      joinConfig([], { access_token: await userToken(stack, USER, { expiresIn: 1 }) }),
    );
    const system = await socket.next((m) => m.event === 'system', 5000);
    expect(system.payload).toMatchObject({
      extension: 'system',
      status: 'error',
      message: expect.stringMatching(/^Token has expired/),
    });
    await socket.next((m) => m.event === 'phx_close');
  });
});
