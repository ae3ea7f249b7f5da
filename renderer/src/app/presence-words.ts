// Presence in words for the chrome: labels, pause codes, time in the current state; pure.
import type { PresenceState } from '../../../src/contract/wire-types';

/** Pause codes offered in the Presence control and the command palette, VICIdial style. */
export const PAUSE_REASONS = ['Break', 'Lunch', 'Training', 'Meeting', 'Coaching'] as const;

export const PRESENCE_LABELS: Readonly<Record<PresenceState, string>> = {
  ready: 'Ready',
  on_call: 'On call',
  wrap_up: 'Wrap-up',
  paused: 'Paused',
  offline_syncing: 'Offline',
};

export type PresenceChoice =
  | { readonly state: 'ready' }
  | { readonly state: 'on_call' | 'wrap_up'; readonly lead_id?: string }
  | { readonly state: 'paused'; readonly pause_reason?: string };

/** 4:05, 1:02:09: time in the current state. */
export function formatTimeInState(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const seconds = String(total % 60).padStart(2, '0');
  return hours > 0
    ? `${hours}:${String(minutes).padStart(2, '0')}:${seconds}`
    : `${minutes}:${seconds}`;
}
