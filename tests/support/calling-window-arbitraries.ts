// fast-check arbitraries for calling hours and the instants they are judged at, shared by the property
// tests of src/domain/calling-window.ts and src/domain/callback-times.ts.
import fc from 'fast-check';
import { WEEKDAYS, type CallingWindow } from '../../src/domain/calling-window.js';

const HOUR = 60 * 60_000;

/** "HH:MM" for a minute of the day; 1440 is "24:00", the end of a window that runs to midnight. */
export const clockTime = (minute: number): string =>
  `${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}`;

export const windowArb: fc.Arbitrary<CallingWindow> = fc
  .record({
    // Half the openings fall in 00:00–03:59, where clocks change, so that gaps and overlaps are hit.
    startMinute: fc.oneof(fc.integer({ min: 0, max: 1439 }), fc.integer({ min: 0, max: 239 })),
    length: fc.integer({ min: 1, max: 1440 }),
    days: fc.subarray([...WEEKDAYS], { minLength: 1 }),
  })
  .map(({ startMinute, length, days }) => ({
    start: clockTime(startMinute),
    end: clockTime(Math.min(1440, startMinute + length)),
    days,
  }));

/**
 * Instants from 2005 to 2035, with extra weight near the clock changes of March, April, October and
 * November, and around the day Pacific/Apia skipped (30 December 2011).
 */
export const instantArb: fc.Arbitrary<number> = fc.oneof(
  fc.integer({ min: Date.UTC(2005, 0, 1), max: Date.UTC(2035, 0, 1) }),
  fc
    .record({
      year: fc.integer({ min: 2005, max: 2034 }),
      month: fc.constantFrom(2, 3, 9, 10),
      offset: fc.integer({ min: 0, max: 31 * 24 * HOUR }),
    })
    .map(({ year, month, offset }) => Date.UTC(year, month, 1) + offset),
  fc.integer({ min: Date.UTC(2011, 11, 25), max: Date.UTC(2012, 0, 5) }),
);
