// The contract's operations through dispatch (arguments and results checked by the real schemas) against
// a real workstation (SQLite cache, supabase-js) signed in to the embedded stack with the demo seed.
import { randomUUID } from 'node:crypto';
import { mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { RunningStack } from '../../local-supabase/stack.js';
import { cacheFilePath } from '../cache/index.js';
import { SCHEMA_VERSION } from '../cache/migrations.js';
import {
  DEMO_PASSWORD,
  TC1,
  TC2,
  callingHoursClock,
  freshLeadOf,
  openRig,
  seedLeadId,
  serviceClient,
  startSeededStack,
  type ServicesRig,
} from '../../../tests/support/services-rig.js';

const TC1_ID = '00000000-0000-4000-8000-000000000003';
const TC2_ID = '00000000-0000-4000-8000-000000000004';
const GROUP = { callback_overdue: 0, callback_due: 0, new: 1, recycled: 2 } as const;

let stack: RunningStack;
let rig: ServicesRig;
const clock = callingHoursClock();
const used = new Set<string>();

beforeAll(async () => {
  stack = await startSeededStack();
  rig = await openRig({ url: stack.url, anonKey: stack.anonKey }, { now: clock });
});
afterEach(() => {
  expect(rig.caller.crashReport()).toBe('');
});
afterAll(async () => {
  await rig?.close();
  await stack?.close();
});

const freshLead = () => freshLeadOf(rig, used);

describe('before anyone signs in', () => {
  it('answers signed_out, and NOT_SIGNED_IN from what needs a user', async () => {
    expect(await rig.caller.ok('session:state')).toEqual({ status: 'signed_out' });
    expect((await rig.caller.refused('leads:queue')).code).toBe('NOT_SIGNED_IN');
    expect((await rig.caller.refused('sync:now')).code).toBe('NOT_SIGNED_IN');
    expect((await rig.caller.refused('presence:state')).code).toBe('NOT_SIGNED_IN');
    expect((await rig.caller.refused('sync:status')).code).toBe('NOT_SIGNED_IN');
    expect((await rig.caller.refused('sync:adopt-server')).code).toBe('NOT_SIGNED_IN');
  });

  it('refuses a wrong password with SIGN_IN_FAILED', async () => {
    const error = await rig.caller.refused('session:sign-in', { email: TC1, password: 'wrong' });
    expect(error.code).toBe('SIGN_IN_FAILED');
  });

  it('signs in, answers the state without any token, and emits session:changed', async () => {
    const state = await rig.caller.ok('session:sign-in', { email: TC1, password: DEMO_PASSWORD });
    expect(state).toMatchObject({
      status: 'signed_in',
      user: { id: TC1_ID, email: TC1, role: 'telecaller', full_name: 'Priya Raman' },
    });
    const text = JSON.stringify(state);
    expect(text).not.toMatch(/token|eyJ/);
    expect(await rig.caller.ok('session:state')).toEqual(state);
    expect(await rig.events.next('session:changed', (s) => s.status === 'signed_in')).toEqual(
      state,
    );
  });

  it('downloads the user’s leads with sync:now and reports idle with nothing pending', async () => {
    const progress = await rig.caller.ok('sync:now');
    expect(progress).toMatchObject({
      phase: 'idle',
      pending: 0,
      done: 0,
      total: 0,
      last_error: null,
    });
    expect(progress.last_pull_at).not.toBeNull();
    expect(await rig.caller.ok('sync:status')).toEqual(progress);
    await rig.events.next('cache:changed', (c) => c.lead_ids === null);
  });
});

describe('reading the cache', () => {
  it('answers the queue in calling order with reasons, callback times and the number callable', async () => {
    const queue = await rig.caller.ok('leads:queue', { limit: 200 });
    expect(queue.entries.length).toBeGreaterThan(0);
    expect(queue.entries.length).toBeLessThan(200);
    expect(queue.total).toBe(queue.entries.length);
    expect(Date.parse(queue.as_of)).toBeGreaterThan(clock() - 60_000);
    const groups = queue.entries.map((entry) => GROUP[entry.reason]);
    expect(groups).toEqual([...groups].sort((a, b) => a - b));
    expect(new Set(queue.entries.map((e) => e.reason))).toContain('new');
    for (const entry of queue.entries) {
      expect(entry.lead.assigned_to).toBe(TC1_ID);
      if (entry.reason === 'callback_due' || entry.reason === 'callback_overdue') {
        expect(entry.due_at).toBe(entry.lead.callback_due_at);
      }
    }
    // A page shorter than the queue still tells how long the queue is.
    const first = await rig.caller.ok('leads:queue', { limit: 1 });
    expect(first.entries).toHaveLength(1);
    expect(first.total).toBe(queue.entries.length);
    // Offset pages follow each other in calling order.
    const second = await rig.caller.ok('leads:queue', { limit: 2, offset: 1 });
    expect(second.entries.map((e) => e.lead.id)).toEqual(
      queue.entries.slice(1, 3).map((e) => e.lead.id),
    );
    expect(second.total).toBe(queue.entries.length);
  });

  it('answers a lead with its history newest first, its callbacks and whether it may be dialled', async () => {
    const queue = await rig.caller.ok('leads:queue', { limit: 200 });
    const worked = queue.entries.find((e) => e.lead.attempts > 0 && !used.has(e.lead.id));
    expect(worked).toBeDefined();
    const got = await rig.caller.ok('leads:get', { lead_id: worked!.lead.id });
    expect(got.lead).toEqual(worked!.lead);
    expect(got.history.length).toBeGreaterThan(0);
    expect(
      got.history.every((row) => row.sync_state === 'synced' && row.lead_id === got.lead.id),
    ).toBe(true);
    const times = got.history.map((row) => Date.parse(row.occurred_at));
    expect(times).toEqual([...times].sort((a, b) => b - a));
    expect(got.dial).toEqual({ ok: true });
  });

  it('answers LEAD_NOT_FOUND for a lead that is not in this user’s cache', async () => {
    expect((await rig.caller.refused('leads:get', { lead_id: randomUUID() })).code).toBe(
      'LEAD_NOT_FOUND',
    );
    // Lead 2 of the seed is tc2's.
    expect((await rig.caller.refused('leads:get', { lead_id: seedLeadId(2) })).code).toBe(
      'LEAD_NOT_FOUND',
    );
  });

  it('searches by name and phone digits, filters by status, and says when more matched', async () => {
    const lead = await freshLead();
    const byName = await rig.caller.ok('leads:search', { query: lead.name, limit: 100 });
    expect(byName.leads.map((l) => l.id)).toContain(lead.id);
    const byPhone = await rig.caller.ok('leads:search', { query: lead.phone_e164.slice(-7) });
    expect(byPhone.leads.map((l) => l.id)).toContain(lead.id);
    const filtered = await rig.caller.ok('leads:search', {
      query: lead.name,
      statuses: ['converted'],
    });
    expect(filtered.leads.map((l) => l.id)).not.toContain(lead.id);
    expect(filtered.leads.every((l) => l.status === 'converted')).toBe(true);
    const one = await rig.caller.ok('leads:search', { query: 'a', limit: 1 });
    expect(one).toMatchObject({ truncated: true });
    expect(one.leads).toHaveLength(1);
  });

  it('lists the active dispositions with their hotkeys', async () => {
    const { dispositions } = await rig.caller.ok('dispositions:list');
    expect(dispositions.map((d) => d.code)).toEqual(
      expect.arrayContaining(['NA', 'B', 'CB', 'INT', 'NI', 'DNC', 'SALE']),
    );
    expect(dispositions.find((d) => d.code === 'CB')).toMatchObject({ callback: true });
  });
});

describe('local writes', () => {
  it('logs a call into the cache, emits cache:changed and the pending count, and sync:now pushes it', async () => {
    const lead = await freshLead();
    rig.events.clear();
    const logged = await rig.caller.ok('calls:log', {
      lead_id: lead.id,
      disposition: 'NA',
      notes: 'No answer (services test).',
      duration_seconds: 12,
    });
    expect(logged.interaction).toMatchObject({
      lead_id: lead.id,
      type: 'call',
      disposition: 'NA',
      sync_state: 'pending',
    });
    expect(logged.lead).toMatchObject({
      id: lead.id,
      attempts: lead.attempts + 1,
      pending_writes: 1,
    });
    expect(['recycle', 'recycle_now']).toContain(logged.fate.kind);
    expect(logged.callback).toBeNull();
    const changed = await rig.events.next(
      'cache:changed',
      (c) => c.lead_ids?.includes(lead.id) ?? false,
    );
    expect(changed.tables).toEqual(['leads', 'interactions']);
    await rig.events.next('sync:progress', (p) => p.pending === 1);
    expect(await rig.caller.ok('sync:status')).toMatchObject({ pending: 1 });

    const before = await rig.caller.ok('leads:get', { lead_id: lead.id });
    expect(before.history[0]).toMatchObject({ id: logged.interaction.id, sync_state: 'pending' });
    expect(before.lead.pending_writes).toBe(1);

    const after = await rig.caller.ok('sync:now');
    expect(after).toMatchObject({ phase: 'idle', pending: 0, last_error: null });
    expect(after.last_push_at).not.toBeNull();
    const { data } = await serviceClient(stack)
      .from('interactions')
      .select('id, created_by, disposition, duration_seconds')
      .eq('id', logged.interaction.id);
    expect(data).toEqual([
      { id: logged.interaction.id, created_by: TC1_ID, disposition: 'NA', duration_seconds: 12 },
    ]);
    const synced = await rig.caller.ok('leads:get', { lead_id: lead.id });
    expect(synced.history[0]).toMatchObject({ id: logged.interaction.id, sync_state: 'synced' });
    expect(synced.lead.pending_writes).toBe(0);
  });

  it('refuses calls:log with DISPOSITION_UNKNOWN and CALLBACK_TIME_REQUIRED without writing', async () => {
    const lead = await freshLead();
    const unknown = await rig.caller.refused('calls:log', {
      lead_id: lead.id,
      disposition: 'NOPE',
    });
    expect(unknown.code).toBe('DISPOSITION_UNKNOWN');
    const noTime = await rig.caller.refused('calls:log', { lead_id: lead.id, disposition: 'CB' });
    expect(noTime.code).toBe('CALLBACK_TIME_REQUIRED');
    expect((await rig.caller.ok('leads:get', { lead_id: lead.id })).lead.pending_writes).toBe(0);
  });

  it('adds a note, refusing an empty one', async () => {
    const lead = await freshLead();
    expect((await rig.caller.refused('notes:add', { lead_id: lead.id, content: '   ' })).code).toBe(
      'INVALID_REQUEST',
    );
    const { interaction } = await rig.caller.ok('notes:add', {
      lead_id: lead.id,
      content: 'Prefers Tamil.',
    });
    expect(interaction).toMatchObject({
      type: 'note',
      content: 'Prefers Tamil.',
      sync_state: 'pending',
    });
    await rig.events.next(
      'cache:changed',
      (c) => c.tables.join() === 'interactions' && c.lead_ids?.[0] === lead.id,
    );
  });

  it('moves a status, and refuses LEAD_CHANGED, STATUS_MOVE_NOT_ALLOWED and a move to the same status', async () => {
    const lead = await freshLead();
    const changed = await rig.caller.refused('leads:set-status', {
      lead_id: lead.id,
      from: 'contacted',
      to: 'qualified',
    });
    expect(changed).toMatchObject({ code: 'LEAD_CHANGED', details: { current: 'new' } });
    const backwards = await rig.caller.refused('leads:set-status', {
      lead_id: lead.id,
      from: 'new',
      to: 'new',
    });
    expect(backwards.code).toBe('INVALID_REQUEST');
    const moved = await rig.caller.ok('leads:set-status', {
      lead_id: lead.id,
      from: 'new',
      to: 'contacted',
    });
    expect(moved.lead).toMatchObject({ status: 'contacted', pending_writes: 1 });
    const notAllowed = await rig.caller.refused('leads:set-status', {
      lead_id: lead.id,
      from: 'contacted',
      to: 'new',
    });
    expect(notAllowed.code).toBe('STATUS_MOVE_NOT_ALLOWED');
    const missing = await rig.caller.refused('leads:set-status', {
      lead_id: randomUUID(),
      from: 'new',
      to: 'lost',
    });
    expect(missing.code).toBe('LEAD_NOT_FOUND');
  });
});

describe('signing out', () => {
  it('answers signed_out, emits session:changed, and keeps the pending writes for the next sign-in', async () => {
    const lead = await freshLead();
    await rig.caller.ok('notes:add', { lead_id: lead.id, content: 'Written before signing out.' });
    const pending = (await rig.caller.ok('sync:status')).pending;
    expect(pending).toBeGreaterThan(0);
    expect(await rig.caller.ok('session:sign-out')).toEqual({ status: 'signed_out' });
    await rig.events.next('session:changed', (s) => s.status === 'signed_out');
    expect((await rig.caller.refused('leads:get', { lead_id: lead.id })).code).toBe(
      'NOT_SIGNED_IN',
    );
    await rig.caller.ok('session:sign-in', { email: TC1, password: DEMO_PASSWORD });
    expect((await rig.caller.ok('sync:status')).pending).toBe(pending);
  });
});

describe('a cache file the app cannot open', () => {
  it("answers CACHE_TOO_NEW, as a value, when the user's cache file is from a newer app", async () => {
    const file = cacheFilePath(rig.dataDir, TC2_ID);
    mkdirSync(path.dirname(file), { recursive: true });
    const db = new Database(file);
    db.pragma(`user_version = ${SCHEMA_VERSION + 1}`);
    db.close();
    try {
      const error = await rig.caller.refused('session:sign-in', { email: TC2, password: DEMO_PASSWORD });
      expect(error.code).toBe('CACHE_TOO_NEW');
      expect((await rig.caller.refused('leads:queue')).code).toBe('NOT_SIGNED_IN');
    } finally {
      rmSync(path.dirname(file), { recursive: true, force: true });
    }
  });
});
