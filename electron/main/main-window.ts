import { join } from 'node:path';
import { BrowserWindow } from 'electron';
import { MIN_SIZE, type WindowPlacement } from '../../src/desktop/window-bounds';

export interface MainWindowOptions {
  preloadPath: string;
  /** The dev server URL, or the app-scheme URL of the built index.html. */
  startUrl: string;
  /** Where to open (src/desktop/window-bounds placeOnScreens): the last place, kept on a screen. */
  placement: WindowPlacement;
}

export function createMainWindow({
  preloadPath,
  startUrl,
  placement,
}: MainWindowOptions): BrowserWindow {
  const window = new BrowserWindow({
    ...placement.bounds,
    minWidth: MIN_SIZE.width,
    minHeight: MIN_SIZE.height,
    show: false,
    title: 'TalentG Workstation',
    backgroundColor: '#f5f7fb',
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
    },
  });
  if (placement.maximized) window.maximize();
  // Showing only once painted avoids a white flash on start.
  window.once('ready-to-show', () => window.show());
  void window.loadURL(startUrl);
  return window;
}

/** The window's place as it should be remembered: its un-maximized bounds and whether it is maximized. */
export function placementOf(window: BrowserWindow): WindowPlacement {
  return { bounds: window.getNormalBounds(), maximized: window.isMaximized() };
}

export function preloadPathFrom(mainDir: string): string {
  return join(mainDir, '../preload/index.cjs');
}
