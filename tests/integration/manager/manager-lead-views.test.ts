// manager:leads and manager:telecallers against the embedded stack: the preview counts exactly the leads
// manager:distribute then moves (same filter, recipients' own leads left out), in the order it takes
// them; the telecallers list holds the active telecallers with the open leads each holds; a telecaller
// sees through manager:leads only what RLS gives them, their own leads.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { plannedShares } from '../../../src/domain/distribution-shares.js';
import type { RunningStack } from '../../../src/local-supabase/stack.js';
import {
  DEMO_PASSWORD,
  MANAGER,
  openRig,
  startSeededStack,
  TC1,
  TC2,
  type ServicesRig,
} from '../../support/services-rig.js';
import { sqlNumber } from '../../support/sql-values.js';

const TC1_ID = '00000000-0000-4000-8000-000000000003';
const SOURCE = 'views-test';

let stack: RunningStack;
let manager: ServicesRig;

beforeAll(async () => {
  stack = await startSeededStack();
  // 12 open leads of this source, 3 of them tc1's, one lost, one on the do-not-call list.
  await stack.db.query(
    `insert into public.leads (name, phone_e164, source, time_zone, assigned_to, status, created_at)
     select 'View ' || g, '+9198300' || lpad(g::text, 5, '0'), '${SOURCE}',
            case when g % 2 = 0 then 'Asia/Kolkata' else 'Europe/London' end,
            case when g <= 3 then '${TC1_ID}'::uuid end,
            case when g = 14 then 'lost' else 'new' end,
            now() - make_interval(days => g)
       from generate_series(1, 14) g`,
  );
  await stack.db.query(
    `insert into public.dnc_list (phone_e164, reason) values ('+919830000013', 'views test')`,
  );
  manager = await openRig({ url: stack.url, anonKey: stack.anonKey, requestTimeoutMs: 15_000 });
  const signedIn = await manager.workstation.signIn(MANAGER, DEMO_PASSWORD);
  if (!signedIn.ok) throw new Error(signedIn.message);
}, 120_000);

afterAll(async () => {
  await manager?.close();
  await stack?.close();
});

describe('manager:leads', () => {
  it('counts the open, callable leads a filter picks and lists them in distribution order', async () => {
    const all = await manager.caller.ok('manager:leads', { sources: [SOURCE] });
    expect(all.total).toBe(12);
    expect(all.leads.map((lead) => lead.name)).toEqual(
      // Oldest first (priority ties): View 12 is 12 days old; 13 is do-not-call, 14 is lost.
      [12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1].map((n) => `View ${n}`),
    );
    const unassigned = await manager.caller.ok('manager:leads', {
      sources: [SOURCE],
      unassigned: true,
    });
    expect(unassigned.total).toBe(9);
    const kolkata = await manager.caller.ok('manager:leads', {
      sources: [SOURCE],
      time_zones: ['Asia/Kolkata'],
      created_before: new Date(Date.now() - 5.5 * 86_400_000).toISOString(),
    });
    expect(kolkata.leads.map((lead) => lead.name)).toEqual([
      'View 12',
      'View 10',
      'View 8',
      'View 6',
    ]);
    const limited = await manager.caller.ok('manager:leads', {
      sources: [SOURCE],
      limit: 5,
      rows: 2,
    });
    expect({ total: limited.total, listed: limited.leads.length }).toEqual({ total: 5, listed: 2 });
    const lost = await manager.caller.ok('manager:leads', {
      sources: [SOURCE],
      statuses: ['lost'],
    });
    expect(lost.leads.map((lead) => lead.name)).toEqual(['View 14']);
  });

  it('leaves out the leads the recipients hold, as the distribution then does', async () => {
    const preview = await manager.caller.ok('manager:leads', {
      sources: [SOURCE],
      not_held_by: [TC1_ID],
      limit: 4,
    });
    expect(preview.total).toBe(4);
    expect(preview.leads.every((lead) => lead.assigned_to !== TC1_ID)).toBe(true);
    const result = await manager.caller.ok('manager:distribute', {
      to: [{ email: TC1 }],
      sources: [SOURCE],
      limit: 4,
    });
    expect(result.total).toBe(preview.total);
    const { rows } = await stack.db.query<{ id: string }>(
      `select id from public.leads where source = $1 and assigned_to = $2 and id = any($3::uuid[])`,
      [SOURCE, TC1_ID, preview.leads.map((lead) => lead.id)],
    );
    expect(rows).toHaveLength(4);
  });
});

describe("the Leads screen's confirmation", () => {
  it('forecasts the shares the server then gives, weighted and capped', async () => {
    const { telecallers } = await manager.caller.ok('manager:telecallers');
    const people = [TC1, TC2].map((email) => {
      const person = telecallers.find((each) => each.email === email)!;
      return { id: person.id, email, weight: email === TC1 ? 3 : 1, openLeads: person.open_leads };
    });
    const notHeldBy = people.map((person) => person.id);
    const filter = { sources: [SOURCE], unassigned: true };

    await stack.db.query(
      `update public.leads set assigned_to = null where source = $1 and name in ('View 10', 'View 11', 'View 12')`,
      [SOURCE],
    );
    const weightedPick = await manager.caller.ok('manager:leads', {
      ...filter,
      not_held_by: notHeldBy,
    });
    const weighted = await manager.caller.ok('manager:distribute', {
      ...filter,
      to: people.map(({ email, weight }) => ({ email, weight })),
      mode: 'weighted',
    });
    expect(weighted.assignments.map((a) => a.count)).toEqual(
      plannedShares(weightedPick.total, people, 'weighted', 0),
    );

    await stack.db.query(`update public.leads set assigned_to = null where source = $1`, [SOURCE]);
    const { telecallers: now } = await manager.caller.ok('manager:telecallers');
    const held = people.map((person) => ({
      ...person,
      openLeads: now.find((each) => each.id === person.id)!.open_leads,
    }));
    // A cap just above the lighter holder's leads, so it binds.
    const cap = Math.min(...held.map((person) => person.openLeads)) + 3;
    const cappedPick = await manager.caller.ok('manager:leads', {
      ...filter,
      not_held_by: notHeldBy,
    });
    const capped = await manager.caller.ok('manager:distribute', {
      ...filter,
      to: held.map(({ email }) => ({ email })),
      mode: 'capped',
      cap,
    });
    expect(capped.assignments.map((a) => a.count)).toEqual(
      plannedShares(cappedPick.total, held, 'capped', cap),
    );
    // The cap did bind: fewer moved than the filter picked.
    expect(capped.total).toBeLessThan(cappedPick.total);
  });
});

describe('manager:telecallers', () => {
  it('lists the active telecallers with the open leads each holds', async () => {
    const { telecallers } = await manager.caller.ok('manager:telecallers');
    const emails = telecallers.map((person) => person.email);
    expect(emails).toContain(TC1);
    expect(emails).toContain(TC2);
    expect(emails).not.toContain(MANAGER);
    const { rows } = await stack.db.query<{ held: number }>(
      `select count(*)::int as held from public.leads
        where assigned_to = $1 and status in ('new', 'contacted', 'qualified')`,
      [TC1_ID],
    );
    expect(telecallers.find((person) => person.id === TC1_ID)?.open_leads).toBe(
      sqlNumber(rows[0]!.held),
    );
  });

  it('leaves out a deactivated telecaller', async () => {
    await stack.db.query(`update public.profiles set is_active = false where email = $1`, [TC2]);
    try {
      const { telecallers } = await manager.caller.ok('manager:telecallers');
      expect(telecallers.map((person) => person.email)).not.toContain(TC2);
    } finally {
      await stack.db.query(`update public.profiles set is_active = true where email = $1`, [TC2]);
    }
  });
});

describe('a telecaller asking', () => {
  it('sees only their own leads through manager:leads, and may not import', async () => {
    const tc1 = await openRig({ url: stack.url, anonKey: stack.anonKey, requestTimeoutMs: 15_000 });
    try {
      const signedIn = await tc1.workstation.signIn(TC1, DEMO_PASSWORD);
      if (!signedIn.ok) throw new Error(signedIn.message);
      const seen = await tc1.caller.ok('manager:leads', { unassigned: false, rows: 500 });
      expect(seen.leads.length).toBeGreaterThan(0);
      expect(seen.leads.every((lead) => lead.assigned_to === TC1_ID)).toBe(true);
      expect(await tc1.caller.refused('manager:import-begin', {})).toMatchObject({
        code: 'FORBIDDEN',
      });
    } finally {
      await tc1.close();
    }
  });
});
