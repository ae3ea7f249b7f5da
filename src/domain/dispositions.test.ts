import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  applyDisposition,
  canMoveStatus,
  DEFAULT_DISPOSITIONS,
  DEFAULT_MAX_ATTEMPTS,
  findDisposition,
  parseDispositionCatalogue,
  STATUS_TRANSITIONS,
  type Disposition,
  type DispositionEffect,
  type StatusActor,
} from './dispositions';
import { LEAD_STATUSES, type LeadStatus } from './lead';

const NOW = Date.UTC(2025, 5, 2, 6, 30);
const MINUTE = 60_000;

function disposition(code: string): Disposition {
  const found = findDisposition(DEFAULT_DISPOSITIONS, code);
  if (!found.ok) throw new Error(found.message);
  return found.disposition;
}

function applied(result: ReturnType<typeof applyDisposition>): DispositionEffect {
  if (!result.ok) throw new Error(`${result.code}: ${result.message}`);
  return result;
}

const freshLead = { status: 'new', attempts: 0, do_not_call: false } as const;
const statusArb = fc.constantFrom<LeadStatus>(...LEAD_STATUSES);
const actorArb = fc.constantFrom<StatusActor>('telecaller', 'manager', 'admin');
const dispositionArb = fc.constantFrom(...DEFAULT_DISPOSITIONS);
const leadArb = fc.record({
  status: statusArb,
  attempts: fc.nat({ max: 20 }),
  do_not_call: fc.boolean(),
});

describe('canMoveStatus', () => {
  it.each([
    ['new', 'contacted', 'telecaller', true],
    ['contacted', 'qualified', 'telecaller', true],
    ['qualified', 'converted', 'telecaller', true],
    ['new', 'lost', 'telecaller', true],
    ['qualified', 'contacted', 'manager', false],
    ['converted', 'lost', 'admin', false],
    ['converted', 'contacted', 'admin', false],
    ['lost', 'contacted', 'telecaller', false],
    ['lost', 'contacted', 'manager', true],
    ['lost', 'contacted', 'admin', true],
    ['lost', 'converted', 'manager', false],
    ['lost', 'lost', 'telecaller', true],
  ] as const)('%s → %s by a %s: %s', (from, to, actor, allowed) => {
    expect(canMoveStatus(from, to, actor)).toBe(allowed);
  });

  it('converted is never left, and lost is left only towards contacted by a manager', () => {
    const leaving = STATUS_TRANSITIONS.filter(
      (move) => move.from === 'converted' || move.from === 'lost',
    );
    expect(leaving).toEqual([{ from: 'lost', to: 'contacted', by: 'manager' }]);
  });

  it('a higher role may make every move a lower role may', () => {
    fc.assert(
      fc.property(statusArb, statusArb, (from, to) => {
        if (canMoveStatus(from, to, 'telecaller'))
          expect(canMoveStatus(from, to, 'manager')).toBe(true);
        if (canMoveStatus(from, to, 'manager')) expect(canMoveStatus(from, to, 'admin')).toBe(true);
      }),
    );
  });
});

describe('the disposition catalogue', () => {
  it('the default catalogue holds the VICIdial codes and is valid', () => {
    expect(DEFAULT_DISPOSITIONS.map((entry) => entry.code)).toEqual([
      'NA',
      'B',
      'A',
      'DC',
      'WN',
      'CB',
      'INT',
      'NI',
      'DNC',
      'SALE',
      'DEC',
    ]);
    expect(parseDispositionCatalogue(DEFAULT_DISPOSITIONS)).toEqual({
      ok: true,
      catalogue: DEFAULT_DISPOSITIONS,
    });
  });

  it.each([
    ['a duplicate code', [...DEFAULT_DISPOSITIONS, disposition('NA')]],
    ['a sale that is not final', [{ ...disposition('SALE'), final: false }]],
    ['a do-not-call that is not final', [{ ...disposition('DNC'), final: false }]],
    ['a final disposition that recycles', [{ ...disposition('NI'), recycle_after_minutes: 5 }]],
    ['a callback that also recycles', [{ ...disposition('CB'), recycle_after_minutes: 5 }]],
    ['a lower-case code', [{ ...disposition('NA'), code: 'na' }]],
    ['no dispositions at all', []],
    ['not a list', { NA: true }],
  ])('refuses %s', (_name, catalogue) => {
    expect(parseDispositionCatalogue(catalogue)).toMatchObject({
      ok: false,
      code: 'DISPOSITION_CATALOGUE_INVALID',
    });
  });

  it('an unknown code is refused with the known ones listed', () => {
    const result = findDisposition(DEFAULT_DISPOSITIONS, 'XYZ');
    expect(result).toMatchObject({ ok: false, code: 'DISPOSITION_UNKNOWN' });
    expect(result.ok ? [] : (result.details as { known: string[] }).known).toContain('SALE');
    expect(result.ok ? '' : result.message).toMatch(/The codes are: .*\bNA\b.*\bSALE\b/);
  });

  it('a lower-case code is refused with the upper-case one it meant', () => {
    const result = findDisposition(DEFAULT_DISPOSITIONS, 'na');
    expect(result.ok ? '' : result.message).toContain('Codes are upper case: NA.');
  });
});

describe('applyDisposition', () => {
  it('no answer on a fresh lead: still new, one attempt, back after the recycle delay', () => {
    expect(applied(applyDisposition(freshLead, disposition('NA'), { now: NOW }))).toEqual({
      ok: true,
      changes: {
        status: 'new',
        attempts: 1,
        last_contact_at: NOW,
        do_not_call: false,
        callback_due_at: null,
        recycle_at: NOW + 120 * MINUTE,
      },
      fate: { kind: 'recycle', at: NOW + 120 * MINUTE },
    });
  });

  it('interested qualifies the lead; a human contact on a new lead makes it contacted', () => {
    expect(
      applied(applyDisposition(freshLead, disposition('INT'), { now: NOW })).changes.status,
    ).toBe('qualified');
    const callback = applyDisposition(freshLead, disposition('CB'), {
      now: NOW,
      callbackAt: NOW + 60 * MINUTE,
    });
    expect(applied(callback)).toMatchObject({
      changes: { status: 'contacted', callback_due_at: NOW + 60 * MINUTE, recycle_at: null },
      fate: { kind: 'callback', dueAt: NOW + 60 * MINUTE },
    });
  });

  it('a sale converts and takes the lead out of the queue', () => {
    const qualified = { status: 'qualified', attempts: 3, do_not_call: false } as const;
    expect(applied(applyDisposition(qualified, disposition('SALE'), { now: NOW }))).toMatchObject({
      changes: { status: 'converted', attempts: 4, callback_due_at: null, recycle_at: null },
      fate: { kind: 'leaves_queue', because: 'final' },
    });
  });

  it('do-not-call loses the lead and sets the flag', () => {
    expect(
      applied(applyDisposition(freshLead, disposition('DNC'), { now: NOW })).changes,
    ).toMatchObject({
      status: 'lost',
      do_not_call: true,
    });
  });

  it('do-not-call on a converted customer keeps the sale but still sets the flag', () => {
    const customer = { status: 'converted', attempts: 2, do_not_call: false } as const;
    expect(
      applied(applyDisposition(customer, disposition('DNC'), { now: NOW })).changes,
    ).toMatchObject({
      status: 'converted',
      do_not_call: true,
    });
  });

  it('a callback disposition without a time is refused', () => {
    expect(applyDisposition(freshLead, disposition('CB'), { now: NOW })).toMatchObject({
      ok: false,
      code: 'CALLBACK_TIME_REQUIRED',
    });
  });

  it('a callback time in the past is refused', () => {
    expect(
      applyDisposition(freshLead, disposition('CB'), { now: NOW, callbackAt: NOW }),
    ).toMatchObject({ ok: false, code: 'CALLBACK_IN_PAST' });
  });

  it('a callback time on a disposition that does not schedule one is refused, not dropped', () => {
    expect(
      applyDisposition(freshLead, disposition('NA'), { now: NOW, callbackAt: NOW + MINUTE }),
    ).toMatchObject({ ok: false, code: 'CALLBACK_TIME_NOT_ALLOWED' });
  });

  it('a sale on a lost lead is refused until a manager reopens it', () => {
    const lost = { status: 'lost', attempts: 6, do_not_call: false } as const;
    expect(applyDisposition(lost, disposition('SALE'), { now: NOW })).toMatchObject({
      ok: false,
      code: 'STATUS_MOVE_NOT_ALLOWED',
    });
  });

  it('a callback on a lost lead is refused until a manager reopens it', () => {
    const lost = { status: 'lost', attempts: 2, do_not_call: false } as const;
    expect(
      applyDisposition(lost, disposition('CB'), { now: NOW, callbackAt: NOW + MINUTE }),
    ).toMatchObject({ ok: false, code: 'STATUS_MOVE_NOT_ALLOWED' });
  });

  it(`unanswered calls recycle until the attempt cap, then the lead is lost`, () => {
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom('NA', 'B', 'A'), { minLength: 1, maxLength: 12 }),
        fc.integer({ min: 1, max: 8 }),
        (codes, maxAttempts) => {
          let lead: { status: LeadStatus; attempts: number; do_not_call: boolean } = freshLead;
          for (const [index, code] of codes.entries()) {
            const result = applyDisposition(lead, disposition(code), { now: NOW, maxAttempts });
            const { changes, fate } = applied(result);
            const attempt = index + 1;
            if (attempt < maxAttempts) {
              expect(changes.status).toBe('new');
              expect(fate.kind).toBe('recycle');
            } else if (attempt === maxAttempts) {
              expect(changes.status).toBe('lost');
              expect(fate).toEqual({ kind: 'leaves_queue', because: 'max_attempts' });
            } else {
              expect(changes.status).toBe('lost');
              expect(fate).toEqual({ kind: 'leaves_queue', because: 'final' });
            }
            lead = changes;
          }
        },
      ),
    );
  });

  it(`the default cap is ${DEFAULT_MAX_ATTEMPTS} attempts; an answered lead is never lost to it`, () => {
    const tired = {
      status: 'contacted',
      attempts: DEFAULT_MAX_ATTEMPTS + 3,
      do_not_call: false,
    } as const;
    expect(applied(applyDisposition(tired, disposition('INT'), { now: NOW })).changes.status).toBe(
      'qualified',
    );
    const fifth = {
      status: 'new',
      attempts: DEFAULT_MAX_ATTEMPTS - 1,
      do_not_call: false,
    } as const;
    expect(applied(applyDisposition(fifth, disposition('B'), { now: NOW })).changes.status).toBe(
      'lost',
    );
  });

  it('every accepted disposition counts one attempt, stamps the contact, keeps do-not-call, and moves the status only along allowed transitions', () => {
    fc.assert(
      fc.property(
        leadArb,
        dispositionArb,
        actorArb,
        fc.integer({ min: 1, max: 10_000 }),
        (lead, entry, actor, minutesAhead) => {
          const callbackAt = entry.callback ? NOW + minutesAhead * MINUTE : undefined;
          const result = applyDisposition(lead, entry, { now: NOW, callbackAt, actor });
          if (!result.ok) {
            expect(result.code).toBe('STATUS_MOVE_NOT_ALLOWED');
            return;
          }
          const { changes, fate } = result;
          expect(changes.attempts).toBe(lead.attempts + 1);
          expect(changes.last_contact_at).toBe(NOW);
          expect(changes.do_not_call).toBe(lead.do_not_call || entry.dnc);
          expect(canMoveStatus(lead.status, changes.status, actor)).toBe(true);
          // The lead is in a queue exactly when its status is open.
          expect(fate.kind === 'leaves_queue').toBe(
            changes.status === 'converted' || changes.status === 'lost',
          );
          if (entry.final) expect(fate.kind).toBe('leaves_queue');
          if (fate.kind === 'callback') expect(changes.callback_due_at).toBe(callbackAt);
          else expect(changes.callback_due_at).toBeNull();
          if (fate.kind === 'recycle') expect(fate.at).toBeGreaterThan(NOW);
        },
      ),
      { numRuns: 500 },
    );
  });
});
