import { join } from 'node:path';
import { BrowserWindow } from 'electron';

export interface MainWindowOptions {
  preloadPath: string;
  /** The dev server URL, or the app-scheme URL of the built index.html. */
  startUrl: string;
}

export function createMainWindow({ preloadPath, startUrl }: MainWindowOptions): BrowserWindow {
  const window = new BrowserWindow({
    width: 1280,
    height: 800,
    minWidth: 960,
    minHeight: 600,
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
  // Showing only once painted avoids a white flash on start.
  window.once('ready-to-show', () => window.show());
  void window.loadURL(startUrl);
  return window;
}

export function preloadPathFrom(mainDir: string): string {
  return join(mainDir, '../preload/index.cjs');
}
