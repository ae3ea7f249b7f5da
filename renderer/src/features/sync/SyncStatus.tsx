// Sync health in the status bar (DESIGN.md section 8): always visible, with the details one click away.
import { APP_SHORTCUTS } from '../../../../src/contract/app-shortcuts';
import type { SyncProgress } from '../../../../src/contract/operations/sync';
import { Kbd } from '../../ui/Kbd';
import { useSyncHealth } from '../../app/sync-health';
import {
  ageOf,
  agoPhrase,
  oldestWorthShowing,
  syncAccessibleName,
  syncHeadline,
  syncStateOf,
  type SyncHealthState,
} from '../../app/sync-summary';
import { useWorkspace } from '../../app/workspace';
import { useNow } from '../../app/lead-clock';
import './sync-status.css';

export const SYNC_NOW_BINDING = APP_SHORTCUTS.syncNow;

const DETAILS_ID = 'sync-details';

function SyncDetails({ progress, now }: { readonly progress: SyncProgress; readonly now: number }) {
  const syncNow = useSyncHealth((state) => state.syncNow);
  const syncingNow = useSyncHealth((state) => state.syncingNow);
  const showView = useWorkspace((state) => state.showView);
  const oldest = ageOf(progress.oldest_pending_at, now);
  const close = (): void => document.getElementById(DETAILS_ID)?.hidePopover();

  return (
    <div id={DETAILS_ID} className="popover sync-details" popover="auto" aria-label="Sync details">
      <dl className="facts">
        <dt>Pending writes</dt>
        <dd>{progress.pending}</dd>
        <dt>Oldest pending</dt>
        <dd>{oldest === null ? '—' : oldest}</dd>
        <dt>Last sent</dt>
        <dd>{agoPhrase(progress.last_push_at, now)}</dd>
        <dt>Last received</dt>
        <dd>{agoPhrase(progress.last_pull_at, now)}</dd>
        <dt>Refused writes</dt>
        <dd className={progress.dead_letters > 0 ? 'fact-danger' : undefined}>
          {progress.dead_letters}
        </dd>
      </dl>
      {progress.last_error !== null && <p className="sync-error">{progress.last_error.message}</p>}
      <p className="sync-note">
        Your calls and notes are saved on this computer first; sync sends them on.
      </p>
      <div className="popover-actions">
        <button
          type="button"
          className="button"
          disabled={syncingNow}
          aria-keyshortcuts="Control+S"
          onClick={() => void syncNow()}
        >
          {syncingNow ? 'Syncing…' : 'Sync now'} <Kbd binding={SYNC_NOW_BINDING} />
        </button>
        {progress.dead_letters > 0 && (
          <button
            type="button"
            className="button"
            onClick={() => {
              close();
              showView('sync');
            }}
          >
            Review refused
          </button>
        )}
      </div>
    </div>
  );
}

export function SyncStatus() {
  const progress = useSyncHealth((state) => state.progress);
  const loadError = useSyncHealth((state) => state.loadError);
  const showView = useWorkspace((state) => state.showView);
  const now = useNow(5_000);

  if (progress === null) {
    const state: SyncHealthState = loadError === null ? 'syncing' : 'error';
    return (
      <span
        className="sync-status"
        role="status"
        data-sync-state={state}
        data-pending="0"
        data-dead-letters="0"
        title={loadError?.message}
      >
        <span className="sync-dot" aria-hidden="true" />
        {loadError === null ? 'Checking sync…' : 'Sync status unavailable'}
      </span>
    );
  }

  const state = syncStateOf(progress);
  const oldest = oldestWorthShowing(progress, now);
  const lastSync = progress.last_pull_at ?? progress.last_push_at;

  return (
    <>
      <button
        type="button"
        className="sync-status"
        data-sync-state={state}
        data-pending={progress.pending}
        data-dead-letters={progress.dead_letters}
        aria-label={syncAccessibleName(progress, now)}
        popoverTarget={DETAILS_ID}
      >
        <span className="sync-dot" aria-hidden="true" />
        <span>{syncHeadline(progress)}</span>
        {oldest !== null && <span className="status-muted">oldest {oldest}</span>}
      </button>
      {progress.dead_letters > 0 && (
        <button type="button" className="status-alert" onClick={() => showView('sync')}>
          {progress.dead_letters} refused
        </button>
      )}
      {state !== 'syncing' && lastSync !== null && (
        <span className="status-muted">Last sync {agoPhrase(lastSync, now)}</span>
      )}
      <SyncDetails progress={progress} now={now} />
    </>
  );
}
