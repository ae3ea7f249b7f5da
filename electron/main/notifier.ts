// The shell's Notifier: a callback coming due is an OS notification too, so it reaches a telecaller
// whose window is behind another; clicking it brings the window forward.
import { Notification, type BrowserWindow } from 'electron';
import type { HostedCore } from '../../src/workstation/host-core';

export function notifyCallbacksDue(core: HostedCore, window: () => BrowserWindow | null): () => void {
  if (!Notification.isSupported()) return () => {};
  return core.subscribe((event) => {
    if (event.event !== 'callback:due') return;
    const { callback } = event.payload;
    const notification = new Notification({
      title: `Callback due: ${callback.lead_name}`,
      body: callback.note === '' ? 'Open TalentG to call back now.' : callback.note,
    });
    notification.on('click', () => {
      const shown = window();
      if (shown === null || shown.isDestroyed()) return;
      if (shown.isMinimized()) shown.restore();
      shown.focus();
    });
    notification.show();
  });
}
