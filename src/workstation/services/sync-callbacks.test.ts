// Sync and callbacks through dispatch against the embedded stack: the server's refusals as dead letters,
// and callbacks from promise to server row, with the callback:due reminder.
import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { RunningStack } from '../../local-supabase/stack.js';
import { createHandlers } from './index.js';
import {
  ContractCaller,
  DEMO_PASSWORD,
  MANAGER,
  TC1,
  TC2,
  callingHoursClock,
  freshLeadOf,
  openRig,
  serviceClient,
  signedInClient,
  startSeededStack,
  type ServicesRig,
} from '../../../tests/support/services-rig.js';

const TC1_ID = '00000000-0000-4000-8000-000000000003';

let stack: RunningStack;
let rig: ServicesRig;
const clock = callingHoursClock();
const used = new Set<string>();
const freshLead = () => freshLeadOf(rig, used);

beforeAll(async () => {
  stack = await startSeededStack();
  rig = await openRig({ url: stack.url, anonKey: stack.anonKey }, { now: clock });
  await rig.caller.ok('session:sign-in', { email: TC1, password: DEMO_PASSWORD });
  await rig.caller.ok('sync:now');
});
afterEach(() => {
  expect(rig.caller.crashReport()).toBe('');
});
afterAll(async () => {
  await rig?.close();
  await stack?.close();
});

describe('the server’s refusals', () => {
  it('shows a status move the server found in conflict in sync:dead-letters, and the server’s row', async () => {
    const lead = await freshLead();
    const manager = await signedInClient(stack, MANAGER);
    expect(
      (await manager.from('leads').update({ status: 'lost' }).eq('id', lead.id)).error,
    ).toBeNull();
    await rig.caller.ok('leads:set-status', { lead_id: lead.id, from: 'new', to: 'qualified' });
    const progress = await rig.caller.ok('sync:now');
    expect(progress.dead_letters).toBeGreaterThanOrEqual(1);
    const { dead_letters } = await rig.caller.ok('sync:dead-letters');
    const letter = dead_letters.find((l) => l.lead_id === lead.id);
    expect(letter).toMatchObject({
      status: 'conflict',
      code: 'SYNC_CONFLICT',
      intent: { op: 'set_status', args: { lead_id: lead.id, from: 'new', to: 'qualified' } },
    });
    expect(letter?.server_row).toMatchObject({ id: lead.id, status: 'lost' });
    expect((await rig.caller.ok('leads:get', { lead_id: lead.id })).lead.status).toBe('lost');
    // A closed lead gets no callbacks.
    const refused = await rig.caller.refused('callbacks:schedule', {
      lead_id: lead.id,
      due_at: new Date(clock() + 3_600_000).toISOString(),
    });
    expect(refused.code).toBe('STATUS_MOVE_NOT_ALLOWED');
  });

  it('lists the logged conflicts online: the writer their own, a manager the whole floor, who settles them', async () => {
    const mine = await rig.caller.ok('sync:conflicts', {});
    const moved = mine.conflicts.find((c) => c.kind === 'status_conflict' && c.op === 'set_status');
    expect(moved).toMatchObject({
      user_id: TC1_ID,
      field: 'status',
      base: 'new',
      attempted: 'qualified',
      server: { status: 'lost' },
    });
    expect(mine.conflicts.every((c) => c.user_id === TC1_ID)).toBe(true);
    expect(mine.next_after).toBeNull();

    // Paged: a full page names where the next one starts.
    const first = await rig.caller.ok('sync:conflicts', { limit: 1 });
    expect(first.conflicts.map((c) => c.id)).toEqual([mine.conflicts[0]!.id]);
    expect(first.next_after).toBe(first.conflicts[0]!.id);
    const rest = await rig.caller.ok('sync:conflicts', { after: first.next_after! });
    expect([...first.conflicts, ...rest.conflicts].map((c) => c.id)).toEqual(
      mine.conflicts.map((c) => c.id),
    );

    const manager = await openRig({ url: stack.url, anonKey: stack.anonKey }, { now: clock });
    const other = await openRig({ url: stack.url, anonKey: stack.anonKey }, { now: clock });
    try {
      await manager.caller.ok('session:sign-in', { email: MANAGER, password: DEMO_PASSWORD });
      const floor = await manager.caller.ok('sync:conflicts', { limit: 1000 });
      expect(floor.conflicts.map((c) => c.id)).toContain(moved!.id);
      await other.caller.ok('session:sign-in', { email: TC2, password: DEMO_PASSWORD });
      const theirs = await other.caller.ok('sync:conflicts', { limit: 1000 });
      expect(theirs.conflicts.map((c) => c.id)).not.toContain(moved!.id);

      // Settling: the manager may, the telecallers may not; a status conflict is kept, not restored.
      expect(moved).toMatchObject({ settlement: null, settled_at: null });
      const settle = { id: moved!.id, settlement: 'kept' } as const;
      expect((await rig.caller.refused('sync:settle-conflict', settle)).code).toBe('FORBIDDEN');
      expect(
        (
          await manager.caller.refused('sync:settle-conflict', {
            ...settle,
            settlement: 'restored',
          })
        ).code,
      ).toBe('CONFLICT_NOT_RESTORABLE');
      expect(await manager.caller.ok('sync:settle-conflict', settle)).toMatchObject(settle);
      expect((await manager.caller.refused('sync:settle-conflict', settle)).code).toBe(
        'CONFLICT_ALREADY_SETTLED',
      );
      const after = await rig.caller.ok('sync:conflicts', {});
      expect(after.conflicts.find((c) => c.id === moved!.id)).toMatchObject({
        settlement: 'kept',
        settled_by: '00000000-0000-4000-8000-000000000002',
      });
      expect(manager.caller.crashReport() + other.caller.crashReport()).toBe('');
    } finally {
      await manager.close();
      await other.close();
    }
  });

  it('shows a call on a lead that went do-not-call as rejected with DNC_LEAD', async () => {
    const lead = await freshLead();
    const manager = await signedInClient(stack, MANAGER);
    const listed = await manager
      .from('dnc_list')
      .insert({ phone_e164: lead.phone_e164, reason: 'services test' });
    expect(listed.error).toBeNull();
    await new Promise((resolve) => setTimeout(resolve, 50));
    // The server compares the call's time with the listing's, so this call is logged on the real clock.
    const realClock = new ContractCaller(createHandlers(rig.workstation));
    const logged = await realClock.ok('calls:log', { lead_id: lead.id, disposition: 'B' });
    await rig.caller.ok('sync:now');
    const { dead_letters } = await rig.caller.ok('sync:dead-letters');
    const letter = dead_letters.find((l) => l.intent.args.interaction_id === logged.interaction.id);
    expect(letter).toMatchObject({
      status: 'rejected',
      code: 'DNC_LEAD',
      lead_id: lead.id,
      intent: { op: 'log_call' },
    });
    expect(realClock.crashReport()).toBe('');
  });

  it('settles dead letters: a conflict is dismissed, a rejection retried and judged again', async () => {
    const before = await rig.caller.ok('sync:dead-letters');
    const conflict = before.dead_letters.find((l) => l.status === 'conflict');
    const rejection = before.dead_letters.find((l) => l.code === 'DNC_LEAD');
    if (!conflict || !rejection)
      throw new Error('the tests above leave a conflict and a rejection');

    const notRetryable = await rig.caller.refused('sync:retry-dead-letter', { seq: conflict.seq });
    expect(notRetryable.code).toBe('DEAD_LETTER_NOT_RETRYABLE');
    const dismissed = await rig.caller.ok('sync:dismiss-dead-letter', { seq: conflict.seq });
    expect(dismissed.dead_letter).toMatchObject({ seq: conflict.seq, resolution: 'dismissed' });
    const again = await rig.caller.refused('sync:dismiss-dead-letter', { seq: conflict.seq });
    expect(again.code).toBe('DEAD_LETTER_NOT_FOUND');

    // The number is still listed, so the server refuses the retried call again, under its new seq.
    const retried = await rig.caller.ok('sync:retry-dead-letter', { seq: rejection.seq });
    expect(retried.dead_letter).toMatchObject({
      resolution: 'retried',
      retried_as: retried.queued_seq,
    });
    expect((await rig.caller.ok('sync:status')).pending).toBeGreaterThanOrEqual(1);
    const progress = await rig.caller.ok('sync:now');
    const after = await rig.caller.ok('sync:dead-letters');
    expect(after.dead_letters.map((l) => l.seq)).not.toContain(conflict.seq);
    expect(after.dead_letters.map((l) => l.seq)).not.toContain(rejection.seq);
    expect(after.dead_letters.find((l) => l.seq === retried.queued_seq)).toMatchObject({
      code: 'DNC_LEAD',
      intent: { op: 'log_call', args: rejection.intent.args },
      resolution: null,
    });
    expect(progress.dead_letters).toBe(after.dead_letters.length);
  });
});

describe('callbacks', () => {
  it('schedules, lists, completes idempotently, and pushes the callback', async () => {
    const lead = await freshLead();
    const past = await rig.caller.refused('callbacks:schedule', {
      lead_id: lead.id,
      due_at: new Date(clock() - 60_000).toISOString(),
    });
    expect(past.code).toBe('CALLBACK_IN_PAST');
    const dueAt = new Date(clock() + 2 * 3_600_000).toISOString();
    const scheduled = await rig.caller.ok('callbacks:schedule', {
      lead_id: lead.id,
      due_at: dueAt,
      note: 'After lunch',
    });
    expect(scheduled.callback).toMatchObject({
      lead_id: lead.id,
      state: 'pending',
      due_at: dueAt,
      note: 'After lunch',
      scope: 'personal',
      owner_id: TC1_ID,
      sync_state: 'pending',
    });
    expect(scheduled.lead.callback_due_at).toBe(dueAt);
    await rig.events.next(
      'cache:changed',
      (c) => c.tables.includes('callbacks') && (c.lead_ids?.includes(lead.id) ?? false),
    );

    const listed = await rig.caller.ok('callbacks:list', { lead_id: lead.id });
    expect(listed.callbacks).toEqual([
      { ...scheduled.callback, lead_name: lead.name, lead_time_zone: lead.time_zone },
    ]);
    const all = await rig.caller.ok('callbacks:list', { limit: 500 });
    const dues = all.callbacks.map((c) => Date.parse(c.due_at));
    expect(dues).toEqual([...dues].sort((a, b) => a - b));
    expect(all.callbacks.every((c) => c.state === 'pending')).toBe(true);
    const beforeDue = await rig.caller.ok('callbacks:list', {
      lead_id: lead.id,
      due_before: dueAt,
    });
    expect(beforeDue.callbacks).toEqual([]);

    const done = await rig.caller.ok('callbacks:complete', { callback_id: scheduled.callback.id });
    expect(done.callback).toMatchObject({
      id: scheduled.callback.id,
      state: 'done',
      sync_state: 'pending',
    });
    expect(done.callback.closed_at).not.toBeNull();
    const pending = (await rig.caller.ok('sync:status')).pending;
    const again = await rig.caller.ok('callbacks:complete', {
      callback_id: scheduled.callback.id,
      state: 'cancelled',
    });
    expect(again.callback).toEqual(done.callback);
    expect((await rig.caller.ok('sync:status')).pending).toBe(pending);
    const missing = await rig.caller.refused('callbacks:complete', { callback_id: randomUUID() });
    expect(missing.code).toBe('CALLBACK_NOT_FOUND');

    await rig.caller.ok('sync:now');
    const { data } = await serviceClient(stack)
      .from('callbacks')
      .select('state, note')
      .eq('id', scheduled.callback.id);
    expect(data).toEqual([{ state: 'done', note: 'After lunch' }]);
    const closed = await rig.caller.ok('callbacks:list', { lead_id: lead.id, states: ['done'] });
    expect(closed.callbacks).toMatchObject([
      { id: scheduled.callback.id, state: 'done', sync_state: 'synced' },
    ]);
  });

  it('emits callback:due when a pending callback reaches its time', async () => {
    const lead = await freshLead();
    const dueAt = new Date(clock() + 1_500).toISOString();
    const { callback } = await rig.caller.ok('callbacks:schedule', {
      lead_id: lead.id,
      due_at: dueAt,
    });
    const due = await rig.events.next('callback:due', (d) => d.callback.id === callback.id, 10_000);
    expect(due.callback).toMatchObject({
      id: callback.id,
      lead_name: lead.name,
      state: 'pending',
      due_at: dueAt,
    });
    expect(clock()).toBeGreaterThanOrEqual(Date.parse(dueAt));
  });
});
