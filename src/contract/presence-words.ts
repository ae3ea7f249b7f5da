// Presence in words, shared by the renderer's Presence control and the shell's tray so both say the same.
import type { PresenceState } from './wire-types';

/** Pause codes offered in the Presence control, the command palette and the tray, VICIdial style. */
export const PAUSE_REASONS = ['Break', 'Lunch', 'Training', 'Meeting', 'Coaching'] as const;

export const PRESENCE_LABELS: Readonly<Record<PresenceState, string>> = {
  ready: 'Ready',
  on_call: 'On call',
  wrap_up: 'Wrap-up',
  paused: 'Paused',
  offline_syncing: 'Offline',
};
