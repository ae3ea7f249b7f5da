// The realtime security suite: private channels are decided by the RLS policies on realtime.messages
// (migration private_realtime), on PGlite and on PostgreSQL. The people are the floor's roles; tokens are
// signed with the stack's secret, as GoTrue would issue them. Forgeries go through a raw Phoenix socket,
// the app's own path through supabase-js with `{ config: { private: true } }`.
import type { RealtimeChannel, SupabaseClient } from '@supabase/supabase-js';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { RunningStack } from '../../../src/local-supabase/stack.js';
import {
  FLOOR_TOPIC,
  FLOOR_TOPIC_PRIVATE,
} from '../../../src/workstation/services/floor-presence.js';
import {
  createDatabaseAt,
  sharedClusterUrl,
  uniqueDatabaseName,
} from '../../support/pg-cluster.js';
import { PhoenixSocket, type WireMessage } from '../../support/phoenix-socket.js';
import {
  disconnectAll,
  Inbox,
  realtimeClientAs,
  subscribed,
  userToken,
} from '../../support/realtime.js';
import { clientFor, startTestStack } from '../../support/stack.js';

const MANAGER = '0000000e-0000-4000-8000-000000000001';
const TC1 = '0000000e-0000-4000-8000-000000000002';
const TC2 = '0000000e-0000-4000-8000-000000000003';

/** The floor's people: handle_new_user gives each the role in their app metadata. */
const peopleSql = `
  insert into auth.users (id, email, raw_app_meta_data) values
    ('${MANAGER}', 'manager@rt.test', '{"role": "manager"}'),
    ('${TC1}', 'tc1@rt.test', '{"role": "telecaller"}'),
    ('${TC2}', 'tc2@rt.test', '{"role": "telecaller"}');
`;

const UNREADABLE = (topic: string) =>
  `Unauthorized: You do not have permissions to read from this Channel topic: ${topic}`;

function joinPayload(token: string, options: { key?: string; private?: boolean } = {}) {
  return {
    config: {
      broadcast: { self: false, ack: true },
      presence: { key: options.key ?? '', enabled: true },
      postgres_changes: [],
      private: options.private ?? true,
    },
    access_token: token,
  };
}

describe.each(['pglite', 'postgresql'] as const)('Realtime Authorization on %s', (engine) => {
  let stack: RunningStack;
  const clients: SupabaseClient[] = [];
  const sockets: PhoenixSocket[] = [];
  const token: Record<string, string> = {};

  beforeAll(async () => {
    const db =
      engine === 'pglite'
        ? 'memory'
        : await createDatabaseAt(sharedClusterUrl(), uniqueDatabaseName('rt_authz'));
    stack = await startTestStack({ db, seed: false, fixtureSql: peopleSql });
    for (const [name, id] of Object.entries({ manager: MANAGER, tc1: TC1, tc2: TC2 })) {
      token[name] = await userToken(stack, id);
    }
  }, 120_000);
  afterEach(async () => {
    for (const socket of sockets.splice(0)) socket.close();
    await disconnectAll(clients);
  });
  afterAll(() => stack?.close());

  async function socket(apikey = stack.anonKey): Promise<PhoenixSocket> {
    const made = await PhoenixSocket.connect(stack.url, apikey, '1.0.0');
    sockets.push(made);
    return made;
  }

  /** Joins as `who` (a user's token, or the anon key) and expects the join to be accepted. */
  async function joined(
    who: string,
    topic: string,
    options: { key?: string; private?: boolean } = {},
  ): Promise<{ socket: PhoenixSocket; joinRef: string; topic: string }> {
    const on = await socket();
    const full = `realtime:${topic}`;
    const { joinRef, reply } = await on.join(full, joinPayload(who, options));
    expect(reply.payload, `join of ${topic}`).toMatchObject({ status: 'ok' });
    return { socket: on, joinRef, topic: full };
  }

  /** Resolves once the server has answered a heartbeat: everything it sent this socket before is in. */
  async function drained(on: PhoenixSocket): Promise<WireMessage[]> {
    const ref = on.push('phoenix', 'heartbeat', {});
    await on.next((m) => m.topic === 'phoenix' && m.ref === ref);
    return on.received.filter((m): m is WireMessage => !Buffer.isBuffer(m));
  }

  async function track(
    member: { socket: PhoenixSocket; joinRef: string; topic: string },
    meta: Record<string, unknown>,
  ): Promise<WireMessage> {
    const ref = member.socket.push(
      member.topic,
      'presence',
      { type: 'presence', event: 'track', payload: meta },
      member.joinRef,
    );
    return member.socket.next((m) => m.event === 'phx_reply' && m.ref === ref);
  }

  /** The supabase-js floor channel the workstation opens, as `who`, recording presence syncs. */
  async function floorClient(who: string, key: string): Promise<RealtimeChannel> {
    const client = await realtimeClientAs(stack, who);
    clients.push(client);
    return client
      .channel(FLOOR_TOPIC, { config: { private: FLOOR_TOPIC_PRIVATE, presence: { key } } })
      .on('presence', { event: 'sync' }, () => undefined);
  }

  /** Subscribes and resolves with the refusal a CHANNEL_ERROR carries; rejects if the join succeeds. */
  function refusal(channel: RealtimeChannel): Promise<string> {
    return new Promise((resolve, reject) => {
      channel.subscribe((status, error) => {
        if (status === 'SUBSCRIBED') reject(new Error(`${channel.topic} was joined`));
        else if (status === 'CHANNEL_ERROR') resolve(error?.message ?? '');
      });
    });
  }

  async function presenceOf(channel: RealtimeChannel, key: string): Promise<unknown[]> {
    const deadline = Date.now() + 5000;
    for (;;) {
      const metas = (channel.presenceState() as Record<string, unknown[]>)[key];
      if (metas !== undefined) return metas;
      if (Date.now() > deadline) throw new Error(`${key} never present on ${channel.topic}`);
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }

  describe('the floor', () => {
    it('refuses the anon key the private floor, through supabase-js and on the wire', async () => {
      const anon = clientFor(stack, stack.anonKey);
      clients.push(anon);
      const channel = anon.channel(FLOOR_TOPIC, { config: { private: true } });
      expect(await refusal(channel)).toContain(UNREADABLE(FLOOR_TOPIC));

      const on = await socket();
      const { reply } = await on.join('realtime:floor', joinPayload(stack.anonKey));
      expect(reply.payload).toEqual({
        status: 'error',
        response: { reason: UNREADABLE(FLOOR_TOPIC) },
      });
    });

    it('shows a manager the telecallers on the floor through supabase-js', async () => {
      const caller = await floorClient(token.tc1!, TC1);
      await subscribed(caller);
      expect(await caller.track({ user_id: TC1, state: 'ready' })).toBe('ok');
      const board = await floorClient(token.manager!, MANAGER);
      await subscribed(board);
      expect(await presenceOf(board, TC1)).toEqual([
        { user_id: TC1, state: 'ready', presence_ref: expect.any(String) },
      ]);
    });

    it('keeps what is tracked on the private floor away from a public channel of the same name', async () => {
      const manager = await joined(token.manager!, 'floor', { key: MANAGER });
      expect(await track(manager, { state: 'ready' })).toMatchObject({
        payload: { status: 'ok' },
      });
      const anon = await joined(stack.anonKey, 'floor', { private: false });
      const state = (await drained(anon.socket)).find((m) => m.event === 'presence_state');
      expect(state?.payload).toEqual({});
    });

    it('refuses a telecaller tracking under someone else’s key, and nobody is shown it', async () => {
      const forger = await joined(token.tc1!, 'floor', { key: TC2 });
      expect((await track(forger, { user_id: TC2, state: 'paused' })).payload).toEqual({
        status: 'error',
        response: {
          reason:
            'Unauthorized: You do not have permissions to track presence on this Channel topic: floor',
        },
      });
      const made = await joined(token.tc1!, 'floor', { key: 'manager-board' });
      expect((await track(made, { state: 'ready' })).payload).toMatchObject({ status: 'error' });

      const board = await joined(token.manager!, 'floor', { key: MANAGER });
      const state = (await drained(board.socket)).find((m) => m.event === 'presence_state');
      expect(state?.payload).not.toHaveProperty(TC2);
      expect(state?.payload).not.toHaveProperty('manager-board');
    });

    it('refuses the forgery through supabase-js too: track() answers error', async () => {
      const forged = await floorClient(token.tc1!, MANAGER);
      await subscribed(forged);
      expect(await forged.track({ user_id: MANAGER, state: 'ready' })).toBe('error');
    });

    it('lets a telecaller track their own key but shows them nobody else’s presence', async () => {
      const board = await joined(token.manager!, 'floor', { key: MANAGER });
      expect((await track(board, { state: 'ready' })).payload).toMatchObject({ status: 'ok' });
      await board.socket.next((m) => m.event === 'presence_diff');

      const caller = await joined(token.tc1!, 'floor', { key: TC1 });
      expect((await track(caller, { state: 'ready' })).payload).toMatchObject({ status: 'ok' });
      // The manager is sent the telecaller's join; by the time it has it, the server has sent the
      // telecaller all it ever will about it.
      await board.socket.next(
        (m) => m.event === 'presence_diff' && TC1 in (m.payload.joins as object),
      );
      const seen = await drained(caller.socket);
      expect(
        seen.filter((m) => m.event === 'presence_state' || m.event === 'presence_diff'),
      ).toEqual([]);
    });
  });

  describe('workstation:<user id>', () => {
    const topic = `workstation:${TC1}`;

    it('refuses another telecaller, a manager and the anon key the join', async () => {
      for (const who of [token.tc2!, token.manager!, stack.anonKey]) {
        const on = await socket();
        const { reply } = await on.join(`realtime:${topic}`, joinPayload(who));
        expect(reply.payload).toEqual({ status: 'error', response: { reason: UNREADABLE(topic) } });
      }
      const other = await realtimeClientAs(stack, token.tc2!);
      clients.push(other);
      expect(await refusal(other.channel(topic, { config: { private: true } }))).toContain(topic);
    });

    it('closes a joined channel whose new access_token may not read it', async () => {
      const own = await joined(token.tc1!, topic);
      own.socket.push(own.topic, 'access_token', { access_token: token.tc2! }, own.joinRef);
      const system = await own.socket.next((m) => m.event === 'system');
      expect(system.payload).toMatchObject({
        status: 'error',
        message: UNREADABLE(topic).slice('Unauthorized: '.length),
      });
      await own.socket.next((m) => m.event === 'phx_close' && m.topic === own.topic);
    });

    it('refuses a broadcast sent as a binary frame (vsn 2.0.0) the same way', async () => {
      const on = await PhoenixSocket.connect(stack.url, stack.anonKey, '2.0.0');
      sockets.push(on);
      const full = `realtime:${topic}`;
      const { joinRef, reply } = await on.join(full, joinPayload(token.tc1!));
      expect(reply.payload).toMatchObject({ status: 'ok' });
      const ref = 'binary-1';
      // Kind 3 (a client's broadcast push): five lengths, JSON encoding, the five strings, the payload.
      const parts = [joinRef, ref, full, 'forged-binary', ''].map((part) => Buffer.from(part));
      on.sendBinary(
        Buffer.concat([
          Buffer.from([3, ...parts.map((part) => part.length), 1]),
          ...parts,
          Buffer.from('{}'),
        ]),
      );
      const answer = await on.next((m) => m.event === 'phx_reply' && m.ref === ref);
      expect(answer.payload).toEqual({
        status: 'error',
        response: {
          reason: `Unauthorized: You do not have permissions to write to this Channel topic: ${topic}`,
        },
      });
    });

    it('lets its owner join through supabase-js', async () => {
      const own = await realtimeClientAs(stack, token.tc1!);
      clients.push(own);
      await subscribed(own.channel(topic, { config: { private: true } }));
    });

    it('delivers no client’s broadcast to its owner, only the server’s', async () => {
      const own = await realtimeClientAs(stack, token.tc1!);
      clients.push(own);
      const inbox = new Inbox<{ event: string }>();
      await subscribed(
        own
          .channel(topic, { config: { private: true } })
          .on('broadcast', { event: '*' }, (message: { event: string }) => inbox.push(message)),
      );

      // The owner cannot ring their own doorbell either: the broadcast is refused, and said so on ack.
      const self = await joined(token.tc1!, topic, { key: TC1 });
      const ref = self.socket.push(
        self.topic,
        'broadcast',
        { type: 'broadcast', event: 'forged-by-owner', payload: {} },
        self.joinRef,
      );
      const refused = await self.socket.next((m) => m.event === 'phx_reply' && m.ref === ref);
      expect(refused.payload).toMatchObject({ status: 'error' });

      // Another person on the public topic of the same name reaches only that public room.
      const outsider = await joined(token.tc2!, topic, { private: false });
      const sent = outsider.socket.push(
        outsider.topic,
        'broadcast',
        { type: 'broadcast', event: 'forged-public', payload: {} },
        outsider.joinRef,
      );
      await outsider.socket.next((m) => m.event === 'phx_reply' && m.ref === sent);

      // Over REST, tc2's private broadcast is dropped; the service role's arrives.
      const post = (bearer: string, event: string) =>
        fetch(`${stack.url}/realtime/v1/api/broadcast`, {
          method: 'POST',
          headers: {
            apikey: stack.anonKey,
            authorization: `Bearer ${bearer}`,
            'content-type': 'application/json',
          },
          body: JSON.stringify({ messages: [{ topic, event, payload: {}, private: true }] }),
        });
      expect((await post(token.tc2!, 'forged-rest')).status).toBe(202);
      expect((await post(stack.serviceRoleKey, 'from-server')).status).toBe(202);

      const [first] = await inbox.waitFor(1);
      expect(first?.event).toBe('from-server');
      expect(inbox.items.map((m) => m.event)).toEqual(['from-server']);
    });
  });
});
