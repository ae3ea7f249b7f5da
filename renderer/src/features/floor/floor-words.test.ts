import { describe, expect, it } from 'vitest';
import type { FloorPerson } from '../../../../src/contract/operations/floor';
import { msInState, presenceAt, sortFloor, summarise, tintOf } from './floor-words';

const NOW = Date.parse('2026-12-07T10:00:00.000Z');
const MINUTE = 60_000;

function person(
  name: string,
  presence: FloorPerson['presence'],
  minutesAgo: number | null,
): FloorPerson {
  return {
    user_id: `00000000-0000-4000-8000-${String(name.length).padStart(12, '0')}`,
    full_name: name,
    email: null,
    role: 'telecaller',
    presence,
    state: presence === 'stale' || presence === 'offline' ? 'ready' : presence,
    since: minutesAgo === null ? null : new Date(NOW - minutesAgo * MINUTE).toISOString(),
    lead_id: null,
    lead_name: null,
    pause_reason: null,
    pending_writes: 0,
    heartbeat_at: null,
    calls_today: 0,
    contacts_today: 0,
  };
}

describe('the floor board’s rules', () => {
  it('tints time in state warmer past each state’s limits, as VICIdial does', () => {
    expect(tintOf('ready', 30_000)).toBe('calm');
    expect(tintOf('ready', 2 * MINUTE)).toBe('warm');
    expect(tintOf('ready', 6 * MINUTE)).toBe('hot');
    expect(tintOf('on_call', 4 * MINUTE)).toBe('calm');
    expect(tintOf('on_call', 6 * MINUTE)).toBe('warm');
    expect(tintOf('paused', 9 * MINUTE)).toBe('calm');
    expect(tintOf('paused', 11 * MINUTE)).toBe('warm');
    expect(tintOf('offline', 60 * MINUTE)).toBe('calm');
    expect(tintOf('ready', null)).toBe('calm');
  });

  it('sorts by state, then longest in it first, then by name', () => {
    const people = [
      person('Off', 'offline', null),
      person('Ready new', 'ready', 1),
      person('Call', 'on_call', 2),
      person('Ready long', 'ready', 9),
      person('Quiet', 'stale', 3),
      person('Pause', 'paused', 4),
    ];
    expect(sortFloor(people).map((p) => p.full_name)).toEqual([
      'Call',
      'Ready long',
      'Ready new',
      'Pause',
      'Quiet',
      'Off',
    ]);
  });

  it('counts the summary, the silent apart from the offline', () => {
    const people = [
      person('a', 'ready', 1),
      person('b', 'ready', 1),
      person('c', 'on_call', 1),
      person('d', 'stale', 1),
      person('e', 'offline', null),
      person('f', 'offline_syncing', 1),
    ];
    expect(summarise(people)).toEqual({
      ready: 2,
      on_call: 1,
      wrap_up: 0,
      paused: 0,
      stale: 1,
      offline: 2,
    });
  });

  it('measures time in state on the server’s clock, never below zero', () => {
    expect(msInState(person('a', 'ready', 3), NOW)).toBe(3 * MINUTE);
    expect(msInState(person('a', 'ready', -1), NOW)).toBe(0);
    expect(msInState(person('a', 'offline', null), NOW)).toBeNull();
  });

  it('turns a live row stale past 30 s of silence and offline past 2 min, between two reads', () => {
    const beat = (secondsAgo: number) => ({
      ...person('a', 'paused', 5),
      heartbeat_at: new Date(NOW - secondsAgo * 1000).toISOString(),
    });
    expect(presenceAt(beat(10), NOW).presence).toBe('paused');
    expect(presenceAt(beat(31), NOW).presence).toBe('stale');
    expect(presenceAt(beat(121), NOW).presence).toBe('offline');
    expect(presenceAt(person('b', 'offline', null), NOW).presence).toBe('offline');
  });
});
