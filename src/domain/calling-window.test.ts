import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  checkCallingWindow,
  DEFAULT_CALLING_WINDOW,
  isValidTimeZone,
  localClock,
  nextAllowedInstant,
  parseCallingWindow,
  WEEKDAYS,
  type CallingWindow,
} from './calling-window';
import { clockTime, instantArb, windowArb } from '../../tests/support/calling-window-arbitraries.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

function next(now: number, timeZone: string, window?: CallingWindow): number {
  const result = nextAllowedInstant(now, timeZone, window);
  if (!result.ok) throw new Error(result.message);
  return result.at;
}

/** An oracle independent of the module: reads the lead's clock through toLocaleString. */
function insideByOracle(instant: number, timeZone: string, window: CallingWindow): boolean {
  const text = new Date(instant).toLocaleString('en-GB', {
    timeZone,
    weekday: 'short',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  });
  const match = /^(\w{3}),? (\d\d):(\d\d)$/.exec(text);
  if (match === null) throw new Error(`Unexpected clock text ${text}`);
  const [, weekday = '', hours = '', minutes = ''] = match;
  const minute = Number(hours) * 60 + Number(minutes);
  const [startHours = 0, startMinutes = 0] = window.start.split(':').map(Number);
  const [endHours = 0, endMinutes = 0] = window.end.split(':').map(Number);
  return (
    window.days.some((day) => day === weekday.toLowerCase()) &&
    startHours * 60 + startMinutes <= minute &&
    minute < endHours * 60 + endMinutes
  );
}

// Zones with DST at different hours (midnight, 01:00 UTC, 02:00, 03:00), half and quarter hours, and a skipped day.
const ZONES = [
  'Asia/Kolkata',
  'America/New_York',
  'America/Los_Angeles',
  'Europe/London',
  'Europe/Berlin',
  'Australia/Sydney',
  'Australia/Lord_Howe',
  'America/Santiago',
  'America/Havana',
  'Asia/Beirut',
  'Asia/Tehran',
  'Asia/Kathmandu',
  'Pacific/Chatham',
  'Pacific/Apia',
  'America/St_Johns',
  'Africa/Casablanca',
  'UTC',
];

/** The zone's UTC offset in minutes at `instant`, read from Intl's longOffset name. */
const offsetFormats = new Map<string, Intl.DateTimeFormat>();
function offsetMinutes(timeZone: string, instant: number): number {
  let format = offsetFormats.get(timeZone);
  if (format === undefined) {
    format = new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'longOffset' });
    offsetFormats.set(timeZone, format);
  }
  const name = format.formatToParts(instant).find((part) => part.type === 'timeZoneName')?.value;
  const match = /^GMT(?:([+-])(\d\d):(\d\d))?$/.exec(name ?? '');
  if (match === null) throw new Error(`Unexpected offset ${name}`);
  const [, sign = '+', hours = '0', minutes = '0'] = match;
  return (sign === '-' ? -1 : 1) * (Number(hours) * 60 + Number(minutes));
}

interface Transition {
  readonly at: number;
  /** Minute of the local day just after the change. */
  readonly localMinuteAfter: number;
}

const transitionsCache = new Map<string, Transition[]>();

/** Every clock change of `timeZone` in `year`, to the minute. */
function transitions(timeZone: string, year: number): Transition[] {
  const key = `${timeZone}/${year}`;
  const cached = transitionsCache.get(key);
  if (cached !== undefined) return cached;
  const found: Transition[] = [];
  for (let day = Date.UTC(year, 0, 1); day < Date.UTC(year + 1, 0, 1); day += 24 * HOUR) {
    if (offsetMinutes(timeZone, day) === offsetMinutes(timeZone, day + 24 * HOUR)) continue;
    let low = day;
    let high = day + 24 * HOUR;
    while (high - low > MINUTE) {
      const middle = low + Math.floor((high - low) / 2 / MINUTE) * MINUTE;
      if (offsetMinutes(timeZone, middle) === offsetMinutes(timeZone, day)) low = middle;
      else high = middle;
    }
    const local = high + offsetMinutes(timeZone, high) * MINUTE;
    found.push({ at: high, localMinuteAfter: Math.floor((local % (24 * HOUR)) / MINUTE) });
  }
  transitionsCache.set(key, found);
  return found;
}

describe('checkCallingWindow', () => {
  // 2025-06-02 is a Monday; India is UTC+05:30 all year.
  const mondayIst = (hours: number, minutes = 0) =>
    Date.UTC(2025, 5, 2, hours, minutes) - (5 * 60 + 30) * MINUTE;

  it('allows 09:00 to 20:59 local time on a Monday in India', () => {
    expect(checkCallingWindow(mondayIst(9), 'Asia/Kolkata')).toMatchObject({ allowed: true });
    expect(checkCallingWindow(mondayIst(20, 59), 'Asia/Kolkata')).toMatchObject({ allowed: true });
  });

  it('before 09:00 the next allowed instant is 09:00 the same day', () => {
    expect(checkCallingWindow(mondayIst(8, 59), 'Asia/Kolkata')).toEqual({
      ok: true,
      allowed: false,
      local: { year: 2025, month: 6, day: 2, hour: 8, minute: 59, second: 0, weekday: 'mon' },
      nextAllowedAt: mondayIst(9),
    });
  });

  it('at 21:00 the next allowed instant is 09:00 the next day', () => {
    expect(next(mondayIst(21), 'Asia/Kolkata')).toBe(mondayIst(9) + 24 * HOUR);
  });

  it('on Sunday nothing is allowed and Monday 09:00 is next', () => {
    expect(next(mondayIst(12) - 24 * HOUR, 'Asia/Kolkata')).toBe(mondayIst(9));
  });

  it('judges the window on the lead’s clock, not the caller’s', () => {
    // 15:00 in India is 05:30 in New York (EDT): too early there.
    expect(checkCallingWindow(mondayIst(15), 'America/New_York')).toMatchObject({ allowed: false });
    expect(next(mondayIst(15), 'America/New_York')).toBe(Date.UTC(2025, 5, 2, 13));
  });

  it('an opening inside the spring-forward gap becomes the moment clocks change', () => {
    // New York, Sunday 2025-03-09: 02:00 EST jumps to 03:00 EDT at 07:00 UTC.
    const window = { start: '02:30', end: '05:00', days: ['sun'] } satisfies CallingWindow;
    expect(next(Date.UTC(2025, 2, 9, 5), 'America/New_York', window)).toBe(Date.UTC(2025, 2, 9, 7));
  });

  it('a calling day the calendar skipped is skipped too (Samoa, 30 December 2011)', () => {
    const fridays = { start: '09:00', end: '21:00', days: ['fri'] } satisfies CallingWindow;
    // Thursday 29 December local; the next Friday that existed was 6 January 2012 (UTC+14).
    expect(next(Date.UTC(2011, 11, 29, 12), 'Pacific/Apia', fridays)).toBe(
      Date.UTC(2012, 0, 5, 19),
    );
  });

  it.each(['Nowhere/Land', '', 'India', 'GMT+25'])('refuses the time zone %j', (timeZone) => {
    expect(checkCallingWindow(0, timeZone)).toMatchObject({ ok: false, code: 'INVALID_TIME_ZONE' });
    expect(nextAllowedInstant(0, timeZone)).toMatchObject({ ok: false, code: 'INVALID_TIME_ZONE' });
    expect(localClock(0, timeZone)).toMatchObject({ ok: false, code: 'INVALID_TIME_ZONE' });
    expect(isValidTimeZone(timeZone)).toBe(false);
  });

  it('refuses a window that ends before it starts or has no days', () => {
    for (const window of [
      { start: '21:00', end: '09:00', days: ['mon'] },
      { start: '09:00', end: '09:00', days: ['mon'] },
      { start: '09:00', end: '21:00', days: [] },
      { start: '9:00', end: '21:00', days: ['mon'] },
    ] as CallingWindow[]) {
      expect(checkCallingWindow(0, 'UTC', window)).toMatchObject({
        ok: false,
        code: 'CALLING_WINDOW_INVALID',
      });
      expect(parseCallingWindow(window)).toMatchObject({
        ok: false,
        code: 'CALLING_WINDOW_INVALID',
      });
    }
  });

  it('parses a campaign window, including one that runs to midnight', () => {
    expect(parseCallingWindow(DEFAULT_CALLING_WINDOW)).toEqual({
      ok: true,
      window: DEFAULT_CALLING_WINDOW,
    });
    expect(parseCallingWindow({ start: '10:00', end: '24:00', days: ['sun'] })).toMatchObject({
      ok: true,
    });
  });

  it('the next allowed instant is never before now, is inside the window, and nothing earlier is', () => {
    fc.assert(
      fc.property(instantArb, fc.constantFrom(...ZONES), windowArb, (now, timeZone, window) => {
        const verdict = checkCallingWindow(now, timeZone, window);
        if (!verdict.ok) throw new Error(verdict.message);
        expect(verdict.allowed).toBe(insideByOracle(now, timeZone, window));
        const at = next(now, timeZone, window);
        expect(at).toBeGreaterThanOrEqual(now);
        expect(insideByOracle(at, timeZone, window)).toBe(true);
        expect(checkCallingWindow(at, timeZone, window)).toMatchObject({ allowed: true });
        if (at > now) expect(insideByOracle(at - 1, timeZone, window)).toBe(false);
        // Spot-check the stretch in between: none of it is callable.
        for (let probe = now; probe < at; probe += 97 * MINUTE) {
          expect(insideByOracle(probe, timeZone, window)).toBe(false);
        }
      }),
      { numRuns: 400 },
    );
  });

  it('around clock changes, the next allowed instant is the first one inside the window', () => {
    const dstZones = ZONES.filter((zone) => transitions(zone, 2024).length > 0);
    const caseArb = fc
      .record({
        timeZone: fc.constantFrom(...dstZones),
        year: fc.integer({ min: 2008, max: 2030 }),
        pick: fc.nat(),
        startShift: fc.integer({ min: -90, max: 90 }),
        length: fc.integer({ min: 1, max: 600 }),
        before: fc.integer({ min: 0, max: 36 * HOUR }),
      })
      .filter(({ timeZone, year }) => transitions(timeZone, year).length > 0)
      .map(({ timeZone, year, pick, startShift, length, before }) => {
        const changes = transitions(timeZone, year);
        const change = changes[pick % changes.length] as Transition;
        const start = Math.min(1439, Math.max(0, change.localMinuteAfter + startShift));
        const window: CallingWindow = {
          start: clockTime(start),
          end: clockTime(Math.min(1440, start + length)),
          days: [...WEEKDAYS],
        };
        return { timeZone, window, now: change.at - before };
      });
    fc.assert(
      fc.property(caseArb, ({ timeZone, window, now }) => {
        const at = next(now, timeZone, window);
        expect(at).toBeGreaterThanOrEqual(now);
        expect(insideByOracle(at, timeZone, window)).toBe(true);
        if (at > now) expect(insideByOracle(at - 1, timeZone, window)).toBe(false);
        for (let probe = now; probe < at; probe += 7 * MINUTE) {
          expect(insideByOracle(probe, timeZone, window)).toBe(false);
        }
      }),
      { numRuns: 300 },
    );
  });
});
