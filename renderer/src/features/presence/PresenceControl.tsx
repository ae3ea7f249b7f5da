// The person's presence, always in reach: a native select (keyboard and screen readers for free) plus
// how long they have been in it, as VICIdial's agent screen shows.
import { useEffect, useState } from 'react';
import type { Presence } from '../../../../src/contract/operations/presence';
import {
  formatTimeInState,
  PAUSE_REASONS,
  PRESENCE_LABELS,
  usePresence,
  type PresenceChoice,
} from '../../app/presence';
import { useWorkspace } from '../../app/workspace';
import './presence.css';

/** The select's value for a presence: the state, and the pause reason after a colon. */
function optionValue(presence: Presence): string {
  return presence.state === 'paused' && presence.pause_reason !== null
    ? `paused:${presence.pause_reason}`
    : presence.state;
}

/**
 * The choice a select value means. A call or its wrap-up is about the lead open on screen, so the
 * floor board names it (without a lead the manager's board has no one to show).
 */
function choiceOf(value: string, openLeadId: string | null): PresenceChoice | null {
  if (value === 'on_call' || value === 'wrap_up') {
    return openLeadId === null ? { state: value } : { state: value, lead_id: openLeadId };
  }
  if (value === 'ready') return { state: value };
  if (value === 'paused') return { state: 'paused' };
  if (value.startsWith('paused:')) return { state: 'paused', pause_reason: value.slice(7) };
  return null;
}

function TimeInState({ since }: { readonly since: string }) {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const tick = window.setInterval(() => setNow(Date.now()), 1000);
    return () => window.clearInterval(tick);
  }, []);
  return (
    <time className="presence-timer" dateTime={since} title="Time in this state">
      {formatTimeInState(now - Date.parse(since))}
    </time>
  );
}

export function PresenceControl() {
  const presence = usePresence((state) => state.presence);
  const changing = usePresence((state) => state.changing);
  const choose = usePresence((state) => state.choose);
  const current = presence === null ? '' : optionValue(presence);
  const customReason =
    presence?.state === 'paused' &&
    presence.pause_reason !== null &&
    !(PAUSE_REASONS as readonly string[]).includes(presence.pause_reason)
      ? presence.pause_reason
      : null;

  return (
    <div className="presence" data-presence-state={presence?.state ?? 'unknown'}>
      <span className="presence-dot" aria-hidden="true" />
      <select
        className="presence-select"
        aria-label="Presence"
        aria-keyshortcuts="Control+P"
        value={current}
        disabled={presence === null || changing}
        onChange={(event) => {
          const choice = choiceOf(event.target.value, useWorkspace.getState().openLeadId);
          if (choice !== null) void choose(choice);
          // Hands the keys back to the work: a focused select eats C, the digits and type-ahead letters.
          event.currentTarget.blur();
        }}
        onKeyDown={(event) => {
          if (event.key === 'Escape') event.currentTarget.blur();
        }}
      >
        {presence === null && <option value="">Presence…</option>}
        <option value="ready">{PRESENCE_LABELS.ready}</option>
        <option value="on_call">{PRESENCE_LABELS.on_call}</option>
        <option value="wrap_up">{PRESENCE_LABELS.wrap_up}</option>
        <optgroup label="Pause">
          <option value="paused">{PRESENCE_LABELS.paused}</option>
          {PAUSE_REASONS.map((reason) => (
            <option key={reason} value={`paused:${reason}`}>
              Paused · {reason}
            </option>
          ))}
          {customReason !== null && (
            <option value={`paused:${customReason}`}>Paused · {customReason}</option>
          )}
        </optgroup>
        {presence?.state === 'offline_syncing' && (
          <option value="offline_syncing" disabled>
            Offline
          </option>
        )}
      </select>
      {presence !== null && <TimeInState since={presence.since} />}
    </div>
  );
}
