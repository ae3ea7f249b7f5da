// Electron's side of src/desktop's shell logic: Notification and the window behind its small adapters.
import { Notification, type BrowserWindow } from 'electron';
import { EVENT_CHANNEL } from '../../src/contract/bridge';
import type { Notifier } from '../../src/desktop/callback-notifications';
import type { LeadWindow } from '../../src/desktop/lead-opener';

export const electronNotifier: Notifier = {
  isSupported: () => Notification.isSupported(),
  show: ({ title, body, onClick }) => {
    const notification = new Notification({ title, body });
    notification.on('click', onClick);
    notification.show();
  },
};

/** The window as src/desktop sees it; null once it is gone. */
export function asLeadWindow(window: BrowserWindow | null): LeadWindow | null {
  if (window === null || window.isDestroyed()) return null;
  return {
    isDestroyed: () => window.isDestroyed(),
    isMinimized: () => window.isMinimized(),
    isVisible: () => window.isVisible(),
    restore: () => window.restore(),
    show: () => window.show(),
    focus: () => window.focus(),
    sendEvent: (event) => {
      if (!window.webContents.isDestroyed()) window.webContents.send(EVENT_CHANNEL, event);
    },
  };
}
