// Presence in words for the chrome: labels, pause codes, time in the current state; pure.
export { PAUSE_REASONS, PRESENCE_LABELS } from '../../../src/contract/presence-words';

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
