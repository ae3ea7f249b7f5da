// Presence on the private Realtime channel 'floor', and what the handlers answer when the server cannot be
// reached: a workstation behind a fault proxy that the test cuts, and one pointed at a port nobody serves.
import type { RealtimeChannel, SupabaseClient } from '@supabase/supabase-js';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { RunningStack } from '../../local-supabase/stack.js';
import { portOf, startFaultProxy, type FaultProxy } from '../../../tests/support/fault-proxy.js';
import { FLOOR_TOPIC, FLOOR_TOPIC_PRIVATE, type FloorMember } from './floor-presence.js';
import {
  DEMO_PASSWORD,
  MANAGER,
  TC1,
  callingHoursClock,
  closedPort,
  openRig,
  signedInClient,
  startSeededStack,
  type ServicesRig,
} from '../../../tests/support/services-rig.js';

const TC1_ID = '00000000-0000-4000-8000-000000000003';
const MANAGER_ID = '00000000-0000-4000-8000-000000000002';
const LEAD_ID_PATTERN = /^[0-9a-f-]{36}$/;

let stack: RunningStack;
let proxy: FaultProxy;
let rig: ServicesRig;
let manager: SupabaseClient;
let board: RealtimeChannel;

/** What the manager's client sees of tc1 on the floor channel, once `match` accepts it. */
async function seenOnBoard(
  match: (member: FloorMember) => boolean,
  timeoutMs = 10_000,
): Promise<FloorMember> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const metas = (board.presenceState() as Record<string, unknown[]>)[TC1_ID] ?? [];
    const latest = metas.at(-1) as FloorMember | undefined;
    if (latest !== undefined && match(latest)) return latest;
    if (Date.now() > deadline)
      throw new Error(`tc1 not seen as expected; last ${JSON.stringify(latest)}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function waitUntil(condition: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline)
      throw new Error(`not true within ${timeoutMs} ms: ${String(condition)}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

beforeAll(async () => {
  stack = await startSeededStack();
  proxy = await startFaultProxy({ targetPort: portOf(stack.url) });
  rig = await openRig({ url: proxy.url, anonKey: stack.anonKey }, { now: callingHoursClock() });
  await rig.caller.ok('session:sign-in', { email: TC1, password: DEMO_PASSWORD });
  await rig.caller.ok('sync:now');
  manager = await signedInClient(stack, MANAGER);
  // A presence listener makes realtime-js ask for presence state and diffs.
  board = manager
    .channel(FLOOR_TOPIC, {
      config: { private: FLOOR_TOPIC_PRIVATE, presence: { key: MANAGER_ID } },
    })
    .on('presence', { event: 'sync' }, () => undefined);
  await new Promise<void>((resolve, reject) =>
    board.subscribe((status, error) => {
      if (status === 'SUBSCRIBED') resolve();
      else if (status !== 'CLOSED') reject(error ?? new Error(status));
    }),
  );
});
afterEach(() => {
  proxy.mode('pass');
  expect(rig.caller.crashReport()).toBe('');
});
afterAll(async () => {
  await manager?.removeAllChannels();
  await rig?.close();
  await proxy?.close();
  await stack?.close();
});

describe('presence', () => {
  it('shows the chosen state on the floor channel, answers it, and emits presence:changed', async () => {
    const paused = await rig.caller.ok('presence:set', { state: 'paused', pause_reason: 'Lunch' });
    expect(paused).toMatchObject({ state: 'paused', pause_reason: 'Lunch', lead_id: null });
    expect(await rig.events.next('presence:changed', (p) => p.state === 'paused')).toEqual(paused);
    expect(await rig.caller.ok('presence:state')).toEqual(paused);
    const seen = await seenOnBoard((member) => member.state === 'paused');
    expect(seen).toMatchObject({
      user_id: TC1_ID,
      full_name: 'Priya Raman',
      role: 'telecaller',
      state: 'paused',
      since: paused.since,
      pause_reason: 'Lunch',
    });

    // Choosing the same again keeps `since`; a call on a lead is a new state with its own.
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(await rig.caller.ok('presence:set', { state: 'paused', pause_reason: 'Lunch' })).toEqual(
      paused,
    );
    const queue = await rig.caller.ok('leads:queue', { limit: 1 });
    const leadId = queue.entries[0]!.lead.id;
    expect(leadId).toMatch(LEAD_ID_PATTERN);
    const onCall = await rig.caller.ok('presence:set', { state: 'on_call', lead_id: leadId });
    expect(onCall).toMatchObject({ state: 'on_call', lead_id: leadId, pause_reason: null });
    expect(Date.parse(onCall.since)).toBeGreaterThan(Date.parse(paused.since));
    await seenOnBoard((member) => member.state === 'on_call' && member.lead_id === leadId);
  });

  it('shows a manager’s workstation the others on the floor, and a telecaller’s nobody', async () => {
    const managerRig = await openRig({ url: stack.url, anonKey: stack.anonKey });
    try {
      await managerRig.caller.ok('session:sign-in', { email: MANAGER, password: DEMO_PASSWORD });
      await managerRig.caller.ok('presence:set', { state: 'ready' });
      await waitUntil(() => managerRig.services.floorMembers().some((m) => m.user_id === TC1_ID));
      expect(managerRig.services.floorMembers().map((m) => m.user_id)).toEqual([TC1_ID]);
      // The manager is on the board now (the test's own board sees them); tc1's workstation is not sent it.
      await waitUntil(() => MANAGER_ID in board.presenceState());
      expect(rig.services.floorMembers()).toEqual([]);
    } finally {
      await managerRig.close();
    }
  });

  it('refuses a lead outside a call and the core-only state with INVALID_REQUEST', async () => {
    const withLead = await rig.caller.refused('presence:set', { state: 'ready', lead_id: TC1_ID });
    expect(withLead.code).toBe('INVALID_REQUEST');
    const coreOnly = await rig.caller.refused('presence:set', { state: 'offline_syncing' });
    expect(coreOnly.code).toBe('INVALID_REQUEST');
  });
});

describe('without the server', () => {
  it('keeps local work going, reports offline, shows offline_syncing, and catches up when back', async () => {
    const chosen = await rig.caller.ok('presence:state');
    const queue = await rig.caller.ok('leads:queue', { limit: 50 });
    const lead = queue.entries.find((entry) => entry.reason === 'new')!.lead;
    proxy.mode('drop');
    proxy.cutAll();
    rig.events.clear();

    const logged = await rig.caller.ok('calls:log', { lead_id: lead.id, disposition: 'NA' });
    expect(logged.lead.pending_writes).toBe(1);
    const progress = await rig.caller.ok('sync:now');
    expect(progress).toMatchObject({
      phase: 'offline',
      pending: 1,
      last_error: { code: 'OFFLINE' },
    });
    await rig.events.next('sync:progress', (p) => p.phase === 'offline');

    const shown = await rig.caller.ok('presence:state');
    expect(shown).toMatchObject({ state: 'offline_syncing', lead_id: null, pause_reason: null });
    await rig.events.next('presence:changed', (p) => p.state === 'offline_syncing');

    for (const op of ['assessments:list', 'assessments:start'] as const) {
      const args =
        op === 'assessments:start' ? { assessment_id: '00000000-0000-4000-8000-00000000a001' } : {};
      expect((await rig.caller.refused(op, args)).code, op).toBe('OFFLINE');
    }

    proxy.mode('pass');
    const back = await rig.caller.ok('sync:now');
    expect(back).toMatchObject({ phase: 'idle', pending: 0, last_error: null });
    expect(await rig.caller.ok('presence:state')).toEqual(chosen);
    await rig.events.next('presence:changed', (p) => p.state === chosen.state);
    // The floor channel rejoins by itself and the choice is published again.
    await seenOnBoard((member) => member.state === chosen.state, 30_000);
  }, 60_000);

  it('answers OFFLINE to a sign-in when the server is down', async () => {
    const down = await openRig({
      url: `http://127.0.0.1:${await closedPort()}`,
      anonKey: stack.anonKey,
    });
    try {
      const refused = await down.caller.refused('session:sign-in', {
        email: TC1,
        password: DEMO_PASSWORD,
      });
      expect(refused.code).toBe('OFFLINE');
      expect(await down.caller.ok('session:state')).toEqual({ status: 'signed_out' });
    } finally {
      await down.close();
    }
  });
});
