// Supabase Realtime's tenant limits on the embedded stack: channels per client, concurrent users and
// events per second refuse with Realtime's own frames; config.toml's [realtime] max_header_length
// bounds a handshake's headers. (Joins per second are proven in src/local-supabase/realtime/limits.test.ts
// with a clock of its own: a test here could not hold 100 joins inside one second on a loaded machine.)
import { rm } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import {
  DEFAULT_REALTIME_LIMITS,
  TOO_MANY_CHANNELS,
  TOO_MANY_EVENTS,
  TOO_MANY_USERS,
} from '../../../src/local-supabase/realtime/limits.js';
import type { RunningStack } from '../../../src/local-supabase/stack.js';
import { PhoenixSocket, type WireMessage } from '../../support/phoenix-socket.js';
import { projectWithConfig } from '../../support/project-dir.js';
import { startTestStack } from '../../support/stack.js';

let projectDir: string;
let stack: RunningStack;
const open: PhoenixSocket[] = [];

beforeAll(async () => {
  projectDir = await projectWithConfig('[realtime]\nenabled = true\nmax_header_length = 1024\n');
  stack = await startTestStack({ projectDir, migrations: false });
}, 120_000);
afterAll(async () => {
  for (const socket of open.splice(0)) socket.close();
  await stack?.close();
  if (projectDir) await rm(projectDir, { recursive: true, force: true });
});

async function connect(): Promise<PhoenixSocket> {
  const socket = await PhoenixSocket.connect(stack.url, stack.anonKey, '1.0.0');
  open.push(socket);
  return socket;
}

const JOIN = { config: { broadcast: { self: false, ack: false }, presence: { key: '' } } };
const replyTo = (ref: string) => (m: WireMessage) => m.event === 'phx_reply' && m.ref === ref;
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('Realtime limits', () => {
  it(`refuses a socket's join past ${DEFAULT_REALTIME_LIMITS.maxChannelsPerClient} channels, and takes one again after a leave`, async () => {
    const socket = await connect();
    const max = DEFAULT_REALTIME_LIMITS.maxChannelsPerClient;
    // Sent at once: however fast they land, no more than the limit of joins counts in one second.
    const refs = Array.from({ length: max }, (_, i) =>
      socket.push(`realtime:room-${i}`, 'phx_join', JOIN, `j${i}`),
    );
    for (const ref of refs) {
      expect((await socket.next(replyTo(ref), 30_000)).payload).toMatchObject({ status: 'ok' });
    }
    const refused = await socket.join('realtime:one-too-many', JOIN);
    expect(refused.reply.payload).toEqual({
      status: 'error',
      response: { reason: TOO_MANY_CHANNELS },
    });

    const left = socket.push('realtime:room-0', 'phx_leave', {}, 'j0');
    await socket.next(replyTo(left));
    await pause(1100);
    const again = await socket.join('realtime:one-too-many', JOIN);
    expect(again.reply.payload).toMatchObject({ status: 'ok' });
    socket.close();
  });

  it('shuts a channel down with a system error past the events a second, and keeps serving', async () => {
    await pause(1100);
    const sender = await connect();
    const listener = await connect();
    const topic = 'realtime:flood';
    const { joinRef } = await sender.join(topic, JOIN);
    expect((await listener.join(topic, JOIN)).reply.payload).toMatchObject({ status: 'ok' });
    // Far past the limit in one burst: a flood however slowly the machine reads it.
    for (let i = 0; i < DEFAULT_REALTIME_LIMITS.maxEventsPerSecond * 5; i++) {
      sender.push(
        topic,
        'broadcast',
        { type: 'broadcast', event: 'tick', payload: { i } },
        joinRef,
      );
    }
    const system = await sender.next((m) => m.event === 'system', 30_000);
    expect(system.payload).toEqual({
      extension: 'system',
      status: 'error',
      message: TOO_MANY_EVENTS,
      channel: 'flood',
    });
    await sender.next((m) => m.event === 'phx_close' && m.topic === topic);
    // Some got through before the limit; none after the channel closed.
    const heard = () =>
      listener.received.filter((m) => !Buffer.isBuffer(m) && m.event === 'broadcast');
    await listener.next((m) => m.event === 'broadcast');
    expect(heard().length).toBeLessThanOrEqual(DEFAULT_REALTIME_LIMITS.maxEventsPerSecond);

    await pause(1100);
    const rejoined = await sender.join(topic, JOIN);
    expect(rejoined.reply.payload).toMatchObject({ status: 'ok' });
    sender.push(
      topic,
      'broadcast',
      { type: 'broadcast', event: 'after', payload: {} },
      rejoined.joinRef,
    );
    await listener.next(
      (m) => m.event === 'broadcast' && (m.payload as { event?: string }).event === 'after',
    );
    sender.close();
    listener.close();
  });

  it(`refuses joins from more than ${DEFAULT_REALTIME_LIMITS.maxConcurrentUsers} connected sockets`, async () => {
    await pause(1100);
    const max = DEFAULT_REALTIME_LIMITS.maxConcurrentUsers;
    const sockets: PhoenixSocket[] = [];
    for (let batch = 0; batch < max; batch += 20) {
      sockets.push(...(await Promise.all(Array.from({ length: 20 }, () => connect()))));
    }
    const extra = await connect();
    const refused = await extra.join('realtime:crowd', JOIN);
    expect(refused.reply.payload).toEqual({
      status: 'error',
      response: { reason: TOO_MANY_USERS },
    });
    extra.close();
    await expect
      .poll(
        async () => {
          const one = sockets[0]!;
          return (await one.join('realtime:crowd', JOIN)).reply.payload;
        },
        { timeout: 10_000 },
      )
      .toMatchObject({ status: 'ok' });
    for (const socket of sockets) socket.close();
  });

  it('refuses a handshake with a header longer than config.toml max_header_length (431)', async () => {
    const url = `${stack.url.replace(/^http/, 'ws')}/realtime/v1/websocket?apikey=${stack.anonKey}&vsn=1.0.0`;
    const handshake = (value: string) =>
      new Promise<number>((resolve, reject) => {
        const ws = new WebSocket(url, { headers: { 'x-client-info': value } });
        ws.once('open', () => {
          ws.close();
          resolve(101);
        });
        ws.once('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
        ws.once('error', reject);
      });
    expect(await handshake('a'.repeat(1025))).toBe(431);
    expect(await handshake('a'.repeat(1000))).toBe(101);
  });
});
