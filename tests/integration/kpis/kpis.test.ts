// kpis:get through a real core against the embedded stack: a telecaller logs calls (and keeps a due
// callback) on their workstation, syncs, and the manager's KPIs count exactly them; the named ranges
// have their buckets; a telecaller is refused, and bad periods and zones get their codes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KpiCounts, KpiReport } from '../../../src/contract/operations/kpis.js';
import type { RunningStack } from '../../../src/local-supabase/stack.js';
import {
  MANAGER,
  signedInRig,
  startSeededStack,
  TC1,
  type ServicesRig,
} from '../../support/services-rig.js';

const TC1_ID = '00000000-0000-4000-8000-000000000003';
const HOUR_MS = 3_600_000;

let stack: RunningStack;
let manager: ServicesRig;
let tc1: ServicesRig;
const leadIds: string[] = [];

beforeAll(async () => {
  stack = await startSeededStack();
  const inserted = await stack.db.query<{ id: string }>(
    `insert into public.leads (name, phone_e164, source, time_zone, assigned_to)
     select 'KPI ' || g, '+9198400' || lpad(g::text, 5, '0'), 'kpi-test', 'Asia/Kolkata', '${TC1_ID}'
       from generate_series(1, 3) g
     returning id`,
  );
  leadIds.push(...inserted.rows.map((row) => row.id).sort());
  // Lead 0 has a callback due five minutes ago: the call below keeps it.
  await stack.db.query(
    `insert into public.callbacks (lead_id, owner_id, due_at, created_by)
     values ($1, '${TC1_ID}', now() - interval '5 minutes', '${TC1_ID}')`,
    [leadIds[0]],
  );
  manager = await signedInRig(stack, MANAGER);
  tc1 = await signedInRig(stack, TC1);
  expect((await tc1.workstation.syncOnce()).ok).toBe(true);
}, 120_000);

afterAll(async () => {
  await tc1?.close();
  await manager?.close();
  await stack?.close();
});

/** The last three hours and the next one, in UTC hours: around every call and callback of the test. */
function aroundNow() {
  return {
    from: new Date(Date.now() - 3 * HOUR_MS).toISOString(),
    to: new Date(Date.now() + HOUR_MS).toISOString(),
    time_zone: 'UTC',
  };
}

function tc1Totals(report: KpiReport): KpiCounts {
  const row = report.people.find((person) => person.user_id === TC1_ID);
  if (row === undefined) throw new Error('tc1 is not in the KPIs');
  return row.totals;
}

function minus(after: KpiCounts, before: KpiCounts): KpiCounts {
  const keys = Object.keys(after) as (keyof KpiCounts)[];
  return Object.fromEntries(keys.map((key) => [key, after[key] - before[key]])) as KpiCounts;
}

describe('kpis:get', () => {
  it('counts the calls and callbacks a telecaller logged and synced', async () => {
    const period = aroundNow();
    const before = await manager.caller.ok('kpis:get', period);
    // A callback already 40 minutes late, on a lead nobody calls: missed.
    await stack.db.query(
      `insert into public.callbacks (lead_id, owner_id, due_at, created_by)
       values ($1, '${TC1_ID}', now() - interval '40 minutes', '${TC1_ID}')`,
      [leadIds[2]],
    );

    const kept = await tc1.caller.ok('calls:log', {
      lead_id: leadIds[0] ?? '',
      disposition: 'INT',
      duration_seconds: 120,
    });
    expect(kept.kept_callbacks).toHaveLength(1);
    await tc1.caller.ok('calls:log', {
      lead_id: leadIds[1] ?? '',
      disposition: 'NA',
      duration_seconds: 15,
    });
    await tc1.caller.ok('calls:log', {
      lead_id: leadIds[1] ?? '',
      disposition: 'SALE',
      duration_seconds: 300,
    });
    expect((await tc1.workstation.syncOnce()).ok).toBe(true);

    const after = await manager.caller.ok('kpis:get', period);
    expect(minus(tc1Totals(after), tc1Totals(before))).toEqual({
      calls: 3,
      contacts: 2,
      conversions: 1,
      talk_seconds: 435,
      callbacks_kept: 1,
      callbacks_missed: 1,
    });
    expect(after.bucket).toBe('hour');
    expect(after.buckets).toHaveLength(5);
    // The floor is the sum of its people, bucket by bucket.
    for (const [index, bucket] of after.floor.series.entries()) {
      const calls = after.people.reduce(
        (sum, person) => sum + (person.series[index]?.calls ?? 0),
        0,
      );
      expect(bucket.calls).toBe(calls);
    }
    expect(after.floor.totals.calls).toBe(
      after.people.reduce((sum, person) => sum + person.totals.calls, 0),
    );
    expect(after.people.find((person) => person.user_id === TC1_ID)?.series).toHaveLength(5);
  });

  it('names today in hours and the week and the month in local days', async () => {
    const today = await manager.caller.ok('kpis:get', {
      range: 'today',
      time_zone: 'Asia/Kolkata',
    });
    expect(today.bucket).toBe('hour');
    // India keeps no DST: every day is 24 hours, starting at 18:30 UTC.
    expect(today.buckets).toHaveLength(24);
    expect(today.buckets[0]).toMatch(/T18:30:00\.000Z$/);
    expect(Date.parse(today.to) - Date.parse(today.from)).toBe(24 * HOUR_MS);
    expect(Date.parse(today.from)).toBeLessThanOrEqual(Date.now());
    expect(Date.parse(today.to)).toBeGreaterThan(Date.now());

    const week = await manager.caller.ok('kpis:get', { range: 'week', time_zone: 'Asia/Kolkata' });
    expect({ bucket: week.bucket, buckets: week.buckets.length }).toEqual({
      bucket: 'day',
      buckets: 7,
    });
    expect(week.to).toBe(today.to);
    const month = await manager.caller.ok('kpis:get', {
      range: 'month',
      time_zone: 'Asia/Kolkata',
    });
    expect(month.buckets).toHaveLength(30);
    expect(month.floor.totals.calls).toBeGreaterThanOrEqual(week.floor.totals.calls);
    expect(week.floor.totals.calls).toBeGreaterThanOrEqual(today.floor.totals.calls);
  });

  it("refuses a telecaller: the floor is the managers' to read", async () => {
    const refused = await tc1.caller.refused('kpis:get', { range: 'today', time_zone: 'UTC' });
    expect(refused.code).toBe('FORBIDDEN');
  });

  it('refuses bad periods and zones with their codes', async () => {
    const now = Date.now();
    const backwards = await manager.caller.refused('kpis:get', {
      from: new Date(now).toISOString(),
      to: new Date(now - HOUR_MS).toISOString(),
      time_zone: 'UTC',
    });
    expect(backwards.code).toBe('KPI_RANGE_INVALID');
    const tooLong = await manager.caller.refused('kpis:get', {
      from: new Date(now - 100 * 24 * HOUR_MS).toISOString(),
      to: new Date(now).toISOString(),
      time_zone: 'UTC',
    });
    expect(tooLong.code).toBe('KPI_RANGE_INVALID');
    const zone = await manager.caller.refused('kpis:get', {
      range: 'week',
      time_zone: 'Mars/Olympus',
    });
    expect(zone.code).toBe('INVALID_TIME_ZONE');
    const both = await manager.caller.refused('kpis:get', {
      range: 'week',
      from: new Date(now).toISOString(),
      time_zone: 'UTC',
    });
    expect(both.code).toBe('INVALID_REQUEST');
  });
});
