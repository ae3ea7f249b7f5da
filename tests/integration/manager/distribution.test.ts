// `talentg workstation ... distribute` against the embedded stack: round-robin, weighted and capped
// give the expected counts; the telecallers' cores receive the leads (tc1 live, by realtime's poke; tc2
// on its next sync); a telecaller, a deactivated person and a non-telecaller are refused with their codes.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCoreClient, type CoreClient } from '../../../src/contract/core-client.js';
import type { RunningStack } from '../../../src/local-supabase/stack.js';
import { hostCore, type HostedCore } from '../../../src/workstation/host-core.js';
import { Workstation } from '../../../src/workstation/workstation.js';
import { DEMO_PASSWORD, MANAGER, TC1, TC2, startSeededStack } from '../../support/services-rig.js';
import { sqlNumber } from '../../support/sql-values.js';
import { spawnTalentg } from '../talentg-process.js';

const TC1_ID = '00000000-0000-4000-8000-000000000003';
const TC2_ID = '00000000-0000-4000-8000-000000000004';

interface Core {
  workstation: Workstation;
  core: HostedCore;
  client: CoreClient;
}

let stack: RunningStack;
const dir = mkdtempSync(path.join(os.tmpdir(), 'talentg-distribute-'));
let manager: Core;
let tc1: Core;
let tc2: Core;

async function openCore(name: string, email: string): Promise<Core> {
  const workstation = await Workstation.open({
    dataDir: path.join(dir, name),
    url: stack.url,
    anonKey: stack.anonKey,
    // The timed pull is an hour away: a lead that arrives early came through realtime's poke.
    sync: { periodicMs: 3_600_000 },
  });
  const signedIn = await workstation.signIn(email, DEMO_PASSWORD);
  if (!signedIn.ok) throw new Error(signedIn.message);
  const core = hostCore(workstation, { autoSync: false });
  return {
    workstation,
    core,
    client: createCoreClient({ invoke: core.invoke, onEvent: core.subscribe }),
  };
}

beforeAll(async () => {
  stack = await startSeededStack();
  await stack.db.query(
    `insert into public.leads (name, phone_e164, source)
     select 'Pool ' || g, '+9198200' || lpad(g::text, 5, '0'), 'dist-test' from generate_series(1, 30) g`,
  );
  manager = await openCore('manager', MANAGER);
  tc1 = await openCore('tc1', TC1);
  tc2 = await openCore('tc2', TC2);
  expect((await tc1.workstation.syncOnce()).ok).toBe(true);
  expect((await tc2.workstation.syncOnce()).ok).toBe(true);
  const login = await cli('login', '--email', MANAGER, '--password', DEMO_PASSWORD, '--json');
  if (login.code !== 0) throw new Error(login.stderr);
}, 120_000);

afterAll(async () => {
  for (const open of [manager, tc1, tc2]) {
    await open?.core.close();
    await open?.workstation.close();
  }
  await stack?.close();
  rmSync(dir, { recursive: true, force: true });
});

async function cli(...args: string[]) {
  const proc = spawnTalentg([
    'workstation',
    '--data-dir',
    path.join(dir, 'cli'),
    '--url',
    stack.url,
    '--anon-key',
    stack.anonKey,
    ...args,
  ]);
  const code = await proc.exited;
  return { code, stdout: proc.stdout(), stderr: proc.stderr() };
}

async function heldPoolLeads(userId: string): Promise<string[]> {
  const { rows } = await stack.db.query<{ id: string }>(
    `select id from public.leads where source = 'dist-test' and assigned_to = $1 order by id`,
    [userId],
  );
  return rows.map((row) => row.id);
}

async function openLeadCount(userId: string): Promise<number> {
  const { rows } = await stack.db.query<{ n: number }>(
    `select count(*)::int as n from public.leads
      where assigned_to = $1 and status in ('new', 'contacted', 'qualified')`,
    [userId],
  );
  return sqlNumber(rows[0]!.n);
}

function cached(core: Core, ids: string[]): boolean {
  return ids.every((id) => core.workstation.cache.leadWithHistory(id) !== null);
}

function cacheUntil(core: Core, holds: () => boolean, ms: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      stop();
      reject(new Error(`not within ${ms} ms`));
    }, ms);
    const stop = core.workstation.onCacheChanged(() => {
      if (!holds()) return;
      clearTimeout(timer);
      stop();
      resolve();
    });
  });
}

describe('distribute', () => {
  it('shares round-robin, and the leads reach tc1 live and tc2 on its next sync', async () => {
    tc1.workstation.startSync();
    // The subscription pulls once when it joins; let that round pass before the manager acts.
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    const run = await cli(
      'distribute',
      '--to',
      `${TC1},${TC2}`,
      '--source',
      'dist-test',
      '--unassigned',
      '--limit',
      '10',
      '--json',
    );
    expect(run.code, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual({
      total: 10,
      assignments: [
        { user_id: TC1_ID, email: TC1, count: 5 },
        { user_id: TC2_ID, email: TC2, count: 5 },
      ],
    });
    const tc1Leads = await heldPoolLeads(TC1_ID);
    const tc2Leads = await heldPoolLeads(TC2_ID);
    expect([tc1Leads.length, tc2Leads.length]).toEqual([5, 5]);

    if (!cached(tc1, tc1Leads)) await cacheUntil(tc1, () => cached(tc1, tc1Leads), 10_000);
    expect(cached(tc2, tc2Leads)).toBe(false);
    expect((await tc2.workstation.syncOnce()).ok).toBe(true);
    expect(cached(tc2, tc2Leads)).toBe(true);
  }, 60_000);

  it('shares weighted 2:1', async () => {
    const run = await cli(
      'distribute',
      '--to',
      `${TC1}:2,${TC2}:1`,
      '--source',
      'dist-test',
      '--unassigned',
      '--limit',
      '9',
      '--json',
    );
    expect(run.code, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({
      total: 9,
      assignments: [{ count: 6 }, { count: 3 }],
    });
    expect((await heldPoolLeads(TC1_ID)).length).toBe(11);
  }, 60_000);

  it('caps what each telecaller holds, counting the leads they already have', async () => {
    const [held1, held2] = [await openLeadCount(TC1_ID), await openLeadCount(TC2_ID)];
    // The one holding fewer can take 4 more; the other takes what the cap leaves (maybe none).
    const cap = Math.min(held1, held2) + 4;
    const expected = [Math.max(0, cap - held1), Math.max(0, cap - held2)];
    const run = await cli(
      'distribute',
      '--to',
      `${TC1},${TC2}`,
      '--mode',
      'capped',
      '--cap',
      String(cap),
      '--source',
      'dist-test',
      '--unassigned',
    );
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(new RegExp(`${TC1.replace('.', '\\.')} +${expected[0]}\\n`));
    expect(run.stdout).toMatch(new RegExp(`total +${expected[0]! + expected[1]!} \\(capped\\)`));
    expect([await openLeadCount(TC1_ID), await openLeadCount(TC2_ID)]).toEqual([
      Math.max(held1, cap),
      Math.max(held2, cap),
    ]);
  }, 60_000);

  it('refuses a telecaller, a deactivated person and a non-telecaller with their codes', async () => {
    const asTelecaller = await tc1.client.manager.distribute({
      to: [{ email: TC1 }],
      unassigned: true,
    });
    expect(asTelecaller).toMatchObject({ success: false, error: { code: 'FORBIDDEN' } });
    const importAsTelecaller = await tc1.client.manager.importBegin({ file_name: 'x.csv' });
    expect(importAsTelecaller).toMatchObject({ success: false, error: { code: 'FORBIDDEN' } });
    const reassignAsTelecaller = await tc1.client.manager.reassign({
      lead_ids: await heldPoolLeads(TC2_ID),
      to: TC1,
    });
    expect(reassignAsTelecaller).toMatchObject({ success: false, error: { code: 'FORBIDDEN' } });

    await stack.db.query(`update public.profiles set is_active = false where id = $1`, [TC2_ID]);
    try {
      const toInactive = await manager.client.manager.distribute({ to: [{ email: TC2 }] });
      expect(toInactive).toMatchObject({ success: false, error: { code: 'ASSIGNEE_INACTIVE' } });
    } finally {
      await stack.db.query(`update public.profiles set is_active = true where id = $1`, [TC2_ID]);
    }
    const toManager = await manager.client.manager.reassign({
      lead_ids: await heldPoolLeads(TC1_ID),
      to: MANAGER,
    });
    expect(toManager).toMatchObject({ success: false, error: { code: 'ASSIGNEE_NOT_TELECALLER' } });
  }, 60_000);

  it('reassigns leads from one telecaller to another and back to the pool', async () => {
    const leads = (await heldPoolLeads(TC1_ID)).slice(0, 3);
    const run = await cli('reassign', '--lead', leads.join(','), '--to', TC2, '--json');
    expect(run.code, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual({ moved: 3, unchanged: 0, missing: [] });
    const history = await stack.db.query<{ n: number }>(
      `select count(*)::int as n from public.lead_assignments
        where lead_id = any($1::uuid[]) and from_user = $2 and to_user = $3`,
      [leads, TC1_ID, TC2_ID],
    );
    expect(sqlNumber(history.rows[0]!.n)).toBe(3);
    const pooled = await manager.client.manager.reassign({ lead_ids: leads, to: null });
    expect(pooled).toMatchObject({ success: true, data: { moved: 3 } });
  }, 60_000);
});
