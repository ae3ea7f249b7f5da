// How the desktop app updates itself (DESIGN.md §11), with no Electron in sight so it is tested in plain
// Node: electron-updater's generic provider on the releases bucket, read with the signed-in person's
// token, on the channel their profile names; a check at start and every few hours, the download in the
// background (electron-updater checks its sha512), the install when the app quits, and the person told.
import type { AppUpdater } from 'electron-updater';
import { coreEvent, type CoreEvent } from '../contract/events.js';
import type { FeedChannel } from '../domain/release-feed.js';
import { bucketUrl } from '../workstation/services/release-bucket.js';

/** Every few hours: a staged rollout widens during the day, and a pulled version stops spreading. */
export const UPDATE_CHECK_INTERVAL_MS = 4 * 60 * 60 * 1000;

/** What the updater needs from the signed-in session; null while nobody is signed in. */
export interface UpdateSession {
  readonly projectUrl: string;
  readonly anonKey: string;
  readonly accessToken: string;
  readonly channel: FeedChannel;
}

/** The part of electron-updater's AppUpdater this policy drives (its autoUpdater in the app). */
export type Updater = Pick<
  AppUpdater,
  | 'autoDownload'
  | 'autoInstallOnAppQuit'
  | 'allowDowngrade'
  | 'allowPrerelease'
  | 'requestHeaders'
  | 'setFeedURL'
  | 'checkForUpdates'
  | 'on'
>;

/** The generic provider's options: the bucket's authenticated URL, `latest` for stable as electron-updater names it. */
export function feedOptions(session: Pick<UpdateSession, 'projectUrl' | 'channel'>) {
  return {
    provider: 'generic' as const,
    url: bucketUrl(session.projectUrl.replace(/\/+$/, '')),
    channel: session.channel === 'stable' ? 'latest' : session.channel,
  };
}

/** Points the updater at this person's channel with their token; called before every check (tokens expire). */
export function configureUpdater(updater: Updater, session: UpdateSession): void {
  updater.autoDownload = true;
  updater.autoInstallOnAppQuit = true;
  // Never install an older build: the local cache refuses a database from a newer version, and a pulled
  // release is replaced by the next fixed version rather than rolled back under a working telecaller.
  updater.allowDowngrade = false;
  updater.allowPrerelease = session.channel === 'beta';
  updater.requestHeaders = {
    authorization: `Bearer ${session.accessToken}`,
    apikey: session.anonKey,
  };
  updater.setFeedURL(feedOptions(session));
}

/** The contract event the renderer shows as a toast: the update is ready and goes in when the app quits. */
export function updateReadyEvent(info: { version: string; releaseDate?: string }): CoreEvent {
  const released = info.releaseDate === undefined ? null : new Date(info.releaseDate);
  return coreEvent('update:ready', {
    version: info.version,
    release_date:
      released === null || Number.isNaN(released.getTime()) ? null : released.toISOString(),
    install: 'on_quit',
  });
}

export interface UpdateChecksOptions {
  readonly updater: Updater;
  readonly session: () => Promise<UpdateSession | null>;
  readonly notify: (event: CoreEvent) => void;
  readonly log: (line: string) => void;
  readonly intervalMs?: number;
  readonly setInterval?: (run: () => void, ms: number) => unknown;
  readonly clearInterval?: (handle: unknown) => void;
}

/** One check: skipped while nobody is signed in; a failure never reaches the app as a throw. */
export async function checkOnce(
  options: UpdateChecksOptions,
): Promise<'checked' | 'signed_out' | 'failed'> {
  const session = await options.session().catch(() => null);
  if (session === null) return 'signed_out';
  try {
    configureUpdater(options.updater, session);
    const result = await options.updater.checkForUpdates();
    // The background download's failure (a sha512 mismatch among them) is emitted as 'error' as well;
    // its promise is settled here so it is never an unhandled rejection in the main process.
    result?.downloadPromise?.catch(() => undefined);
    return 'checked';
  } catch {
    // electron-updater emitted the failure as 'error' too, which startUpdateChecks logs.
    return 'failed';
  }
}

/** Checks now and every few hours; the person is told once an update is downloaded and verified. */
export function startUpdateChecks(options: UpdateChecksOptions): { stop(): void } {
  const every = options.setInterval ?? ((run, ms) => setInterval(run, ms).unref());
  const cancel = options.clearInterval ?? ((handle) => clearInterval(handle as NodeJS.Timeout));
  options.updater.on('update-downloaded', (info) => options.notify(updateReadyEvent(info)));
  // A failed check or download (a sha512 mismatch among them) arrives here; the next check tries again.
  options.updater.on('error', (error) => options.log(`update failed: ${error.message}`));
  void checkOnce(options);
  const handle = every(
    () => void checkOnce(options),
    options.intervalMs ?? UPDATE_CHECK_INTERVAL_MS,
  );
  return { stop: () => cancel(handle) };
}
