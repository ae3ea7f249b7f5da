// The lead's clock: local time and calling window as a row shows them, and wall times turned into instants.
import { describe, expect, it } from 'vitest';
import { WEEKDAYS } from '../../../src/domain/calling-window';
import { instantAt, leadClock, relativeTime, toLocalInputValue } from './lead-clock';

const at = (iso: string): number => Date.parse(iso);

describe('leadClock', () => {
  it('shows the lead’s own time and an open window inside 09:00–21:00 on a weekday', () => {
    // Wednesday 10:30 in Kolkata.
    const clock = leadClock(at('2026-11-25T05:00:00Z'), 'Asia/Kolkata');
    expect(clock).toMatchObject({ time: '10:30', place: 'Kolkata', window: 'open' });
  });

  it('warns in the last half hour before the window closes', () => {
    const clock = leadClock(at('2026-11-25T15:10:00Z'), 'Asia/Kolkata');
    expect(clock.window).toBe('closing');
    expect(clock.windowText).toContain('20 min');
  });

  it('says when a closed window opens again, on the lead’s clock', () => {
    const clock = leadClock(at('2026-11-25T16:00:00Z'), 'Asia/Kolkata');
    expect(clock).toMatchObject({ time: '21:30', window: 'closed' });
    expect(clock.windowText).toBe('Outside calling hours; opens Thu 09:00');
  });

  it('judges by the floor’s calling hours when a manager changed them', () => {
    // Sunday 10:30 in Kolkata: closed under the default Mon–Sat, open all day every day.
    const sunday = at('2026-11-29T05:00:00Z');
    expect(leadClock(sunday, 'Asia/Kolkata').window).toBe('closed');
    const allWeek = { start: '00:00', end: '24:00', days: [...WEEKDAYS] };
    expect(leadClock(sunday, 'Asia/Kolkata', allWeek)).toMatchObject({
      window: 'open',
      windowText: 'Inside calling hours (until midnight)',
    });
    // The closing warning counts down to the floor's end, not the default's.
    const untilEleven = { start: '09:00', end: '11:00', days: [...WEEKDAYS] };
    expect(leadClock(sunday, 'Asia/Kolkata', untilEleven)).toMatchObject({
      window: 'closing',
      windowText: 'Calling hours close at 11:00 (30 min)',
    });
  });

  it('treats a missing or invalid zone as unknown, never as open', () => {
    expect(leadClock(at('2026-11-25T05:00:00Z'), null).window).toBe('unknown');
    expect(leadClock(at('2026-11-25T05:00:00Z'), 'Mars/Olympus').window).toBe('unknown');
  });
});

describe('instantAt', () => {
  it('reads a wall time on the lead’s clock', () => {
    const wall = { year: 2026, month: 11, day: 25, hour: 10, minute: 0 };
    expect(instantAt(wall, 'Asia/Kolkata')).toBe(at('2026-11-25T04:30:00Z'));
    expect(instantAt(wall, 'America/New_York')).toBe(at('2026-11-25T15:00:00Z'));
  });

  it('moves a time the clock springs over to just after the change', () => {
    // 02:30 does not exist in New York on 8 March 2026; 03:30 EDT is 07:30Z.
    const wall = { year: 2026, month: 3, day: 8, hour: 2, minute: 30 };
    expect(instantAt(wall, 'America/New_York')).toBe(at('2026-03-08T07:30:00Z'));
  });

  it('takes the first of a time the clock repeats', () => {
    // 01:30 happens twice in New York on 1 November 2026; the first is EDT.
    const wall = { year: 2026, month: 11, day: 1, hour: 1, minute: 30 };
    expect(instantAt(wall, 'America/New_York')).toBe(at('2026-11-01T05:30:00Z'));
  });

  it('answers null for a zone that does not exist', () => {
    expect(instantAt({ year: 2026, month: 1, day: 1, hour: 9, minute: 0 }, 'Nowhere/Else')).toBe(
      null,
    );
  });
});

describe('the datetime-local value', () => {
  it('writes an instant as the lead’s wall time for the custom picker', () => {
    expect(toLocalInputValue(at('2026-11-25T04:30:00Z'), 'Asia/Kolkata')).toBe('2026-11-25T10:00');
  });
});

describe('relativeTime', () => {
  it('says how far away a time is in words a row has room for', () => {
    const now = at('2026-11-25T10:00:00Z');
    expect(relativeTime(now + 20_000, now)).toBe('now');
    expect(relativeTime(now + 5 * 60_000, now)).toBe('in 5 min');
    expect(relativeTime(now - 90 * 60_000, now)).toBe('2 h ago');
    expect(relativeTime(now + 3 * 86_400_000, now)).toBe('in 3 d');
  });
});
