import { describe, expect, it } from 'vitest';
import { DEFAULT_DISPOSITIONS } from '../../domain/dispositions.js';
import {
  HOUR,
  MINUTE,
  NOW,
  serverCallback,
  serverLead,
} from '../../../tests/support/cache-rows.js';
import type { Intent } from './intents.js';
import {
  replayCompleteCallback,
  replayIntents,
  replayLogCall,
  replayScheduleCallback,
  replaySetStatus,
  type LeadOverlay,
} from './replay.js';
import { callbackFromServer, leadFromServer } from './server-json.js';
import { type CachedLead } from './rows.js';

const USER = '0a0a0000-0000-4000-8000-000000000001';
const ctx = { catalogue: DEFAULT_DISPOSITIONS, userId: USER, actor: 'telecaller' as const };
const iso = (ms: number) => new Date(ms).toISOString();

function overlay(fields: Record<string, unknown> = {}): LeadOverlay {
  return { lead: leadFromServer(serverLead(USER, fields)), callbacks: [], interactions: [] };
}

const callArgs = (lead: CachedLead, fields: Partial<Parameters<typeof replayLogCall>[1]> = {}) => ({
  interaction_id: 'i-1',
  lead_id: lead.id,
  disposition: 'INT',
  notes: '',
  occurred_at: iso(NOW),
  status_from: 'new' as const,
  status_to: 'qualified' as const,
  ...fields,
});

describe('replayLogCall', () => {
  it('moves the status from status_from to status_to and applies the disposition to the queue fields', () => {
    const base = overlay();
    const next = replayLogCall(base, callArgs(base.lead), { seq: 1, at: NOW }, ctx);
    expect(next.lead).toMatchObject({
      status: 'qualified',
      attempts: 1,
      last_contact_at: NOW,
      recycle_at: NOW + 1440 * MINUTE,
    });
    expect(next.interactions).toEqual([
      expect.objectContaining({ id: 'i-1', type: 'call', disposition: 'INT', local_seq: 1 }),
    ]);
  });

  it('keeps the server status when the lead has moved since, but still counts the call', () => {
    const base = overlay({ status: 'lost', attempts: 3 });
    const next = replayLogCall(base, callArgs(base.lead), { seq: 1, at: NOW }, ctx);
    expect(next.lead).toMatchObject({ status: 'lost', attempts: 4, last_contact_at: NOW });
  });

  it('does not move the recycle time back for a call older than the last contact (a late upload)', () => {
    const base = overlay({
      status: 'contacted',
      attempts: 2,
      last_contact_at: iso(NOW + HOUR),
      recycle_at: iso(NOW + 3 * HOUR),
    });
    const args = callArgs(base.lead, {
      disposition: 'NA',
      status_from: 'contacted',
      status_to: 'contacted',
    });
    const next = replayLogCall(base, args, { seq: 1, at: NOW }, ctx);
    expect(next.lead).toMatchObject({
      attempts: 3,
      last_contact_at: NOW + HOUR,
      recycle_at: NOW + 3 * HOUR,
    });
  });

  it('still records the call when the disposition left the catalogue', () => {
    const base = overlay();
    const next = replayLogCall(
      base,
      callArgs(base.lead, { disposition: 'GONE' }),
      { seq: 1, at: NOW },
      ctx,
    );
    expect(next.lead).toMatchObject({ attempts: 1, status: 'qualified' });
    expect(next.interactions).toHaveLength(1);
  });
});

describe('callback replays', () => {
  it('schedule adds a pending callback once and keeps the earliest due time on the lead', () => {
    const base = overlay({ status: 'contacted', attempts: 1, callback_due_at: iso(NOW + HOUR) });
    const args = {
      callback_id: 'cb-1',
      lead_id: base.lead.id,
      due_at: iso(NOW + 2 * HOUR),
      note: '',
      scope: 'personal' as const,
    };
    const once = replayScheduleCallback(base, args, { seq: 1, at: NOW }, ctx);
    expect(once.lead.callback_due_at).toBe(NOW + HOUR);
    expect(once.callbacks).toEqual([
      expect.objectContaining({ id: 'cb-1', state: 'pending', owner_id: USER, local_seq: 1 }),
    ]);
    expect(replayScheduleCallback(once, args, { seq: 2, at: NOW }, ctx)).toBe(once);
  });

  it('complete closes a pending callback and recomputes the due time from the ones still pending', () => {
    const base = overlay({ status: 'contacted', attempts: 1, callback_due_at: iso(NOW + HOUR) });
    const early = callbackFromServer(serverCallback(base.lead.id, { due_at: iso(NOW + HOUR) }));
    const later = callbackFromServer(serverCallback(base.lead.id, { due_at: iso(NOW + 4 * HOUR) }));
    const withBoth = { ...base, callbacks: [early, later] };
    const done = replayCompleteCallback(
      withBoth,
      { callback_id: early.id, state: 'done' },
      { seq: 3, at: NOW },
    );
    expect(done.lead.callback_due_at).toBe(NOW + 4 * HOUR);
    expect(done.callbacks[0]).toMatchObject({ state: 'done', closed_at: NOW, local_seq: 3 });
    expect(
      replayCompleteCallback(
        done,
        { callback_id: early.id, state: 'cancelled' },
        { seq: 4, at: NOW },
      ),
    ).toBe(done);
  });
});

describe('replayIntents', () => {
  it('folds intents in seq order over the server row', () => {
    const base = overlay({ version: 2 });
    const intents: Intent[] = [
      {
        seq: 1,
        id: 'm1',
        op: 'set_status',
        args: { lead_id: base.lead.id, from: 'new', to: 'contacted', base_version: 2 },
        user_id: USER,
        created_at: iso(NOW),
      },
      {
        seq: 2,
        id: 'm2',
        op: 'set_status',
        args: { lead_id: base.lead.id, from: 'contacted', to: 'qualified', base_version: 2 },
        user_id: USER,
        created_at: iso(NOW),
      },
      {
        seq: 3,
        id: 'm3',
        op: 'update_contact',
        args: {
          lead_id: base.lead.id,
          base: { company: null },
          set: { company: 'Wipro', time_zone: null },
        },
        user_id: USER,
        created_at: iso(NOW),
      },
    ];
    const next = replayIntents(base, intents, ctx);
    expect(next.lead).toMatchObject({
      status: 'qualified',
      company: 'Wipro',
      time_zone: '',
      version: 2,
    });
    expect(
      replaySetStatus(base, {
        lead_id: base.lead.id,
        from: 'contacted',
        to: 'lost',
        base_version: 2,
      }),
    ).toBe(base);
  });
});
