// The merge of floor_board()'s answer with the floor channel's live presence, one person at a time.
import { describe, expect, it } from 'vitest';
import { mergeFloorPerson } from './floor-board.js';

const REPORTED = {
  user_id: '00000000-0000-4000-8000-000000000003',
  full_name: 'Priya Raman',
  email: 'tc1@talentg.test',
  role: 'telecaller' as const,
  state: 'paused' as const,
  since: '2026-12-07T10:00:00.000Z',
  lead_id: null,
  lead_name: null,
  pause_reason: 'Lunch',
  pending_writes: 2,
  heartbeat_at: '2026-12-07T10:05:00.000Z',
  freshness: 'live' as const,
  calls_today: 12,
  contacts_today: 5,
};
const LEAD = '00000000-0000-4000-8000-00000000aaaa';

describe('mergeFloorPerson', () => {
  it('shows a newer state from the channel before its heartbeat lands, without a lead name yet', () => {
    const merged = mergeFloorPerson(REPORTED, {
      state: 'on_call',
      since: '2026-12-07T10:06:00.000Z',
      lead_id: LEAD,
      pause_reason: null,
    });
    expect(merged).toMatchObject({
      presence: 'on_call',
      state: 'on_call',
      since: '2026-12-07T10:06:00.000Z',
      lead_id: LEAD,
      lead_name: null,
      pause_reason: null,
      pending_writes: 2,
      calls_today: 12,
    });
  });

  it('keeps the report when the channel only holds an older entry', () => {
    const merged = mergeFloorPerson(REPORTED, {
      state: 'ready',
      since: '2026-12-07T09:00:00.000Z',
      lead_id: null,
      pause_reason: null,
    });
    expect(merged).toMatchObject({ presence: 'paused', state: 'paused', pause_reason: 'Lunch' });
  });

  it('trusts the heartbeat over a channel entry left behind: a silent person is stale, then offline', () => {
    const leftBehind = {
      state: 'paused' as const,
      since: REPORTED.since,
      lead_id: null,
      pause_reason: 'Lunch',
    };
    expect(mergeFloorPerson({ ...REPORTED, freshness: 'stale' }, leftBehind).presence).toBe(
      'stale',
    );
    expect(mergeFloorPerson({ ...REPORTED, freshness: 'offline' }, null)).toMatchObject({
      presence: 'offline',
      state: 'paused',
      pause_reason: 'Lunch',
    });
  });

  it('shows a person who never reported as offline', () => {
    const never = {
      ...REPORTED,
      state: null,
      since: null,
      pause_reason: null,
      heartbeat_at: null,
      freshness: 'offline' as const,
    };
    expect(mergeFloorPerson(never, null)).toMatchObject({ presence: 'offline', state: null });
  });
});
