// Composition root of the desktop shell: later issues build the core from src/workstation here and
// inject its adapters (SecretStore over safeStorage, Notifier over Notification, Clock, paths from app.getPath).
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { app, BrowserWindow } from 'electron';
import type { Invoke } from '../../src/contract/answer-invoke';
import { fail } from '../../src/contract/api-response';
import { APP_ORIGIN, registerAppScheme, serveRenderer } from './app-protocol';
import { applyDevServerCsp, denyPermissions, hardenWebContents } from './hardening';
import { handleInvokeChannel } from './invoke-channel';
import { createMainWindow, preloadPathFrom } from './main-window';

const mainDir = dirname(fileURLToPath(import.meta.url));
const devServerUrl = app.isPackaged ? undefined : process.env.ELECTRON_RENDERER_URL;
const appOrigin = devServerUrl ?? APP_ORIGIN;

// Until src/workstation is wired in, every operation answers with a clear error instead of hanging.
const notWiredYet: Invoke = (op) =>
  Promise.resolve(
    fail('UNKNOWN_OPERATION', `No operation "${op}" yet: the workstation core is not wired in.`),
  );

registerAppScheme();

if (!app.requestSingleInstanceLock()) {
  // A second copy would open a second writer on the same local cache; hand over to the first one.
  app.quit();
} else {
  let mainWindow: BrowserWindow | null = null;
  const openWindow = (): BrowserWindow =>
    createMainWindow({
      preloadPath: preloadPathFrom(mainDir),
      startUrl: devServerUrl ?? `${APP_ORIGIN}/index.html`,
    });

  app.on('second-instance', () => {
    if (mainWindow === null || mainWindow.isDestroyed()) return;
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.focus();
  });

  hardenWebContents(appOrigin);
  handleInvokeChannel(
    () =>
      mainWindow === null || mainWindow.isDestroyed()
        ? null
        : { origin: appOrigin, webContentsId: mainWindow.webContents.id },
    notWiredYet,
  );

  app
    .whenReady()
    .then(() => {
      denyPermissions();
      if (devServerUrl === undefined) serveRenderer(join(mainDir, '../renderer'));
      else applyDevServerCsp(devServerUrl);
      mainWindow = openWindow();
      app.on('activate', () => {
        if (BrowserWindow.getAllWindows().length === 0) mainWindow = openWindow();
      });
    })
    .catch((error: unknown) => {
      console.error('[talentg] the shell failed to start', error);
      app.exit(1);
    });

  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
}
