import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { callingDaysText, callingHoursText, sameCallingHours, weekOrder } from './calling-hours';
import { DEFAULT_CALLING_WINDOW, WEEKDAYS, type Weekday } from './calling-window';

describe('callingDaysText', () => {
  it('joins a run of three or more days with a dash and lists shorter ones', () => {
    expect(callingDaysText(['mon', 'tue', 'wed', 'thu', 'fri', 'sat'])).toBe('Mon–Sat');
    expect(callingDaysText(['sun', 'mon', 'tue', 'wed', 'thu', 'fri'])).toBe('Mon–Fri, Sun');
    expect(callingDaysText(['mon', 'tue', 'thu'])).toBe('Mon, Tue, Thu');
    expect(callingDaysText(['sat', 'sun'])).toBe('Sat, Sun');
    expect(callingDaysText(['wed'])).toBe('Wed');
    expect(callingDaysText([...WEEKDAYS].reverse())).toBe('every day');
  });

  it('names every chosen day exactly once, whatever the order or repeats', () => {
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom(...WEEKDAYS), { minLength: 1, maxLength: 10 }),
        (days) => {
          const text = callingDaysText(days);
          const chosen = new Set<Weekday>(days);
          if (chosen.size === 7) {
            expect(text).toBe('every day');
            return;
          }
          // Expand "Mon–Fri" back into its days and compare with the choice.
          const named = text.split(', ').flatMap((part) => {
            const [from, to] = part.split('–').map((name) => name.toLowerCase() as Weekday);
            const start = WEEKDAYS.indexOf(from!);
            const end = to === undefined ? start : WEEKDAYS.indexOf(to);
            return WEEKDAYS.slice(start, end + 1);
          });
          expect(named).toEqual(weekOrder([...chosen]));
        },
      ),
    );
  });
});

describe('callingHoursText', () => {
  it('reads the default as the TRAI hours', () => {
    expect(callingHoursText(DEFAULT_CALLING_WINDOW)).toBe('09:00–21:00 Mon–Sat');
  });

  it('says all day for 00:00–24:00', () => {
    expect(callingHoursText({ start: '00:00', end: '24:00', days: [...WEEKDAYS] })).toBe(
      'all day, every day',
    );
    expect(callingHoursText({ start: '00:00', end: '24:00', days: ['sat', 'sun'] })).toBe(
      'all day Sat, Sun',
    );
  });
});

describe('sameCallingHours', () => {
  it('compares days as a set and times exactly', () => {
    expect(
      sameCallingHours(DEFAULT_CALLING_WINDOW, {
        ...DEFAULT_CALLING_WINDOW,
        days: ['sat', 'fri', 'thu', 'wed', 'tue', 'mon', 'mon'],
      }),
    ).toBe(true);
    expect(
      sameCallingHours(DEFAULT_CALLING_WINDOW, { ...DEFAULT_CALLING_WINDOW, end: '20:00' }),
    ).toBe(false);
    expect(
      sameCallingHours(DEFAULT_CALLING_WINDOW, { ...DEFAULT_CALLING_WINDOW, days: ['mon'] }),
    ).toBe(false);
  });
});
