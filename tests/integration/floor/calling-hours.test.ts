// The floor's calling hours end to end on the embedded stack: on a Sunday no seed lead is callable under
// the default 09:00–21:00 Mon–Sat; a manager opens every day, and tc1's running core hears it through
// realtime, keeps the hours in its cache (offline too) and offers leads. A telecaller cannot change them.
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningStack } from '../../../src/local-supabase/stack.js';
import { WEEKDAYS } from '../../../src/domain/calling-window.js';
import { createHandlers } from '../../../src/workstation/services/index.js';
import { Workstation } from '../../../src/workstation/workstation.js';
import {
  ContractCaller,
  MANAGER,
  TC1,
  closedPort,
  serviceClient,
  signedInRig,
  type ServicesRig,
} from '../../support/services-rig.js';
import { startTestStack } from '../../support/stack.js';

/** The coming Sunday at 12:00 UTC: Sunday in every seed zone, from Los Angeles (05:00) to Sydney (22:00). */
function comingSunday(): number {
  const day = new Date();
  day.setUTCDate(day.getUTCDate() + (7 - day.getUTCDay()));
  return day.setUTCHours(12, 0, 0, 0);
}

const SUNDAY = comingSunday();
const ALL_DAY = { start: '00:00', end: '24:00', days: [...WEEKDAYS] };

let stack: RunningStack;
let tc1: ServicesRig;
let manager: ServicesRig;
/** The offline test closes tc1's core itself; only its directory is left to remove. */
let tc1Closed = false;

beforeAll(async () => {
  // The seed's own hours, the default (startSeededStack would open the floor all week for other tests).
  stack = await startTestStack({ seed: true, auth: { rateLimit: false } });
  [tc1, manager] = await Promise.all([
    signedInRig(stack, TC1, { now: () => SUNDAY }),
    signedInRig(stack, MANAGER, { now: () => SUNDAY }),
  ]);
}, 120_000);

afterAll(async () => {
  if (tc1Closed) rmSync(tc1.dataDir, { recursive: true, force: true });
  await Promise.all([tc1Closed ? undefined : tc1?.close(), manager?.close()]);
  await stack?.close();
});

describe('the floor calling hours', () => {
  it('reach a signed-in telecaller: a Sunday opened by the manager makes leads callable', async () => {
    const first = await tc1.workstation.syncOnce();
    expect(first.ok, JSON.stringify(first.error)).toBe(true);
    expect(await tc1.caller.ok('floor:calling-hours', {})).toMatchObject({
      window: { start: '09:00', end: '21:00', days: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat'] },
      text: '09:00–21:00 Mon–Sat',
    });
    expect((await tc1.caller.ok('leads:queue', { limit: 5 })).total).toBe(0);

    // tc1 syncs in the background and listens on its realtime channel; the rounds its start asked for are over.
    tc1.workstation.startSync();
    for (let waited = 0; tc1.workstation.status().realtime !== 'SUBSCRIBED'; waited += 50) {
      if (waited > 15_000) throw new Error('tc1 never joined its realtime channel');
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    await tc1.workstation.syncOnce();
    tc1.events.clear();
    const set = await manager.caller.ok('floor:set-calling-hours', ALL_DAY);
    expect(set).toMatchObject({ window: ALL_DAY, text: 'all day, every day' });
    // The manager's own core takes the answer at once, before any round of its own.
    expect(await manager.caller.ok('floor:calling-hours', {})).toEqual(set);

    // Realtime brings it: the engine's own timer would ask again only after 30 s.
    await tc1.events.next(
      'cache:changed',
      (change) => change.tables.includes('floor_settings'),
      10_000,
    );
    expect(await tc1.caller.ok('floor:calling-hours', {})).toEqual(set);
    const queue = await tc1.caller.ok('leads:queue', { limit: 5 });
    expect(queue.total).toBeGreaterThan(0);
    const opened = await tc1.caller.ok('leads:get', { lead_id: queue.entries[0]!.lead.id });
    expect(opened.dial).toEqual({ ok: true });
  }, 60_000);

  it('cannot be changed by a telecaller, nor set to hours that end before they start', async () => {
    expect(
      await tc1.caller.refused('floor:set-calling-hours', { ...ALL_DAY, days: ['mon'] }),
    ).toMatchObject({
      code: 'FORBIDDEN',
    });
    expect(
      await manager.caller.refused('floor:set-calling-hours', {
        start: '21:00',
        end: '09:00',
        days: ['mon'],
      }),
    ).toMatchObject({ code: 'INVALID_REQUEST' });
    const { data, error } = await serviceClient(stack)
      .from('floor_settings')
      .select('calling_start,calling_end,calling_days');
    expect(error).toBeNull();
    expect(data).toEqual([
      { calling_start: '00:00', calling_end: '24:00', calling_days: ALL_DAY.days },
    ]);
  });

  it('holds for a core reopened offline: the last known hours come from the cache', async () => {
    await tc1.services.close();
    await tc1.workstation.close();
    tc1Closed = true;
    const reopened = await Workstation.open({
      dataDir: tc1.dataDir,
      url: `http://127.0.0.1:${await closedPort()}`,
      anonKey: stack.anonKey,
      requestTimeoutMs: 2_000,
    });
    try {
      const caller = new ContractCaller(createHandlers(reopened, { now: () => SUNDAY }));
      expect((await caller.ok('floor:calling-hours', {})).window).toEqual(ALL_DAY);
      expect((await caller.ok('leads:queue', { limit: 5 })).total).toBeGreaterThan(0);
    } finally {
      await reopened.close();
    }
  });
});
