// Bringing the one window forward: what a clicked notification, a second launch and a deep link all do.

/** The part of Electron's BrowserWindow the shell's logic needs. */
export interface FocusableWindow {
  isDestroyed(): boolean;
  isMinimized(): boolean;
  isVisible(): boolean;
  restore(): void;
  show(): void;
  focus(): void;
}

/** Restores, shows and focuses `window`; answers false when there is no live window to bring forward. */
export function revealWindow(window: FocusableWindow | null): boolean {
  if (window === null || window.isDestroyed()) return false;
  if (window.isMinimized()) window.restore();
  // A window hidden to the tray is not minimized: it has to be shown again.
  if (!window.isVisible()) window.show();
  window.focus();
  return true;
}
