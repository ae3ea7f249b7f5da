// Composition root of the desktop shell: builds the core from src/workstation (core.ts) and wires it
// to the one IPC channel; Notifier, idle detection and the updater come with later issues.
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { app, BrowserWindow } from 'electron';
import type { Invoke } from '../../src/contract/answer-invoke';
import { fail } from '../../src/contract/api-response';
import { APP_ORIGIN, registerAppScheme, serveRenderer } from './app-protocol';
import { applyDevServerCsp, denyPermissions, hardenWebContents } from './hardening';
import { forwardEventsTo, startCore, type HostedCore } from './core';
import { handleInvokeChannel } from './invoke-channel';
import { createMainWindow, preloadPathFrom } from './main-window';
import { notifyCallbacksDue } from '../../src/desktop/callback-notifications';
import { leadOpener } from '../../src/desktop/lead-opener';
import { asLeadWindow, electronNotifier } from './notifier';
import { createCoreClient } from '../../src/contract/core-client';
import { revealWindow } from '../../src/desktop/window-focus';
import { startTray } from './tray';
import { leadLinkInbox } from '../../src/desktop/lead-links';
import { claimSingleInstance } from '../../src/desktop/single-instance';
import { registerLeadLinkScheme } from './lead-link-scheme';
import { followAwayPause } from '../../src/desktop/away-pause';
import { electronPowerMonitor, every } from './power';

const mainDir = dirname(fileURLToPath(import.meta.url));
const devServerUrl = app.isPackaged ? undefined : process.env.ELECTRON_RENDERER_URL;
const appOrigin = devServerUrl ?? APP_ORIGIN;

// `talentg start` (and a packaged build's launcher) names the backend; without one, say so on every call.
const backend =
  process.env.SUPABASE_URL && process.env.SUPABASE_ANON_KEY
    ? { url: process.env.SUPABASE_URL, anonKey: process.env.SUPABASE_ANON_KEY }
    : null;
let core: HostedCore | null = null;
const invokeCore: Invoke = (op, args) =>
  core
    ? core.invoke(op, args)
    : Promise.resolve(
        fail(
          'CORE_UNREACHABLE',
          backend
            ? 'The workstation is still starting; try again in a moment.'
            : 'No Supabase project is configured: start the app with SUPABASE_URL and SUPABASE_ANON_KEY.',
        ),
      );

registerAppScheme();

let mainWindow: BrowserWindow | null = null;
const openLead = leadOpener(() => asLeadWindow(mainWindow));
const leadLinks = leadLinkInbox(openLead, (message) => console.warn(`[talentg] ${message}`));
registerLeadLinkScheme();

if (
  claimSingleInstance({
    app,
    argv: process.argv,
    links: leadLinks,
    focus: () => void revealWindow(asLeadWindow(mainWindow)),
  })
) {
  const openWindow = (): BrowserWindow => {
    const window = createMainWindow({
      preloadPath: preloadPathFrom(mainDir),
      startUrl: devServerUrl ?? `${APP_ORIGIN}/index.html`,
    });
    // A link that started the app waits for the page that can open it.
    window.webContents.on('did-finish-load', () => leadLinks.windowReady());
    return window;
  };

  hardenWebContents(appOrigin);
  handleInvokeChannel(
    () =>
      mainWindow === null || mainWindow.isDestroyed()
        ? null
        : { origin: appOrigin, webContentsId: mainWindow.webContents.id },
    invokeCore,
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
      return backend ? startCore(backend) : null;
    })
    .then((started) => {
      core = started;
      if (core && mainWindow) {
        const window = mainWindow;
        const stop = forwardEventsTo(core, window.webContents);
        window.on('closed', stop);
        notifyCallbacksDue(core.subscribe, electronNotifier, openLead);
        const client = createCoreClient({ invoke: invokeCore, onEvent: core.subscribe });
        startTray(client, {
          showWindow: () => void revealWindow(mainWindow),
          quit: () => app.quit(),
        });
        followAwayPause({ client, power: electronPowerMonitor, every });
      }
    })
    .catch((error: unknown) => {
      console.error('[talentg] the shell failed to start', error);
      app.exit(1);
    });

  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });

  // The cache's last writes and the sockets close before the process goes.
  app.on('will-quit', (event) => {
    if (!core) return;
    event.preventDefault();
    const closing = core;
    core = null;
    void closing.close().finally(() => app.quit());
  });
}
