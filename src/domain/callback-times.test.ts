import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  callbackTimeWarning,
  inAnHour,
  quickCallbackChoices,
  type CallbackChoice,
} from './callback-times';
import {
  checkCallingWindow,
  DEFAULT_CALLING_WINDOW,
  localClock,
  WEEKDAYS,
  type CallingWindow,
} from './calling-window';
import { instantArb, windowArb } from '../../tests/support/calling-window-arbitraries.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const ALL_DAY: CallingWindow = { start: '00:00', end: '24:00', days: [...WEEKDAYS] };

/** An instant from a wall time at a fixed UTC offset in hours (India is +5.5). */
function at(iso: string, offsetHours: number): number {
  return Date.parse(`${iso}Z`) - offsetHours * HOUR;
}

function choicesAt(
  now: number,
  timeZone: string,
  window: CallingWindow = DEFAULT_CALLING_WINDOW,
): readonly [CallbackChoice, CallbackChoice] {
  const result = quickCallbackChoices(now, timeZone, window);
  if (!result.ok) throw new Error(result.message);
  return result.choices;
}

// 2026-11-25 is a Wednesday; 2026-11-28 a Saturday.
describe('the quick callback choices inside the calling hours', () => {
  it('are an hour from now, rounded up to five minutes, and tomorrow at 10:00 on the lead’s clock', () => {
    const now = at('2026-11-25T14:02:10', 5.5);
    const [first, second] = choicesAt(now, 'Asia/Kolkata');
    expect(first).toEqual({
      kind: 'in-an-hour',
      at: at('2026-11-25T15:05:00', 5.5),
      label: 'In 1 hour',
    });
    expect(second).toEqual({
      kind: 'tomorrow',
      at: at('2026-11-26T10:00:00', 5.5),
      label: 'Tomorrow 10:00',
    });
  });

  it('keep "In 1 hour" when now is before the opening but the hour is inside it', () => {
    const [first] = choicesAt(at('2026-11-25T08:10:00', 5.5), 'Asia/Kolkata');
    expect(first).toEqual({
      kind: 'in-an-hour',
      at: at('2026-11-25T09:10:00', 5.5),
      label: 'In 1 hour',
    });
  });

  it('judge the hour on the lead’s clock, not the telecaller’s', () => {
    // 15:00 in India is 04:30 in New York: inside India's hours, outside New York's.
    const now = at('2026-11-25T14:00:00', 5.5);
    expect(choicesAt(now, 'Asia/Kolkata')[0].kind).toBe('in-an-hour');
    const [first] = choicesAt(now, 'America/New_York');
    expect(first).toEqual({
      kind: 'next-opening',
      at: at('2026-11-25T09:00:00', -5),
      label: 'Next opening · Wed 09:00',
    });
  });
});

describe('the quick callback choices near and outside the calling hours', () => {
  it('offer the next opening when an hour from now is past the close (20:30 on a Wednesday)', () => {
    const [first, second] = choicesAt(at('2026-11-25T20:30:00', 5.5), 'Asia/Kolkata');
    expect(first).toEqual({
      kind: 'next-opening',
      at: at('2026-11-26T09:00:00', 5.5),
      label: 'Next opening · Thu 09:00',
    });
    expect(second.label).toBe('Tomorrow 10:00');
  });

  it('skip a day the floor does not call on: Saturday evening goes to Monday', () => {
    const [first, second] = choicesAt(at('2026-11-28T20:30:00', 5.5), 'Asia/Kolkata');
    expect(first).toEqual({
      kind: 'next-opening',
      at: at('2026-11-30T09:00:00', 5.5),
      label: 'Next opening · Mon 09:00',
    });
    expect(second).toEqual({
      kind: 'next-calling-day',
      at: at('2026-11-30T10:00:00', 5.5),
      label: 'Next calling day · Mon 10:00',
    });
  });

  it('give "Tomorrow 10:00" on Friday (Saturday calls) and the next calling day on Saturday afternoon', () => {
    expect(choicesAt(at('2026-11-27T14:00:00', 5.5), 'Asia/Kolkata')[1]).toMatchObject({
      kind: 'tomorrow',
      at: at('2026-11-28T10:00:00', 5.5),
    });
    const [first, second] = choicesAt(at('2026-11-28T14:00:00', 5.5), 'Asia/Kolkata');
    expect(first.kind).toBe('in-an-hour');
    expect(second.label).toBe('Next calling day · Mon 10:00');
  });

  it('open on Sunday from Saturday night when the floor calls on Sundays', () => {
    const week = { ...DEFAULT_CALLING_WINDOW, days: [...WEEKDAYS] };
    const [first, second] = choicesAt(at('2026-11-28T20:30:00', 5.5), 'Asia/Kolkata', week);
    expect(first.label).toBe('Next opening · Sun 09:00');
    expect(second.label).toBe('Tomorrow 10:00');
  });

  it('take the window’s start on the next calling day when 10:00 is outside the hours', () => {
    const afternoon: CallingWindow = { start: '12:30', end: '20:00', days: ['mon', 'wed', 'fri'] };
    // Wednesday 14:00: Thursday is not a calling day, Friday is.
    const [, second] = choicesAt(at('2026-11-25T14:00:00', 5.5), 'Asia/Kolkata', afternoon);
    expect(second).toEqual({
      kind: 'next-calling-day',
      at: at('2026-11-27T12:30:00', 5.5),
      label: 'Next calling day · Fri 12:30',
    });
    const early: CallingWindow = { start: '06:00', end: '10:00', days: [...WEEKDAYS] };
    expect(choicesAt(at('2026-11-25T14:00:00', 5.5), 'Asia/Kolkata', early)[1]).toEqual({
      kind: 'tomorrow',
      at: at('2026-11-26T06:00:00', 5.5),
      label: 'Tomorrow 06:00',
    });
  });

  it('stay "In 1 hour" all day, every day (the e2e floor)', () => {
    const [first, second] = choicesAt(at('2026-11-29T23:30:00', 5.5), 'Asia/Kolkata', ALL_DAY);
    expect(first).toEqual({
      kind: 'in-an-hour',
      at: at('2026-11-30T00:30:00', 5.5),
      label: 'In 1 hour',
    });
    // Just before midnight, "tomorrow" is the lead's next date, not the date an hour from now.
    expect(second).toMatchObject({ kind: 'tomorrow', at: at('2026-11-30T10:00:00', 5.5) });
  });

  it('refuse a zone that is not one', () => {
    expect(quickCallbackChoices(Date.now(), 'Mars/Olympus', DEFAULT_CALLING_WINDOW)).toMatchObject({
      ok: false,
      code: 'INVALID_TIME_ZONE',
    });
  });
});

describe('the quick callback choices across clock changes', () => {
  it('count an hour of real time over a spring-forward (New York, 8 March 2026)', () => {
    // 01:30 EST; an hour later the clock reads 03:30 EDT.
    const now = Date.UTC(2026, 2, 8, 6, 30);
    const [first] = choicesAt(now, 'America/New_York', ALL_DAY);
    expect(first).toEqual({
      kind: 'in-an-hour',
      at: Date.UTC(2026, 2, 8, 7, 30),
      label: 'In 1 hour',
    });
  });

  it('land just after the change when the start is skipped (02:30 does not exist on 8 March)', () => {
    const nights: CallingWindow = { start: '02:30', end: '06:00', days: [...WEEKDAYS] };
    const [, second] = choicesAt(Date.UTC(2026, 2, 7, 19), 'America/New_York', nights);
    expect(second).toEqual({
      kind: 'tomorrow',
      at: Date.UTC(2026, 2, 8, 7),
      label: 'Tomorrow 03:00',
    });
  });

  it('find 10:00 on a 25-hour day (New York falls back on 1 November 2026)', () => {
    const [, second] = choicesAt(Date.UTC(2026, 9, 31, 16), 'America/New_York');
    // Saturday 31 October: Sunday is not a calling day, so Monday 10:00 EST.
    expect(second).toEqual({
      kind: 'next-calling-day',
      at: Date.UTC(2026, 10, 2, 15),
      label: 'Next calling day · Mon 10:00',
    });
    const week = { ...DEFAULT_CALLING_WINDOW, days: [...WEEKDAYS] };
    expect(choicesAt(Date.UTC(2026, 9, 31, 16), 'America/New_York', week)[1]).toMatchObject({
      kind: 'tomorrow',
      at: Date.UTC(2026, 10, 1, 15),
    });
    // 00:30 EDT on the long day: 24 hours later it is still 1 November on the lead's clock.
    expect(choicesAt(Date.UTC(2026, 10, 1, 4, 30), 'America/New_York', week)[1]).toMatchObject({
      kind: 'tomorrow',
      at: Date.UTC(2026, 10, 2, 15),
    });
    // 20:30 EST on the long day itself: the next opening is Monday 09:00 EST.
    const [first] = choicesAt(Date.UTC(2026, 10, 2, 1, 30), 'America/New_York', week);
    expect(first).toEqual({
      kind: 'next-opening',
      at: Date.UTC(2026, 10, 2, 14),
      label: 'Next opening · Mon 09:00',
    });
  });

  it('find tomorrow when the clock skips midnight (Santiago, 6 September 2026)', () => {
    // Saturday 5 September 12:00 at -04; Sunday starts at 01:00 -03.
    const now = Date.UTC(2026, 8, 5, 16);
    const week = { ...DEFAULT_CALLING_WINDOW, days: [...WEEKDAYS] };
    expect(choicesAt(now, 'America/Santiago', week)[1]).toEqual({
      kind: 'tomorrow',
      at: Date.UTC(2026, 8, 6, 13),
      label: 'Tomorrow 10:00',
    });
    const fromMidnight: CallingWindow = { start: '00:00', end: '06:00', days: [...WEEKDAYS] };
    expect(choicesAt(now, 'America/Santiago', fromMidnight)[1]).toEqual({
      kind: 'tomorrow',
      at: Date.UTC(2026, 8, 6, 4),
      label: 'Tomorrow 01:00',
    });
  });

  it('take the next date when a whole day is skipped (Apia had no 30 December 2011)', () => {
    // Thursday 29 December 12:00 at -10; the next date is Saturday 31 December at +14.
    const [, second] = choicesAt(Date.UTC(2011, 11, 29, 22), 'Pacific/Apia');
    expect(second).toEqual({
      kind: 'tomorrow',
      at: Date.UTC(2011, 11, 30, 20),
      label: 'Tomorrow 10:00',
    });
  });
});

const ZONES = [
  'Asia/Kolkata',
  'America/New_York',
  'Europe/London',
  'Australia/Lord_Howe',
  'America/Santiago',
  'America/Havana',
  'Asia/Kathmandu',
  'Pacific/Chatham',
  'Pacific/Apia',
];

const dateKey = (instant: number, timeZone: string): number => {
  const clock = localClock(instant, timeZone);
  if (!clock.ok) throw new Error(clock.message);
  return Date.UTC(clock.year, clock.month - 1, clock.day);
};

describe('the quick callback choices, for any zone, hours and instant', () => {
  it('are both inside the calling hours, the first no earlier than an hour from now, the second on a later date', () => {
    fc.assert(
      fc.property(instantArb, fc.constantFrom(...ZONES), windowArb, (now, timeZone, window) => {
        const [first, second] = choicesAt(now, timeZone, window);
        expect(checkCallingWindow(first.at, timeZone, window)).toMatchObject({ allowed: true });
        expect(checkCallingWindow(second.at, timeZone, window)).toMatchObject({ allowed: true });
        expect(first.at).toBeGreaterThanOrEqual(inAnHour(now));
        expect(first.kind === 'in-an-hour').toBe(first.at === inAnHour(now));
        expect(dateKey(second.at, timeZone)).toBeGreaterThan(dateKey(now, timeZone));
        // No calling day is passed over: every instant on the dates in between is outside the hours.
        const verdict = checkCallingWindow(localNextDay(now, timeZone), timeZone, window);
        const opening =
          verdict.ok && !verdict.allowed ? verdict.nextAllowedAt : localNextDay(now, timeZone);
        expect(dateKey(opening, timeZone)).toBe(dateKey(second.at, timeZone));
      }),
      { numRuns: 400 },
    );
  });
});

/** The first instant of the lead's next date, found by stepping minutes (slow but independent). */
function localNextDay(now: number, timeZone: string): number {
  const today = dateKey(now, timeZone);
  let instant = Math.floor(now / MINUTE) * MINUTE;
  while (dateKey(instant, timeZone) === today) instant += 15 * MINUTE;
  // Back to the first minute of the new date.
  while (dateKey(instant - MINUTE, timeZone) !== today) instant -= MINUTE;
  return instant;
}

describe('the warning under a custom callback time', () => {
  it('names the calling hours for a time outside them on the lead’s clock, and nothing inside', () => {
    const zone = 'Asia/Kolkata';
    expect(callbackTimeWarning(at('2026-11-25T21:30:00', 5.5), zone, DEFAULT_CALLING_WINDOW)).toBe(
      'Outside calling hours: 09:00–21:00 Mon–Sat',
    );
    expect(callbackTimeWarning(at('2026-11-29T11:00:00', 5.5), zone, DEFAULT_CALLING_WINDOW)).toBe(
      'Outside calling hours: 09:00–21:00 Mon–Sat',
    );
    expect(
      callbackTimeWarning(at('2026-11-25T20:59:00', 5.5), zone, DEFAULT_CALLING_WINDOW),
    ).toBeNull();
    expect(callbackTimeWarning(at('2026-11-29T11:00:00', 5.5), zone, ALL_DAY)).toBeNull();
    // The same instant is inside India's hours and outside New York's (04:30 there).
    const both = at('2026-11-25T15:00:00', 5.5);
    expect(callbackTimeWarning(both, zone, DEFAULT_CALLING_WINDOW)).toBeNull();
    expect(callbackTimeWarning(both, 'America/New_York', DEFAULT_CALLING_WINDOW)).not.toBeNull();
  });

  it('says nothing for a zone it cannot judge', () => {
    expect(callbackTimeWarning(Date.now(), 'Mars/Olympus', DEFAULT_CALLING_WINDOW)).toBeNull();
  });
});
