// The distribution screen's filter as the contract's arguments, or what to correct in it.
import { describe, expect, it } from 'vitest';
import { DEFAULT_FILTER, filterArgs } from './distribution-plan';

const NOW = Date.parse('2026-12-07T12:00:00.000Z');

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
