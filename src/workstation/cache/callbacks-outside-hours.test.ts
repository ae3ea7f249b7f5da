// A callback time outside the floor's calling hours is the person's choice: the core accepts it as it
// would any other time (the picker warns; nothing here refuses or moves it).
import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { checkCallingWindow } from '../../domain/calling-window.js';
import {
  HOUR,
  NOW,
  seedCache,
  serverLead,
  tempDataDir,
} from '../../../tests/support/cache-rows.js';
import type { CallingHours, ServerRow } from './cache-port.js';
import { openCache, type Cache } from './open-cache.js';

const USER = randomUUID();
const iso = (ms: number) => new Date(ms).toISOString();
const MON_SAT_9_TO_21: CallingHours = {
  window: { start: '09:00', end: '21:00', days: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat'] },
  updated_at: '2026-11-20T08:00:00.000Z',
};
/** Monday 23 November 2026 22:30 and Sunday 29 November 11:00 in India: both outside those hours. */
const MONDAY_LATE = Date.UTC(2026, 10, 23, 17, 0);
const SUNDAY = Date.UTC(2026, 10, 29, 5, 30);

let data: ReturnType<typeof tempDataDir>;
let cache: Cache;
let lead: ServerRow;

beforeEach(() => {
  data = tempDataDir();
  cache = openCache({ dataDir: data.dir, userId: USER, checkpointIntervalMs: 0 });
  lead = serverLead(USER, { status: 'contacted', attempts: 1 });
  seedCache(cache, [lead]);
  cache.applyCallingHours(MON_SAT_9_TO_21);
});
afterEach(() => {
  cache.close();
  data.remove();
});

describe('a callback due outside the calling hours', () => {
  it('is outside them on the lead’s clock (the premise of this file)', () => {
    const window = cache.callingWindow();
    for (const due of [MONDAY_LATE, SUNDAY]) {
      expect(checkCallingWindow(due, 'Asia/Kolkata', window)).toMatchObject({ allowed: false });
    }
  });

  it('is scheduled, pending and queued for the server at the time chosen', () => {
    const done = cache.scheduleCallback({ leadId: lead.id, dueAt: SUNDAY, now: NOW });
    if (!done.ok) throw new Error(done.message);
    expect(done.callback).toMatchObject({ state: 'pending', due_at: SUNDAY });
    expect(done.lead.callback_due_at).toBe(SUNDAY);
    expect(cache.pendingBatch(10)[0]).toMatchObject({
      op: 'schedule_callback',
      args: { lead_id: lead.id, due_at: iso(SUNDAY) },
    });
  });

  it('is kept when a call promises it, at the time chosen', () => {
    const done = cache.logCall({
      leadId: lead.id,
      disposition: 'CB',
      callbackAt: MONDAY_LATE,
      now: NOW + HOUR,
    });
    if (!done.ok) throw new Error(done.message);
    expect(done.callback).toMatchObject({ state: 'pending', due_at: MONDAY_LATE });
    expect(done.lead.callback_due_at).toBe(MONDAY_LATE);
    expect(cache.pendingBatch(10)[0]?.args).toMatchObject({
      callback: { due_at: iso(MONDAY_LATE) },
    });
  });
});
