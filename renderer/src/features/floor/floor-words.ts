// The floor board's rules in one place, pure: labels, the order rows sort in, the summary's counts,
// and the tint by time in state that VICIdial's real-time report made familiar to floor managers.
import {
  FLOOR_OFFLINE_AFTER_MS,
  FLOOR_STALE_AFTER_MS,
  type FloorPerson,
  type FloorPresence,
} from '../../../../src/contract/operations/floor';
import { PRESENCE_LABELS } from '../../app/presence-words';

export const FLOOR_LABELS: Readonly<Record<FloorPresence, string>> = {
  ...PRESENCE_LABELS,
  offline_syncing: 'Offline, syncing',
  stale: 'No heartbeat',
  offline: 'Offline',
};

/** Rows sort by state in this order (who is working first, who is gone last), then longest in it first. */
const STATE_ORDER: readonly FloorPresence[] = [
  'on_call',
  'wrap_up',
  'ready',
  'paused',
  'offline_syncing',
  'stale',
  'offline',
];

const MINUTE = 60_000;

/**
 * When time in a state earns a warmer tint, then a hot one: a ready agent idle over a minute, a call
 * over five, a wrap-up over one, a pause over ten. States without an entry are never tinted.
 */
export const TIME_IN_STATE_TINTS: Readonly<
  Partial<Record<FloorPresence, { readonly warm: number; readonly hot: number }>>
> = {
  ready: { warm: 1 * MINUTE, hot: 5 * MINUTE },
  on_call: { warm: 5 * MINUTE, hot: 15 * MINUTE },
  wrap_up: { warm: 1 * MINUTE, hot: 3 * MINUTE },
  paused: { warm: 10 * MINUTE, hot: 20 * MINUTE },
};

export type Tint = 'calm' | 'warm' | 'hot';

export function tintOf(presence: FloorPresence, msInState: number | null): Tint {
  const limits = TIME_IN_STATE_TINTS[presence];
  if (limits === undefined || msInState === null) return 'calm';
  return msInState >= limits.hot ? 'hot' : msInState >= limits.warm ? 'warm' : 'calm';
}

/**
 * The presence to show at `serverNow`: the board's answer, turned stale or offline as the heartbeat it
 * carried ages between two reads, so a silent workstation shows within 30 s, not at the next read.
 */
export function presenceAt(person: FloorPerson, serverNow: number): FloorPerson {
  if (person.heartbeat_at === null || person.presence === 'offline') return person;
  const silentMs = serverNow - Date.parse(person.heartbeat_at);
  const presence: FloorPresence =
    silentMs > FLOOR_OFFLINE_AFTER_MS
      ? 'offline'
      : silentMs > FLOOR_STALE_AFTER_MS
        ? 'stale'
        : person.presence;
  return presence === person.presence ? person : { ...person, presence };
}

/** How long the person has been in their state at `serverNow`; null when they never reported one. */
export function msInState(person: Pick<FloorPerson, 'since'>, serverNow: number): number | null {
  return person.since === null ? null : Math.max(0, serverNow - Date.parse(person.since));
}

/** By state (STATE_ORDER), then longest in it first (earliest since), then by name. */
export function sortFloor(people: readonly FloorPerson[]): FloorPerson[] {
  const rank = (person: FloorPerson) => STATE_ORDER.indexOf(person.presence);
  const since = (person: FloorPerson) =>
    person.since === null ? Number.POSITIVE_INFINITY : Date.parse(person.since);
  return [...people].sort(
    (a, b) => rank(a) - rank(b) || since(a) - since(b) || a.full_name.localeCompare(b.full_name),
  );
}

export interface FloorSummary {
  readonly ready: number;
  readonly on_call: number;
  readonly wrap_up: number;
  readonly paused: number;
  /** Silent past the stale limit: a workstation that may have crashed, the one to walk over to. */
  readonly stale: number;
  /** Offline and offline-syncing: signed out or without a connection, as they said. */
  readonly offline: number;
}

export function summarise(people: readonly FloorPerson[]): FloorSummary {
  const count = (...states: FloorPresence[]) =>
    people.filter((person) => states.includes(person.presence)).length;
  return {
    ready: count('ready'),
    on_call: count('on_call'),
    wrap_up: count('wrap_up'),
    paused: count('paused'),
    stale: count('stale'),
    offline: count('offline_syncing', 'offline'),
  };
}
