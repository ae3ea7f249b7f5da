import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkDialable } from './dnc';
import { LEAD_STATUSES, type Lead } from './lead';
import { nextInQueue, orderQueue, type QueueEntry, type QueueReason } from './queue';

// Monday 2025-06-02 12:00 in India: inside the default window there, 02:30 (outside) in New York.
const NOW = Date.UTC(2025, 5, 2, 6, 30);
const MINUTE = 60_000;
const LISTED = '+919800000001';
const options = { now: NOW, dncList: new Set([LISTED]) };

function lead(id: string, fields: Partial<Lead> = {}): Lead {
  return {
    id,
    status: 'new',
    priority: 0,
    phone_e164: '+919876543210',
    time_zone: 'Asia/Kolkata',
    do_not_call: false,
    consent_withdrawn: false,
    attempts: 0,
    created_at: NOW - 60 * MINUTE,
    last_contact_at: null,
    callback_due_at: null,
    recycle_at: null,
    assigned_to: 'tc1',
    ...fields,
  };
}

const summary = (entries: QueueEntry[]) =>
  entries.map((entry) => `${entry.lead.id}:${entry.reason}`);

describe('orderQueue', () => {
  it('puts callbacks first, then new leads, then recycled ones, and leaves out the rest', () => {
    const contacted = { status: 'contacted', attempts: 1 } as const;
    const leads = [
      lead('recycled-late', { ...contacted, last_contact_at: NOW - 10 * MINUTE }),
      lead('new-old', { created_at: NOW - 5 * 60 * MINUTE }),
      lead('callback-due', { ...contacted, callback_due_at: NOW + 4 * MINUTE }),
      lead('new-fresh', { created_at: NOW - 2 * MINUTE }),
      lead('callback-later', { ...contacted, callback_due_at: NOW + 60 * MINUTE }),
      lead('new-vip-old', { priority: 5, created_at: NOW - 24 * 60 * MINUTE }),
      lead('callback-overdue', { ...contacted, callback_due_at: NOW - 30 * MINUTE }),
      lead('recycled-early', {
        ...contacted,
        last_contact_at: NOW - 90 * MINUTE,
        recycle_at: NOW - MINUTE,
      }),
      lead('resting', {
        ...contacted,
        last_contact_at: NOW - 5 * MINUTE,
        recycle_at: NOW + 10 * MINUTE,
      }),
      lead('converted', { status: 'converted', attempts: 3 }),
      lead('lost', { status: 'lost', attempts: 6 }),
      lead('asked-no-calls', { do_not_call: true }),
      lead('on-dnc-list', { phone_e164: LISTED }),
      lead('no-consent', { consent_withdrawn: true }),
      lead('asleep-in-new-york', { time_zone: 'America/New_York' }),
      lead('unanswered-new', {
        attempts: 1,
        last_contact_at: NOW - 200 * MINUTE,
        recycle_at: NOW - 80 * MINUTE,
      }),
    ];
    const queue = orderQueue(leads, options);
    expect(summary(queue)).toEqual([
      'callback-overdue:callback_overdue',
      'callback-due:callback_due',
      'new-vip-old:new',
      'new-fresh:new',
      'new-old:new',
      'unanswered-new:recycled',
      'recycled-early:recycled',
      'recycled-late:recycled',
    ]);
    expect(queue[0]?.dueAt).toBe(NOW - 30 * MINUTE);
    expect(queue[2]).not.toHaveProperty('dueAt');
  });

  it('the lookahead decides how early a callback is offered', () => {
    const leads = [
      lead('soon', { status: 'contacted', attempts: 1, callback_due_at: NOW + 9 * MINUTE }),
    ];
    expect(orderQueue(leads, options)).toEqual([]);
    expect(summary(orderQueue(leads, { ...options, lookaheadMs: 10 * MINUTE }))).toEqual([
      'soon:callback_due',
    ]);
  });
});

// Random leads: ids unique, every field drawn from ranges that hit every branch.
const instantNear = fc.integer({ min: NOW - 3 * 60 * MINUTE, max: NOW + 3 * 60 * MINUTE });
const leadArb = fc.record({
  status: fc.constantFrom(...LEAD_STATUSES),
  priority: fc.integer({ min: 0, max: 3 }),
  phone_e164: fc.constantFrom('+919876543210', LISTED),
  time_zone: fc.constantFrom('Asia/Kolkata', 'Asia/Kolkata', 'America/New_York', 'Not/AZone'),
  do_not_call: fc.boolean(),
  consent_withdrawn: fc.boolean(),
  attempts: fc.integer({ min: 0, max: 7 }),
  created_at: fc.integer({ min: NOW - 7 * 24 * 60 * MINUTE, max: NOW }),
  last_contact_at: fc.option(fc.integer({ min: NOW - 3 * 24 * 60 * MINUTE, max: NOW })),
  callback_due_at: fc.option(instantNear, { freq: 3 }),
  recycle_at: fc.option(instantNear),
  assigned_to: fc.constant('tc1'),
});
const leadsArb = fc.array(leadArb, { maxLength: 80 }).map((leads) =>
  leads.map((fields, index): Lead => ({
    id: `lead-${String(index).padStart(3, '0')}`,
    ...fields,
  })),
);

/** The queue rules restated independently of the implementation. */
function expectedReason(candidate: Lead): QueueReason | undefined {
  if (candidate.status === 'converted' || candidate.status === 'lost') return undefined;
  if (!checkDialable(candidate, options).ok) return undefined;
  if (candidate.callback_due_at !== null) {
    if (candidate.callback_due_at <= NOW) return 'callback_overdue';
    return candidate.callback_due_at <= NOW + 5 * MINUTE ? 'callback_due' : undefined;
  }
  if (candidate.status === 'new' && candidate.attempts === 0) return 'new';
  if (candidate.recycle_at === null || candidate.recycle_at <= NOW) return 'recycled';
  return undefined;
}

const GROUP: Record<QueueReason, number> = {
  callback_overdue: 0,
  callback_due: 0,
  new: 1,
  recycled: 2,
};

function inOrder(a: QueueEntry, b: QueueEntry): boolean {
  if (GROUP[a.reason] !== GROUP[b.reason]) return GROUP[a.reason] < GROUP[b.reason];
  if (GROUP[a.reason] === 0) return (a.dueAt ?? 0) <= (b.dueAt ?? 0);
  if (a.reason === 'new') {
    return (
      a.lead.priority > b.lead.priority ||
      (a.lead.priority === b.lead.priority && a.lead.created_at >= b.lead.created_at)
    );
  }
  return (a.lead.last_contact_at ?? -Infinity) <= (b.lead.last_contact_at ?? -Infinity);
}

describe('queue properties', () => {
  it('the queue is a permutation of the eligible leads, each with the right reason', () => {
    fc.assert(
      fc.property(leadsArb, (leads) => {
        const queue = orderQueue(leads, options);
        const expected = leads
          .map((candidate) => [candidate.id, expectedReason(candidate)] as const)
          .filter(([, reason]) => reason !== undefined)
          .map(([id, reason]) => `${id}:${reason}`)
          .sort();
        expect(summary(queue).sort()).toEqual(expected);
      }),
      { numRuns: 300 },
    );
  });

  it('every callback precedes every new lead, which precedes every recycled lead; each group is in its order', () => {
    fc.assert(
      fc.property(leadsArb, (leads) => {
        const queue = orderQueue(leads, options);
        for (let index = 1; index < queue.length; index += 1) {
          expect(inOrder(queue[index - 1] as QueueEntry, queue[index] as QueueEntry)).toBe(true);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('no closed, blocked, resting or future-callback lead appears', () => {
    fc.assert(
      fc.property(leadsArb, (leads) => {
        for (const { lead: queued } of orderQueue(leads, options)) {
          expect(['converted', 'lost']).not.toContain(queued.status);
          expect(checkDialable(queued, options)).toEqual({ ok: true });
          if (queued.callback_due_at !== null) {
            expect(queued.callback_due_at).toBeLessThanOrEqual(NOW + 5 * MINUTE);
          } else if (
            queued.recycle_at !== null &&
            !(queued.status === 'new' && queued.attempts === 0)
          ) {
            expect(queued.recycle_at).toBeLessThanOrEqual(NOW);
          }
        }
      }),
      { numRuns: 300 },
    );
  });

  it('nextInQueue gives exactly the first entries of the full order', () => {
    fc.assert(
      fc.property(leadsArb, fc.integer({ min: 0, max: 100 }), (leads, count) => {
        expect(nextInQueue(leads, options, count)).toEqual(
          orderQueue(leads, options).slice(0, count),
        );
      }),
      { numRuns: 300 },
    );
  });

  it('the order does not depend on the order of the input', () => {
    fc.assert(
      fc.property(
        leadsArb.chain((leads) =>
          fc.tuple(fc.constant(leads), fc.shuffledSubarray(leads, { minLength: leads.length })),
        ),
        ([leads, shuffled]) => {
          expect(orderQueue(shuffled, options)).toEqual(orderQueue(leads, options));
        },
      ),
      { numRuns: 200 },
    );
  });
});
