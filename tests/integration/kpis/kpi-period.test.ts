// The named periods of kpis:get on the manager's clock: local midnights, also on the days a clock changes.
import { describe, expect, it } from 'vitest';
import { localMidnight } from '../../../src/domain/calling-window.js';
import { namedPeriod } from '../../../src/workstation/services/kpis.js';

const HOUR_MS = 3_600_000;
const at = (iso: string) => Date.parse(iso);

describe('the KPI periods', () => {
  it('starts today at local midnight, in zones ahead of and behind UTC', () => {
    expect(localMidnight(at('2026-12-07T02:00:00Z'), 'Asia/Kolkata')).toBe(
      at('2026-12-06T18:30:00Z'),
    );
    expect(localMidnight(at('2026-12-07T02:00:00Z'), 'America/New_York')).toBe(
      at('2026-12-06T05:00:00Z'),
    );
    expect(localMidnight(at('2026-12-06T18:30:00Z'), 'Asia/Kolkata')).toBe(
      at('2026-12-06T18:30:00Z'),
    );
  });

  it('finds midnight on the days the clock springs forward and falls back', () => {
    // New York: 8 March 2026 starts at 05:00Z and lasts 23 hours; 1 November starts at 04:00Z, 25 hours.
    expect(localMidnight(at('2026-03-08T20:00:00Z'), 'America/New_York')).toBe(
      at('2026-03-08T05:00:00Z'),
    );
    expect(localMidnight(at('2026-11-01T20:00:00Z'), 'America/New_York')).toBe(
      at('2026-11-01T04:00:00Z'),
    );
    const spring = namedPeriod('today', at('2026-03-08T20:00:00Z'), 'America/New_York');
    expect((spring.to - spring.from) / HOUR_MS).toBe(23);
    const fall = namedPeriod('today', at('2026-11-01T20:00:00Z'), 'America/New_York');
    expect((fall.to - fall.from) / HOUR_MS).toBe(25);
  });

  it('ends the week and the month at the next local midnight, in days', () => {
    const now = at('2026-12-07T10:00:00Z');
    expect(namedPeriod('week', now, 'Asia/Kolkata')).toEqual({
      from: at('2026-11-30T18:30:00Z'),
      to: at('2026-12-07T18:30:00Z'),
      bucket: 'day',
    });
    const month = namedPeriod('month', now, 'Asia/Kolkata');
    expect({ from: month.from, days: (month.to - month.from) / (24 * HOUR_MS) }).toEqual({
      from: at('2026-11-07T18:30:00Z'),
      days: 30,
    });
    // Across the fall-back in New York the last 7 days hold one 25-hour day.
    const week = namedPeriod('week', at('2026-11-03T15:00:00Z'), 'America/New_York');
    expect(week.from).toBe(at('2026-10-28T04:00:00Z'));
    expect(week.to).toBe(at('2026-11-04T05:00:00Z'));
  });
});
