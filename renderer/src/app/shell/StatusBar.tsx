// The thin bar under the work area: sync health on the left, where to find the keys on the right.
import { useSyncHealth } from '../sync-health';
import { downloadShare } from '../sync-summary';
import { Kbd } from '../../ui/Kbd';
import { SyncStatus } from '../../features/sync/SyncStatus';
import { SHORTCUTS_BINDING } from './TopBar';

export function DownloadProgress() {
  const downloading = useSyncHealth((state) => state.progress?.phase === 'bootstrapping');
  const share = useSyncHealth((state) =>
    state.progress === null ? null : downloadShare(state.progress),
  );
  if (!downloading) return null;
  // Of unknown size: an indeterminate bar (no aria-valuenow) rather than a full one.
  if (share === null) {
    return (
      <div
        className="download-progress is-indeterminate"
        role="progressbar"
        aria-label="Downloading your leads"
      >
        <span className="download-progress-fill" />
      </div>
    );
  }
  const percent = Math.round(share * 100);
  return (
    <div
      className="download-progress"
      role="progressbar"
      aria-label="Downloading your leads"
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={percent}
    >
      <span className="download-progress-fill" style={{ width: `${percent}%` }} />
    </div>
  );
}

export function StatusBar() {
  return (
    <footer className="status-bar">
      <div className="status-start">
        <SyncStatus />
      </div>
      <div className="status-end">
        {/* A hint for the eye; the top bar's Keyboard shortcuts button is the named control. */}
        <span className="status-muted" aria-hidden="true">
          <Kbd binding={SHORTCUTS_BINDING} /> shortcuts
        </span>
      </div>
    </footer>
  );
}
