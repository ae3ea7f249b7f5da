// The distribution screen's arithmetic: the filter as the contract's arguments, and the forecast of who
// gets how many that the confirmation shows (the server's rules: even turns, largest remainder, caps).
import { describe, expect, it } from 'vitest';
import { DEFAULT_FILTER, filterArgs, plannedShares, type Recipient } from './distribution-plan';

const NOW = Date.parse('2026-12-07T12:00:00.000Z');
const people = (...weights: number[]): Recipient[] =>
  weights.map((weight, i) => ({ id: `p${i}`, email: `p${i}@x.test`, weight, openLeads: 0 }));

describe('filterArgs', () => {
  it('sends the open statuses and unassigned only by default, nothing else', () => {
    expect(filterArgs(DEFAULT_FILTER, NOW)).toEqual({
      statuses: ['new', 'contacted', 'qualified'],
      unassigned: true,
    });
  });

  it('turns lists, an age in days and a limit into the contract’s fields', () => {
    expect(
      filterArgs(
        {
          statuses: ['lost', 'new'],
          sources: ' expo, web ,,',
          unassigned: false,
          olderThanDays: '2',
          timeZones: 'Asia/Kolkata',
          limit: '100',
        },
        NOW,
      ),
    ).toEqual({
      statuses: ['new', 'lost'],
      unassigned: false,
      sources: ['expo', 'web'],
      time_zones: ['Asia/Kolkata'],
      created_before: '2026-12-05T12:00:00.000Z',
      limit: 100,
    });
  });

  it('names what to correct instead of sending a filter the server would refuse', () => {
    expect(filterArgs({ ...DEFAULT_FILTER, statuses: [] }, NOW)).toEqual({
      problem: 'Pick at least one status.',
    });
    expect(filterArgs({ ...DEFAULT_FILTER, limit: '0' }, NOW)).toHaveProperty('problem');
    expect(filterArgs({ ...DEFAULT_FILTER, limit: '2.5' }, NOW)).toHaveProperty('problem');
    expect(filterArgs({ ...DEFAULT_FILTER, olderThanDays: '-1' }, NOW)).toHaveProperty('problem');
  });
});

describe('plannedShares', () => {
  it('round-robin: even turns, the first ones take the remainder', () => {
    expect(plannedShares(7, people(1, 1, 1), 'round-robin', 0)).toEqual([3, 2, 2]);
    expect(plannedShares(0, people(1, 1), 'round-robin', 0)).toEqual([0, 0]);
  });

  it('weighted: in proportion, the remainder to the largest fractions', () => {
    expect(plannedShares(30, people(2, 1), 'weighted', 0)).toEqual([20, 10]);
    // 10 by 1:1:1 → 3.33 each; the one left goes to the first.
    expect(plannedShares(10, people(1, 1, 1), 'weighted', 0)).toEqual([4, 3, 3]);
    // 7 by 3:1 → 5.25 and 1.75: the second has the larger fraction.
    expect(plannedShares(7, people(3, 1), 'weighted', 0)).toEqual([5, 2]);
  });

  it('capped: in turn until each reaches the cap with what they hold', () => {
    const held = [
      { id: 'a', email: 'a@x.test', weight: 1, openLeads: 8 },
      { id: 'b', email: 'b@x.test', weight: 1, openLeads: 2 },
      { id: 'c', email: 'c@x.test', weight: 1, openLeads: 10 },
    ];
    expect(plannedShares(5, held, 'capped', 10)).toEqual([2, 3, 0]);
    // More leads than room: everyone ends at the cap, the rest stay in the pool.
    expect(plannedShares(50, held, 'capped', 10)).toEqual([2, 8, 0]);
  });
});
