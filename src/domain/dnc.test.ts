import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkCallingWindow, type CallingWindow } from './calling-window';
import { checkDialable, createDialGate, type DialableLead } from './dnc';

// Monday 2025-06-02 12:00 in India (06:30 UTC); 02:30 in New York, 07:30 in London.
const NOW = Date.UTC(2025, 5, 2, 6, 30);
const LISTED = '+919800000001';
const dncList = new Set([LISTED]);

const callable: DialableLead = {
  phone_e164: '+919876543210',
  time_zone: 'Asia/Kolkata',
  do_not_call: false,
  consent_withdrawn: false,
};

describe('checkDialable', () => {
  it('a lead with no reason against it may be dialled', () => {
    expect(checkDialable(callable, { now: NOW, dncList })).toEqual({ ok: true });
  });

  it.each([
    ['DNC_LEAD', { do_not_call: true }],
    ['DNC_LIST', { phone_e164: LISTED }],
    ['CONSENT_WITHDRAWN', { consent_withdrawn: true }],
    ['OUTSIDE_CALLING_WINDOW', { time_zone: 'America/New_York' }],
    ['INVALID_TIME_ZONE', { time_zone: 'Mars/Olympus' }],
  ] as const)('blocks with %s', (code, change) => {
    const verdict = checkDialable({ ...callable, ...change }, { now: NOW, dncList });
    expect(verdict).toMatchObject({ ok: false, code });
    expect(verdict.ok ? '' : verdict.message).not.toBe('');
  });

  it('says when a lead outside calling hours may be called', () => {
    const verdict = checkDialable(
      { ...callable, time_zone: 'America/New_York' },
      { now: NOW, dncList },
    );
    // 09:00 EDT on the same Monday.
    expect(verdict).toMatchObject({
      code: 'OUTSIDE_CALLING_WINDOW',
      details: { nextAllowedAt: Date.UTC(2025, 5, 2, 13) },
    });
  });

  it('uses the campaign window when one is given', () => {
    const window: CallingWindow = { start: '13:00', end: '17:00', days: ['mon'] };
    expect(checkDialable(callable, { now: NOW, dncList, window })).toMatchObject({
      code: 'OUTSIDE_CALLING_WINDOW',
    });
  });

  it('reports the first reason in the order lead flag, list, consent, window', () => {
    const zones = ['Asia/Kolkata', 'America/New_York', 'Europe/London', 'Not/AZone'];
    const leadArb = fc.record({
      phone_e164: fc.constantFrom(LISTED, '+919876543210'),
      time_zone: fc.constantFrom(...zones),
      do_not_call: fc.boolean(),
      consent_withdrawn: fc.boolean(),
    });
    fc.assert(
      fc.property(fc.array(leadArb, { maxLength: 30 }), (leads) => {
        const gate = createDialGate({ now: NOW, dncList });
        for (const lead of leads) {
          const window = checkCallingWindow(NOW, lead.time_zone);
          const expected = lead.do_not_call
            ? 'DNC_LEAD'
            : dncList.has(lead.phone_e164)
              ? 'DNC_LIST'
              : lead.consent_withdrawn
                ? 'CONSENT_WITHDRAWN'
                : !window.ok
                  ? window.code
                  : !window.allowed
                    ? 'OUTSIDE_CALLING_WINDOW'
                    : undefined;
          const verdict = gate(lead);
          expect(verdict.ok ? undefined : verdict.code).toBe(expected);
          // The per-zone cache of the gate answers as a fresh check would.
          expect(verdict).toEqual(checkDialable(lead, { now: NOW, dncList }));
        }
      }),
    );
  });
});
