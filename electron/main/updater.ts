// Electron's side of src/release/update-policy.ts: electron-updater's autoUpdater, checked at start and
// every few hours on the person's channel, the install on quit announced with the update:ready event.
import { app } from 'electron';
import electronUpdater from 'electron-updater';
import type { CoreEvent } from '../../src/contract/events';
import { startUpdateChecks, type UpdateSession } from '../../src/release/update-policy';

export interface UpdaterOptions {
  /** The signed-in person's token and channel (src/release/update-session.ts), null while signed out. */
  readonly session: () => Promise<UpdateSession | null>;
  /** Sends the event to the window, where the renderer shows it as a toast. */
  readonly sendEvent: (event: CoreEvent) => void;
  readonly log: (line: string) => void;
}

/** Starts update checks in a packaged build; a development run has no installer to replace. */
export function startUpdater(options: UpdaterOptions): { stop(): void } {
  if (!app.isPackaged) {
    options.log('updates: not checked in a development build');
    return { stop: () => undefined };
  }
  // electron-updater is CommonJS; its autoUpdater is created on first read, for this platform.
  const { autoUpdater } = electronUpdater;
  return startUpdateChecks({
    updater: autoUpdater,
    session: options.session,
    notify: options.sendEvent,
    log: options.log,
  });
}
