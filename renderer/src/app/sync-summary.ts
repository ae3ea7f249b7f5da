// Sync health in words and numbers for the chrome (DESIGN.md section 6 "Visible health"); pure.
import type { SyncProgress } from '../../../src/contract/operations/sync';

/** The values of `data-sync-state` (DESIGN.md section 8). */
export type SyncHealthState = 'online' | 'syncing' | 'offline' | 'error';

export function syncStateOf(progress: SyncProgress): SyncHealthState {
  switch (progress.phase) {
    case 'idle':
      return 'online';
    case 'pushing':
    case 'pulling':
    case 'bootstrapping':
      return 'syncing';
    case 'offline':
      return 'offline';
    case 'error':
      return 'error';
  }
}

/** A short age for a dense status line: 45s, 12m, 3h, 2d. */
export function formatAge(ms: number): string {
  const seconds = Math.max(0, Math.floor(ms / 1000));
  if (seconds < 60) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes}m`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `${hours}h`;
  return `${Math.floor(hours / 24)}d`;
}

/** Age of an ISO instant at `now`, or null when there is none. */
export function ageOf(iso: string | null, now: number): string | null {
  return iso === null ? null : formatAge(now - Date.parse(iso));
}

/** "12s ago", "just now" under five seconds, "never" without an instant. */
export function agoPhrase(iso: string | null, now: number): string {
  if (iso === null) return 'never';
  const ms = now - Date.parse(iso);
  return ms < 5_000 ? 'just now' : `${formatAge(ms)} ago`;
}

/** The oldest pending write's age for the status line: only once it is worth a glance (a minute). */
export function oldestWorthShowing(progress: SyncProgress, now: number): string | null {
  if (progress.oldest_pending_at === null) return null;
  const ms = now - Date.parse(progress.oldest_pending_at);
  return ms < 60_000 ? null : formatAge(ms);
}

/** The first download's share done, 0..1; null when no download is running or its size is unknown. */
export function downloadShare(progress: SyncProgress): number | null {
  if (progress.phase !== 'bootstrapping' || !downloadSizeKnown(progress)) return null;
  return progress.done / progress.total;
}

/**
 * The core reports a download of unknown size as total = done (sync:progress needs done <= total), which
 * read as "17,511 / 17,511" and a full bar all along; a known size is one still ahead of what is done.
 */
function downloadSizeKnown(progress: SyncProgress): boolean {
  return progress.total > progress.done;
}

const count = new Intl.NumberFormat();

/** The status line's words: what a telecaller reads at a glance. */
export function syncHeadline(progress: SyncProgress): string {
  switch (progress.phase) {
    case 'idle':
      return progress.pending === 0
        ? 'Synced'
        : `Online · ${count.format(progress.pending)} to send`;
    case 'pushing':
      return progress.total > 0
        ? `Sending ${count.format(progress.done)} of ${count.format(progress.total)}`
        : 'Sending';
    case 'pulling':
      return 'Receiving changes';
    case 'bootstrapping':
      if (downloadSizeKnown(progress)) {
        return `Downloading leads ${count.format(progress.done)} / ${count.format(progress.total)}`;
      }
      return progress.done > 0
        ? `Downloading leads · ${count.format(progress.done)} so far`
        : 'Downloading leads';
    case 'offline':
      return progress.pending === 0
        ? 'Offline'
        : `Offline · ${count.format(progress.pending)} saved here`;
    case 'error':
      return 'Sync stopped';
  }
}

/** The accessible name of the sync control: the headline plus the numbers the eye gets from the line. */
export function syncAccessibleName(progress: SyncProgress, now: number): string {
  const parts = [`Sync: ${syncHeadline(progress)}`, `${progress.pending} pending`];
  const oldest = ageOf(progress.oldest_pending_at, now);
  if (oldest !== null) parts.push(`oldest ${oldest}`);
  if (progress.dead_letters > 0) parts.push(`${progress.dead_letters} refused`);
  return parts.join(', ');
}
