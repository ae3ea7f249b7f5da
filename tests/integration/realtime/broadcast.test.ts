import type { RealtimeChannel, SupabaseClient } from '@supabase/supabase-js';
import { createClient } from '@supabase/supabase-js';
import WebSocket from 'ws';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { RunningStack } from '../../../src/local-supabase/stack.js';
import { disconnectAll, Inbox, subscribed } from '../../support/realtime.js';
import { startTestStack } from '../../support/stack.js';

type Message = { type: string; event: string; payload: unknown };

let stack: RunningStack;
const clients: SupabaseClient[] = [];

beforeAll(async () => {
  stack = await startTestStack({ migrations: false });
}, 60_000);
afterEach(() => disconnectAll(clients));
afterAll(() => stack?.close());

function client(vsn: '1.0.0' | '2.0.0' = '2.0.0'): SupabaseClient {
  const made = createClient(stack.url, stack.anonKey, {
    auth: { persistSession: false, autoRefreshToken: false, detectSessionInUrl: false },
    realtime: { transport: WebSocket as never, vsn },
  });
  clients.push(made);
  return made;
}

/** Joins `topic` with the broadcast config and records every `event` message it receives. */
async function listen(
  on: SupabaseClient,
  topic: string,
  broadcast: { self?: boolean; ack?: boolean } = {},
): Promise<{ channel: RealtimeChannel; inbox: Inbox<Message> }> {
  const inbox = new Inbox<Message>();
  const channel = on
    .channel(topic, { config: { broadcast } })
    .on('broadcast', { event: '*' }, (message: Message) => inbox.push(message));
  await subscribed(channel);
  return { channel, inbox };
}

describe('broadcast', () => {
  it('reaches the other members of the topic but not the sender, and not other topics', async () => {
    const a = await listen(client(), 'floor');
    const b = await listen(client(), 'floor');
    const elsewhere = await listen(client(), 'another-floor');
    await a.channel.send({ type: 'broadcast', event: 'cursor', payload: { x: 1 } });
    expect(await b.inbox.waitFor(1)).toEqual([
      { type: 'broadcast', event: 'cursor', payload: { x: 1 } },
    ]);
    // B answers; by the time A has B's message it would have had its own, had it been echoed.
    await b.channel.send({ type: 'broadcast', event: 'reply', payload: { y: 2 } });
    expect(await a.inbox.waitFor(1)).toEqual([
      { type: 'broadcast', event: 'reply', payload: { y: 2 } },
    ]);
    await elsewhere.channel.send({ type: 'broadcast', event: 'sentinel', payload: {} });
    await a.channel.send({ type: 'broadcast', event: 'to-floor', payload: {} });
    await b.inbox.waitFor(2);
    expect(elsewhere.inbox.items).toEqual([]);
    expect(a.inbox.items).toHaveLength(1);
  });

  it('echoes to the sender when the channel asked for self', async () => {
    const a = await listen(client(), 'mirror', { self: true });
    await a.channel.send({ type: 'broadcast', event: 'note', payload: { n: 1 } });
    expect(await a.inbox.waitFor(1)).toEqual([
      { type: 'broadcast', event: 'note', payload: { n: 1 } },
    ]);
  });

  it('resolves send() with ok from the server acknowledgement when the channel asked for ack', async () => {
    const acked = await listen(client(), 'acked', { ack: true });
    expect(
      await acked.channel.send({ type: 'broadcast', event: 'e', payload: {} }, { timeout: 2000 }),
    ).toBe('ok');
  });

  it('carries broadcasts between vsn 1.0.0 (JSON) and vsn 2.0.0 (binary frame) clients both ways', async () => {
    const v1 = await listen(client('1.0.0'), 'mixed');
    const v2 = await listen(client('2.0.0'), 'mixed');
    await v2.channel.send({ type: 'broadcast', event: 'from-v2', payload: { text: 'héllo' } });
    expect(await v1.inbox.waitFor(1)).toEqual([
      { type: 'broadcast', event: 'from-v2', payload: { text: 'héllo' } },
    ]);
    await v1.channel.send({ type: 'broadcast', event: 'from-v1', payload: { n: [1, 2] } });
    expect(await v2.inbox.waitFor(1)).toEqual([
      { type: 'broadcast', event: 'from-v1', payload: { n: [1, 2] } },
    ]);
  });

  it('passes a binary payload through to vsn 2.0.0 clients byte for byte', async () => {
    const sender = await listen(client(), 'bytes');
    const receiver = await listen(client(), 'bytes');
    const bytes = new Uint8Array([0, 1, 2, 254, 255]);
    await sender.channel.send({ type: 'broadcast', event: 'blob', payload: bytes.buffer });
    const [message] = await receiver.inbox.waitFor(1);
    expect(message?.event).toBe('blob');
    expect(new Uint8Array(message?.payload as ArrayBuffer)).toEqual(bytes);
  });

  it('delivers a REST broadcast (httpSend) to the topic', async () => {
    const member = await listen(client(), 'rest-room');
    const sender = client().channel('rest-room');
    await expect(sender.httpSend('announce', { from: 'rest' })).resolves.toEqual({ success: true });
    expect(await member.inbox.waitFor(1)).toEqual([
      { type: 'broadcast', event: 'announce', payload: { from: 'rest' } },
    ]);
  });
});
