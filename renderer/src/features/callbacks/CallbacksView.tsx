// Promised callbacks: overdue first, then due soonest, each on the lead's own clock; open one to call it.
import { useCallback, useEffect } from 'react';
import type { EventPayload } from '../../../../src/contract/events';
import type { WireCallbackWithLead } from '../../../../src/contract/records';
import { useCallingHoursView } from '../../app/calling-hours';
import { useCoreEvent } from '../../app/client';
import { useKey } from '../../app/keys';
import { formatOnLeadClock, leadClock, relativeTime, useNow } from '../../app/lead-clock';
import { useWorkspace } from '../../app/workspace';
import { CALLBACKS_LIMIT, useCallbacks } from './callbacks-store';
import './callbacks.css';
import { WindowDot } from '../../ui/WindowDot';

const GROUP = 'Callbacks';

type Bucket = 'overdue' | 'today' | 'later';

const BUCKET_TITLE: Readonly<Record<Bucket, string>> = {
  overdue: 'Overdue',
  today: 'Due today',
  later: 'Later',
};

function bucketOf(callback: WireCallbackWithLead, now: number): Bucket {
  const due = Date.parse(callback.due_at);
  if (due <= now) return 'overdue';
  const endOfDay = new Date(now);
  endOfDay.setHours(23, 59, 59, 999);
  return due <= endOfDay.getTime() ? 'today' : 'later';
}

function openCallbackLead(callback: WireCallbackWithLead): void {
  const workspace = useWorkspace.getState();
  workspace.openLead(callback.lead_id);
  workspace.showView('queue');
}

export function CallbacksView() {
  const callbacks = useCallbacks((s) => s.callbacks);
  const error = useCallbacks((s) => s.error);
  const actionError = useCallbacks((s) => s.actionError);
  const selected = useCallbacks((s) => s.selected);
  const now = useNow();

  useEffect(() => {
    void useCallbacks.getState().load();
  }, []);
  const onCacheChanged = useCallback((change: EventPayload<'cache:changed'>) => {
    if (change.tables.includes('callbacks') || change.tables.includes('leads')) {
      void useCallbacks.getState().load();
    }
  }, []);
  useCoreEvent('cache:changed', onCacheChanged);

  useEffect(() => {
    const current = callbacks?.[selected];
    if (current !== undefined) {
      document.getElementById(`cb-${current.id}`)?.scrollIntoView({ block: 'nearest' });
    }
  }, [callbacks, selected]);

  const list = callbacks ?? [];
  const current = list[selected];
  const move = (by: number): void => useCallbacks.getState().select(selected + by);
  useKey({ key: 'j', description: 'Next callback', group: GROUP }, () => move(1));
  useKey({ key: 'ArrowDown', description: 'Next callback', group: GROUP }, () => move(1));
  useKey({ key: 'k', description: 'Previous callback', group: GROUP }, () => move(-1));
  useKey({ key: 'ArrowUp', description: 'Previous callback', group: GROUP }, () => move(-1));
  useKey({ key: 'Enter', description: 'Open the callback’s lead', group: GROUP }, () => {
    if (current !== undefined) openCallbackLead(current);
  });
  useKey({ key: 'd', description: 'Mark the callback done', group: GROUP }, () => {
    if (current !== undefined) void useCallbacks.getState().complete(current.id, 'done');
  });
  useKey({ key: 'x', description: 'Cancel the callback', group: GROUP }, () => {
    if (current !== undefined) void useCallbacks.getState().complete(current.id, 'cancelled');
  });

  const buckets = new Map<Bucket, { callback: WireCallbackWithLead; index: number }[]>();
  list.forEach((callback, index) => {
    const bucket = bucketOf(callback, now);
    buckets.set(bucket, [...(buckets.get(bucket) ?? []), { callback, index }]);
  });
  const overdue = buckets.get('overdue')?.length ?? 0;

  return (
    <section className="cb-view" aria-labelledby="cb-title">
      <header className="cb-header">
        <h2 id="cb-title" className="cb-title">
          Callbacks
          <span className="cb-count">{callbacks === null ? '…' : list.length}</span>
          {overdue > 0 ? <span className="cb-overdue-count">{overdue} overdue</span> : null}
        </h2>
        <p className="cb-keys" aria-hidden="true">
          <kbd>J</kbd>
          <kbd>K</kbd> move · <kbd>Enter</kbd> open · <kbd>D</kbd> done · <kbd>X</kbd> cancel
        </p>
      </header>
      {error !== null ? (
        <p className="cb-error" role="alert">
          {error.message}
        </p>
      ) : null}
      {callbacks !== null && list.length === 0 ? (
        <div className="cb-empty">
          <p className="cb-empty-title">No callbacks waiting</p>
          <p className="cb-empty-body">
            Callbacks you promise on a call (the CB disposition, or Schedule callback on a lead)
            show here, overdue first, with the time on the lead’s clock.
          </p>
        </div>
      ) : null}
      <div className="cb-scroll" role="listbox" aria-label="Callbacks">
        {(['overdue', 'today', 'later'] as const).map((bucket) => {
          const rows = buckets.get(bucket);
          if (rows === undefined) return null;
          return (
            <div key={bucket} role="group" aria-label={BUCKET_TITLE[bucket]}>
              <h3 className={`cb-bucket cb-bucket-${bucket}`} aria-hidden="true">
                {BUCKET_TITLE[bucket]}
                <span className="cb-bucket-count">{rows.length}</span>
              </h3>
              {rows.map(({ callback, index }) => (
                <CallbackRow
                  key={callback.id}
                  callback={callback}
                  bucket={bucket}
                  selected={index === selected}
                  now={now}
                  error={actionError?.id === callback.id ? actionError.error.message : null}
                  onSelect={() => useCallbacks.getState().select(index)}
                />
              ))}
            </div>
          );
        })}
        {list.length >= CALLBACKS_LIMIT ? (
          <p className="cb-more">Showing the first {CALLBACKS_LIMIT}.</p>
        ) : null}
      </div>
    </section>
  );
}

interface CallbackRowProps {
  readonly callback: WireCallbackWithLead;
  readonly bucket: Bucket;
  readonly selected: boolean;
  readonly now: number;
  readonly error: string | null;
  readonly onSelect: () => void;
}

function CallbackRow({ callback, bucket, selected, now, error, onSelect }: CallbackRowProps) {
  const due = Date.parse(callback.due_at);
  const clock = leadClock(now, callback.lead_time_zone, useCallingHoursView().window);
  return (
    <div
      id={`cb-${callback.id}`}
      role="option"
      aria-selected={selected}
      className={`list-row cb-row cb-row-${bucket}${selected ? ' is-selected' : ''}`}
      data-callback-id={callback.id}
      data-lead-id={callback.lead_id}
      onClick={onSelect}
      onDoubleClick={() => openCallbackLead(callback)}
    >
      <div className="cb-when">
        <span className="cb-relative">{relativeTime(due, now)}</span>
        <span className="cb-due" title="On the lead’s clock">
          {formatOnLeadClock(due, callback.lead_time_zone)}
        </span>
      </div>
      <div className="cb-who">
        <span className="cb-name">{callback.lead_name}</span>
        <span className="cb-meta">
          <span className={`cb-clock cb-window-${clock.window}`} title={clock.windowText}>
            <WindowDot window={clock.window} />
            their time {clock.time} · {clock.place}
          </span>
          {callback.scope === 'anyone' ? <span className="cb-tag">team</span> : null}
          {callback.sync_state === 'pending' ? (
            <span className="cb-pending" title="Saved on this machine; not yet synced">
              ↑ pending sync
            </span>
          ) : null}
        </span>
        {callback.note !== '' ? <span className="cb-note">{callback.note}</span> : null}
        {error !== null ? (
          <span className="cb-row-error" role="alert">
            {error}
          </span>
        ) : null}
      </div>
      <div className="cb-actions">
        <button
          type="button"
          className="button button-small button-primary"
          aria-label={`Open ${callback.lead_name}`}
          onClick={(event) => {
            event.stopPropagation();
            openCallbackLead(callback);
          }}
        >
          Open
        </button>
        <button
          type="button"
          className="button button-small"
          aria-label={`Mark the callback to ${callback.lead_name} done`}
          onClick={(event) => {
            event.stopPropagation();
            void useCallbacks.getState().complete(callback.id, 'done');
          }}
        >
          Done
        </button>
        <button
          type="button"
          className="button button-small"
          aria-label={`Cancel the callback to ${callback.lead_name}`}
          onClick={(event) => {
            event.stopPropagation();
            void useCallbacks.getState().complete(callback.id, 'cancelled');
          }}
        >
          Cancel
        </button>
      </div>
    </div>
  );
}
