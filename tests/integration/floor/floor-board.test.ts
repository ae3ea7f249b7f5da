// The managers' floor board against the embedded stack: tc1's real core reports its presence through the
// channel and the heartbeat; the manager's core answers floor:board from both and says floor:changed
// when the channel moves; when tc1's core stops, tc1 turns stale and then offline. Short intervals come
// from the core's options, so nothing waits out the real 30 s.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FloorPerson } from '../../../src/contract/operations/floor.js';
import type { RunningStack } from '../../../src/local-supabase/stack.js';
import {
  createServices,
  type CoreServices,
  type FloorOptions,
  type ServiceDeps,
} from '../../../src/workstation/services/index.js';
import {
  FLOOR_TOPIC,
  FLOOR_TOPIC_PRIVATE,
} from '../../../src/workstation/services/floor-presence.js';
import { Workstation } from '../../../src/workstation/workstation.js';
import {
  ContractCaller,
  DEMO_PASSWORD,
  EventRecorder,
  MANAGER,
  TC1,
  TC2,
  callingHoursClock,
  signedInClient,
  startSeededStack,
} from '../../support/services-rig.js';
import { sqlNumber } from '../../support/sql-values.js';

const TC1_ID = '00000000-0000-4000-8000-000000000003';
const TC2_ID = '00000000-0000-4000-8000-000000000004';
const MANAGER_ID = '00000000-0000-4000-8000-000000000002';
/** The calls logged under callingHoursClock happen at 06:30 UTC: today in UTC whenever the test runs. */
const ZONE = 'UTC';

interface Core {
  readonly workstation: Workstation;
  readonly services: CoreServices;
  readonly caller: ContractCaller;
  readonly events: EventRecorder;
  closed: boolean;
  close(): Promise<void>;
}

let stack: RunningStack;
const dir = mkdtempSync(path.join(os.tmpdir(), 'talentg-floor-'));
let manager: Core;
let tc1: Core;

async function openCore(name: string, email: string, deps: ServiceDeps & FloorOptions) {
  const workstation = await Workstation.open({
    dataDir: path.join(dir, name),
    url: stack.url,
    anonKey: stack.anonKey,
    requestTimeoutMs: 10_000,
  });
  const services = createServices(workstation, { requestTimeoutMs: 10_000, ...deps });
  const caller = new ContractCaller(services.handlers);
  const events = new EventRecorder();
  const unsubscribe = services.events.subscribe(events.listener);
  await caller.ok('session:sign-in', { email, password: DEMO_PASSWORD });
  const core: Core = {
    workstation,
    services,
    caller,
    events,
    closed: false,
    close: async () => {
      if (core.closed) return;
      core.closed = true;
      unsubscribe();
      await services.close();
      await workstation.close();
    },
  };
  return core;
}

async function personOnBoard(userId: string): Promise<FloorPerson | undefined> {
  const board = await manager.caller.ok('floor:board', { time_zone: ZONE });
  return board.people.find((person) => person.user_id === userId);
}

/** The row of tc1 in floor_status, as the server holds it. */
async function reportedRow(): Promise<{ state: string; pending_writes: number } | undefined> {
  const { rows } = await stack.db.query<{ state: string; pending_writes: number }>(
    'select state, pending_writes from public.floor_status where user_id = $1',
    [TC1_ID],
  );
  const row = rows[0];
  return row && { state: row.state, pending_writes: sqlNumber(row.pending_writes) };
}

beforeAll(async () => {
  stack = await startSeededStack();
  // A beat every 300 ms; stale after 2 s of silence, offline after 5 s.
  manager = await openCore('manager', MANAGER, {
    floorHeartbeatMs: 300,
    floorStaleAfterMs: 2_000,
    floorOfflineAfterMs: 5_000,
  });
  tc1 = await openCore('tc1', TC1, { now: callingHoursClock(), floorHeartbeatMs: 300 });
  await tc1.caller.ok('sync:now');
}, 120_000);

afterAll(async () => {
  await tc1?.close();
  await manager?.close();
  await stack?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('the floor board', () => {
  it('refuses a telecaller with FORBIDDEN and a zone that is not one with INVALID_TIME_ZONE', async () => {
    expect((await tc1.caller.refused('floor:board', { time_zone: ZONE })).code).toBe('FORBIDDEN');
    expect((await manager.caller.refused('floor:board', { time_zone: 'Mars/Olympus' })).code).toBe(
      'INVALID_TIME_ZONE',
    );
  });

  it('lists every active caller: the never-seen tc2 offline, the manager live', async () => {
    const board = await manager.caller.ok('floor:board', { time_zone: ZONE });
    const ids = board.people.map((person) => person.user_id);
    expect(ids).toEqual(expect.arrayContaining([TC1_ID, TC2_ID, MANAGER_ID]));
    expect(ids).not.toContain('00000000-0000-4000-8000-000000000005');
    expect(board.people.find((p) => p.user_id === TC2_ID)).toMatchObject({
      presence: 'offline',
      state: null,
    });
    // The manager's own first heartbeat may still be on its way on a loaded machine: it arrives.
    await expect
      .poll(() => personOnBoard(MANAGER_ID), { timeout: 15_000, interval: 100 })
      .toMatchObject({ presence: 'ready' });
  });

  it('shows tc1 paused with the reason, live, and says floor:changed when it changes', async () => {
    manager.events.clear();
    const paused = await tc1.caller.ok('presence:set', { state: 'paused', pause_reason: 'Lunch' });
    await manager.events.next('floor:changed', () => true, 15_000);
    await expect
      .poll(() => personOnBoard(TC1_ID), { timeout: 15_000, interval: 100 })
      .toMatchObject({
        presence: 'paused',
        state: 'paused',
        pause_reason: 'Lunch',
        since: paused.since,
      });
    // The heartbeat told the server too: a manager reconnecting without the channel sees the pause.
    await expect.poll(reportedRow, { timeout: 15_000, interval: 100 }).toMatchObject({
      state: 'paused',
    });
  });

  it('counts tc1’s call today and reports the write pending until it syncs', async () => {
    const before = (await personOnBoard(TC1_ID))!;
    // A lead with no callback due: a call on one that has one also closes it, a second pending write.
    const queue = await tc1.caller.ok('leads:queue', { limit: 50 });
    const lead = queue.entries.find(
      (entry) => entry.reason === 'new' || entry.reason === 'recycled',
    )!.lead;
    await tc1.caller.ok('presence:set', { state: 'on_call', lead_id: lead.id });
    await tc1.caller.ok('calls:log', {
      lead_id: lead.id,
      disposition: 'INT',
      duration_seconds: 60,
    });
    await expect.poll(reportedRow, { timeout: 15_000, interval: 100 }).toMatchObject({
      state: 'on_call',
      pending_writes: 1,
    });
    await expect
      .poll(() => personOnBoard(TC1_ID), { timeout: 15_000, interval: 100 })
      .toMatchObject({ presence: 'on_call', lead_id: lead.id, lead_name: lead.name });

    await tc1.caller.ok('sync:now');
    await expect
      .poll(() => personOnBoard(TC1_ID), { timeout: 15_000, interval: 100 })
      .toMatchObject({
        pending_writes: 0,
        calls_today: before.calls_today + 1,
        contacts_today: before.contacts_today + 1,
      });
  });

  it('names a call the channel announced before any heartbeat from the manager’s own cache', async () => {
    // tc2 on another machine: a beat (ready), then a call on the channel alone, which the server has
    // not heard of, so floor_board() cannot name its lead.
    const tc2 = await signedInClient(stack, TC2);
    const beat = await tc2.rpc('floor_heartbeat', {
      p_state: 'ready',
      p_since: new Date().toISOString(),
      p_pending_writes: 0,
    });
    expect(beat.error).toBeNull();
    const { rows } = await stack.db.query<{ id: string; name: string }>(
      'select id, name from public.leads where assigned_to = $1 order by id limit 1',
      [TC2_ID],
    );
    const lead = rows[0]!;
    await manager.caller.ok('sync:now');
    await tc2.realtime.setAuth();
    const channel = tc2.channel(FLOOR_TOPIC, {
      config: { private: FLOOR_TOPIC_PRIVATE, presence: { key: TC2_ID } },
    });
    await new Promise<void>((resolve, reject) =>
      channel.subscribe((status, error) => {
        if (status === 'SUBSCRIBED') resolve();
        else if (status !== 'CLOSED') reject(error ?? new Error(`the floor channel: ${status}`));
      }),
    );
    try {
      expect(
        await channel.track({
          user_id: TC2_ID,
          full_name: 'Arjun Khanna',
          role: 'telecaller',
          state: 'on_call',
          since: new Date(Date.now() + 1_000).toISOString(),
          lead_id: lead.id,
          pause_reason: null,
        }),
      ).toBe('ok');
      await expect
        .poll(() => personOnBoard(TC2_ID), { timeout: 15_000, interval: 100 })
        .toMatchObject({ state: 'on_call', lead_id: lead.id, lead_name: lead.name });
    } finally {
      await tc2.removeChannel(channel);
    }
  });

  it('shows tc1 stale, then offline, once tc1’s workstation stops', async () => {
    await tc1.caller.ok('presence:set', { state: 'paused', pause_reason: 'Training' });
    await expect
      .poll(() => personOnBoard(TC1_ID), { timeout: 15_000, interval: 100 })
      .toMatchObject({ presence: 'paused', pause_reason: 'Training' });
    manager.events.clear();
    await tc1.close();
    // Leaving the channel is news for the board at once.
    await manager.events.next('floor:changed', () => true, 15_000);

    const seen: string[] = [];
    await expect
      .poll(
        async () => {
          const person = await personOnBoard(TC1_ID);
          if (person !== undefined && seen.at(-1) !== person.presence) seen.push(person.presence);
          return person?.presence;
        },
        { timeout: 30_000, interval: 100 },
      )
      .toBe('offline');
    expect(seen).toContain('stale');
    expect(seen.indexOf('stale')).toBeLessThan(seen.indexOf('offline'));
    // What was last reported stays readable while silent.
    expect(await personOnBoard(TC1_ID)).toMatchObject({
      state: 'paused',
      pause_reason: 'Training',
    });
  });
});
