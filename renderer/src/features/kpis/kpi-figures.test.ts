import { describe, expect, it } from 'vitest';
import type { KpiCounts, KpiReport } from '../../../../src/contract/operations/kpis';
import {
  bucketLabel,
  contactRate,
  conversionRate,
  keptRate,
  lineOf,
  percentText,
  rankedPeople,
  talkTimeText,
} from './kpi-figures';

const counts = (over: Partial<KpiCounts> = {}): KpiCounts => ({
  calls: 0,
  contacts: 0,
  conversions: 0,
  talk_seconds: 0,
  callbacks_kept: 0,
  callbacks_missed: 0,
  ...over,
});

function person(userId: string, fullName: string, calls: number) {
  const totals = counts({ calls });
  return {
    user_id: userId,
    email: null,
    full_name: fullName,
    role: 'telecaller' as const,
    totals,
    series: [totals],
  };
}

const REPORT: KpiReport = {
  from: '2026-12-06T18:30:00.000Z',
  to: '2026-12-07T18:30:00.000Z',
  bucket: 'hour',
  time_zone: 'Asia/Kolkata',
  buckets: ['2026-12-06T18:30:00.000Z'],
  floor: { totals: counts({ calls: 5 }), series: [counts({ calls: 5 })] },
  people: [
    person('00000000-0000-4000-8000-000000000001', 'Zoe', 2),
    person('00000000-0000-4000-8000-000000000002', 'Amit', 3),
    person('00000000-0000-4000-8000-000000000003', 'Bela', 2),
  ],
};

describe('KPI figures', () => {
  it('has no rate without anything to divide, rather than a misleading 0%', () => {
    expect(percentText(contactRate(counts()))).toBe('—');
    expect(percentText(contactRate(counts({ calls: 3, contacts: 1 })))).toBe('33%');
    expect(conversionRate(counts({ calls: 9, contacts: 4, conversions: 1 }))).toBe(0.25);
    expect(keptRate(counts({ callbacks_kept: 3, callbacks_missed: 1 }))).toBe(0.75);
    expect(keptRate(counts())).toBeNull();
  });

  it('writes talk time in seconds, minutes, then hours and minutes', () => {
    expect(talkTimeText(45)).toBe('45s');
    expect(talkTimeText(12 * 60 + 59)).toBe('12m');
    expect(talkTimeText(4 * 3600 + 5 * 60)).toBe('4h 05m');
  });

  it('labels buckets on the report’s own clock', () => {
    expect(bucketLabel('2026-12-06T18:30:00.000Z', REPORT)).toBe('00:00');
    expect(
      bucketLabel('2026-12-06T18:30:00.000Z', { bucket: 'day', time_zone: 'Asia/Kolkata' }),
    ).toBe('Mon 7 Dec');
  });

  it('ranks the busiest first, then by name, and follows the focused person', () => {
    expect(rankedPeople(REPORT).map((p) => p.full_name)).toEqual(['Amit', 'Bela', 'Zoe']);
    expect(lineOf(REPORT, '00000000-0000-4000-8000-000000000002').totals.calls).toBe(3);
    expect(lineOf(REPORT, null)).toBe(REPORT.floor);
    expect(lineOf(REPORT, '00000000-0000-4000-8000-0000000000ff')).toBe(REPORT.floor);
  });
});
