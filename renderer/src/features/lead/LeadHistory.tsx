// What happened with this lead: promised callbacks first, then every call and note, newest first, with
// what this machine has not yet synced marked as such.
import type { WireCallback, WireInteraction } from '../../../../src/contract/records';
import { formatOnLeadClock, relativeTime } from '../../app/lead-clock';
import { useLead, type LeadCard } from './lead-store';

function duration(seconds: number): string {
  const minutes = Math.floor(seconds / 60);
  return `${minutes}:${String(seconds % 60).padStart(2, '0')}`;
}

function PendingMark() {
  return (
    <span className="lc-pending" title="Saved on this machine; the server has not confirmed it yet">
      <span aria-hidden="true">↑ </span>pending sync
    </span>
  );
}

function CallbackItem({
  callback,
  timeZone,
  now,
}: {
  readonly callback: WireCallback;
  readonly timeZone: string | null;
  readonly now: number;
}) {
  const due = Date.parse(callback.due_at);
  const pending = callback.state === 'pending';
  const overdue = pending && due <= now;
  return (
    <li
      className={`lc-cb${overdue ? ' is-overdue' : ''}${pending ? '' : ' is-closed'}`}
      data-callback-id={callback.id}
      data-entry-sync={callback.sync_state}
    >
      <div className="lc-cb-line">
        <span className="lc-cb-when">{formatOnLeadClock(due, timeZone)}</span>
        <span className="lc-faint">{pending ? relativeTime(due, now) : callback.state}</span>
        {callback.scope === 'anyone' ? <span className="lc-tag">team</span> : null}
        {callback.sync_state === 'pending' ? <PendingMark /> : null}
      </div>
      {callback.note !== '' ? <p className="lc-cb-note">{callback.note}</p> : null}
      {pending ? (
        <div className="lc-cb-actions">
          <button
            type="button"
            className="lc-link"
            aria-label={`Mark the callback of ${formatOnLeadClock(due, timeZone)} done`}
            onClick={() => void useLead.getState().completeCallback(callback.id, 'done')}
          >
            Done
          </button>
          <button
            type="button"
            className="lc-link"
            aria-label={`Cancel the callback of ${formatOnLeadClock(due, timeZone)}`}
            onClick={() => void useLead.getState().completeCallback(callback.id, 'cancelled')}
          >
            Cancel
          </button>
        </div>
      ) : null}
    </li>
  );
}

const TYPE_LABEL: Readonly<Record<WireInteraction['type'], string>> = {
  call: 'Call',
  email: 'Email',
  meeting: 'Meeting',
  note: 'Note',
};

function HistoryItem({
  entry,
  label,
  now,
}: {
  readonly entry: WireInteraction;
  readonly label: string | null;
  readonly now: number;
}) {
  const at = Date.parse(entry.occurred_at);
  const pending = entry.sync_state === 'pending';
  return (
    <li
      className={`lc-event lc-event-${entry.type}${pending ? ' is-pending' : ''}`}
      data-interaction-id={entry.id}
      data-entry-sync={entry.sync_state}
    >
      <span className="lc-event-dot" aria-hidden="true" />
      <div className="lc-event-line">
        {entry.disposition !== null ? (
          <span className="lc-event-code">{entry.disposition}</span>
        ) : null}
        <span className="lc-event-title">
          {entry.disposition !== null && label !== null ? label : TYPE_LABEL[entry.type]}
        </span>
        {entry.duration_seconds !== null && entry.duration_seconds > 0 ? (
          <span className="lc-faint">{duration(entry.duration_seconds)}</span>
        ) : null}
        {pending ? <PendingMark /> : null}
        <time
          className="lc-event-time"
          dateTime={entry.occurred_at}
          title={new Date(at).toLocaleString()}
        >
          {relativeTime(at, now)}
        </time>
      </div>
      {entry.content !== '' ? <p className="lc-event-text">{entry.content}</p> : null}
    </li>
  );
}

interface LeadHistoryProps {
  readonly card: LeadCard;
  readonly now: number;
}

export function LeadHistory({ card, now }: LeadHistoryProps) {
  const dispositions = useLead((s) => s.dispositions);
  const labels = new Map(dispositions.map((d) => [d.code, d.label]));
  const pendingCallbacks = card.callbacks.filter((c) => c.state === 'pending');
  const closedCallbacks = card.callbacks.filter((c) => c.state !== 'pending').slice(0, 3);
  return (
    <aside className="lc-side" aria-label="History">
      {card.callbacks.length > 0 ? (
        <section className="lc-side-section">
          <h3 className="lc-section-title">
            Callbacks
            {pendingCallbacks.length > 0 ? (
              <span className="lc-count">{pendingCallbacks.length} pending</span>
            ) : null}
          </h3>
          <ul className="lc-cb-list">
            {[...pendingCallbacks, ...closedCallbacks].map((callback) => (
              <CallbackItem
                key={callback.id}
                callback={callback}
                timeZone={card.lead.time_zone}
                now={now}
              />
            ))}
          </ul>
        </section>
      ) : null}
      <section className="lc-side-section">
        <h3 className="lc-section-title">
          History<span className="lc-count">{card.history.length}</span>
        </h3>
        {card.history.length === 0 ? (
          <p className="lc-faint lc-history-empty">No calls or notes yet. This is a first call.</p>
        ) : (
          <ol className="lc-timeline">
            {card.history.map((entry) => (
              <HistoryItem
                key={entry.id}
                entry={entry}
                label={entry.disposition === null ? null : (labels.get(entry.disposition) ?? null)}
                now={now}
              />
            ))}
          </ol>
        )}
      </section>
    </aside>
  );
}
