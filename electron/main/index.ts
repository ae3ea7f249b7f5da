// Composition root of the desktop shell: Electron's APIs handed as adapters to src/desktop's logic.
// The core runs in a utility process (core.ts); main relays the contract and owns the window, the
// tray, notifications, presence that follows the person, deep links, the menu and the log.
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { app, BrowserWindow, Menu, screen, type MenuItemConstructorOptions } from 'electron';
import type { Invoke } from '../../src/contract/answer-invoke';
import { fail } from '../../src/contract/api-response';
import { createCoreClient } from '../../src/contract/core-client';
import type { CoreEvent } from '../../src/contract/events';
import { appMenuTemplate } from '../../src/desktop/app-menu';
import { followAwayPause } from '../../src/desktop/away-pause';
import { notifyCallbacksDue } from '../../src/desktop/callback-notifications';
import { leadLinkInbox } from '../../src/desktop/lead-links';
import { leadOpener } from '../../src/desktop/lead-opener';
import { copyConsoleTo, openLogFile, type LogFile } from '../../src/desktop/log-file';
import { claimSingleInstance } from '../../src/desktop/single-instance';
import {
  describeStartupError,
  failureChoice,
  startupFailureUrl,
} from '../../src/desktop/startup-failure';
import { loadPlacement, placeOnScreens, savePlacement } from '../../src/desktop/window-bounds';
import { revealWindow } from '../../src/desktop/window-focus';
import { APP_ORIGIN, registerAppScheme, serveRenderer } from './app-protocol';
import { startCore, type RelayedCore } from './core';
import { applyDevServerCsp, denyPermissions, hardenWebContents } from './hardening';
import { handleInvokeChannel } from './invoke-channel';
import { registerLeadLinkScheme } from './lead-link-scheme';
import { createMainWindow, placementOf, preloadPathFrom } from './main-window';
import { asLeadWindow, electronNotifier } from './notifier';
import { electronPowerMonitor, every } from './power';
import { startTray } from './tray';
import { startUpdater } from './updater';

const mainDir = dirname(fileURLToPath(import.meta.url));
const devServerUrl = app.isPackaged ? undefined : process.env.ELECTRON_RENDERER_URL;
const appOrigin = devServerUrl ?? APP_ORIGIN;
const startUrl = devServerUrl ?? `${APP_ORIGIN}/index.html`;

// `talentg start` (and a packaged build's launcher) names the backend.
const backend =
  process.env.SUPABASE_URL && process.env.SUPABASE_ANON_KEY
    ? { url: process.env.SUPABASE_URL, anonKey: process.env.SUPABASE_ANON_KEY }
    : null;
const NO_BACKEND =
  'No Supabase project is configured: start the app with SUPABASE_URL and SUPABASE_ANON_KEY.';

let core: RelayedCore | null = null;
let mainWindow: BrowserWindow | null = null;
let logFile: LogFile | null = null;
let tray: ReturnType<typeof startTray> | null = null;
let updater: ReturnType<typeof startUpdater> | null = null;

const invokeCore: Invoke = (op, args) =>
  core
    ? core.invoke(op, args)
    : Promise.resolve(
        fail(
          'CORE_UNREACHABLE',
          backend ? 'The workstation is still starting; try again in a moment.' : NO_BACKEND,
        ),
      );

// Every integration subscribes here once; a core started again (Try again) feeds the same listeners.
const eventListeners = new Set<(event: CoreEvent) => void>();
const subscribeCore = (listener: (event: CoreEvent) => void): (() => void) => {
  eventListeners.add(listener);
  return () => eventListeners.delete(listener);
};
const client = createCoreClient({ invoke: invokeCore, onEvent: subscribeCore });

const openLead = leadOpener(() => asLeadWindow(mainWindow));
const leadLinks = leadLinkInbox(openLead, (message) => console.warn(`[talentg] ${message}`));
const placementFile = (): string => join(app.getPath('userData'), 'window-placement.json');

registerAppScheme();
registerLeadLinkScheme();

async function openWindow(): Promise<BrowserWindow> {
  const displays = [screen.getPrimaryDisplay(), ...screen.getAllDisplays()];
  const placement = placeOnScreens(
    await loadPlacement(placementFile()),
    displays.map((display) => display.workArea),
  );
  const window = createMainWindow({ preloadPath: preloadPathFrom(mainDir), startUrl, placement });
  // A link that started the app waits for the page that can open it.
  window.webContents.on('did-finish-load', () => leadLinks.windowReady());
  // The failure screen's two links only change the hash (it runs no script).
  window.webContents.on('did-navigate-in-page', (_event, url) => {
    const choice = failureChoice(url);
    if (choice === 'quit') app.quit();
    if (choice === 'retry') {
      void window.loadURL(startUrl);
      void startShellCore();
    }
  });
  window.on('close', () => {
    void savePlacement(placementFile(), placementOf(window)).catch((error: unknown) =>
      console.warn('[talentg] could not remember the window place', error),
    );
  });
  return window;
}

/** Starts the core, or shows the failure screen (never a white window) with its reason. */
async function startShellCore(): Promise<void> {
  try {
    if (backend === null) throw new Error(NO_BACKEND);
    core = await startCore(backend, mainDir, (code) => {
      // The window would stay up with nothing behind it: say so, with Try again.
      core = null;
      showFailure(new Error(`The workstation core stopped unexpectedly (exit code ${code}).`));
    });
    core.subscribe((event) => {
      asLeadWindow(mainWindow)?.sendEvent(event);
      eventListeners.forEach((listener) => listener(event));
    });
    // The tray asked while the core was starting; now it can be answered.
    void tray?.refresh();
    // Checks read the person's channel and token from whichever core is running (a retry starts a new one).
    updater ??= startUpdater({
      session: () => core?.updateSession() ?? Promise.resolve(null),
      sendEvent: (event) => asLeadWindow(mainWindow)?.sendEvent(event),
      log: (line) => console.info(`[talentg] ${line}`),
    });
  } catch (error: unknown) {
    showFailure(error);
  }
}

function showFailure(error: unknown): void {
  console.error('[talentg] the core failed', error);
  const failure = describeStartupError(error, app.getPath('logs'));
  void mainWindow?.loadURL(startupFailureUrl(failure));
}

async function openLog(): Promise<void> {
  try {
    logFile = await openLogFile({ dir: app.getPath('logs') });
    copyConsoleTo(logFile.logger);
  } catch (error: unknown) {
    console.warn('[talentg] no log file: logging to the console only', error);
  }
}

function startIntegrations(): void {
  Menu.setApplicationMenu(
    // MenuEntry is the plain subset of MenuItemConstructorOptions that src/desktop builds.
    Menu.buildFromTemplate(
      appMenuTemplate({
        platform: process.platform,
        appName: app.getName(),
        development: !app.isPackaged,
      }) as MenuItemConstructorOptions[],
    ),
  );
  notifyCallbacksDue(subscribeCore, electronNotifier, openLead);
  tray = startTray(client, {
    showWindow: () => void revealWindow(mainWindow),
    quit: () => app.quit(),
  });
  followAwayPause({ client, power: electronPowerMonitor, every });
}

const primary = claimSingleInstance({
  app,
  argv: process.argv,
  links: leadLinks,
  focus: () => void revealWindow(asLeadWindow(mainWindow)),
});

if (primary) {
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
    .then(async () => {
      await openLog();
      denyPermissions();
      if (devServerUrl === undefined) serveRenderer(join(mainDir, '../renderer'));
      else applyDevServerCsp(devServerUrl);
      mainWindow = await openWindow();
      app.on('activate', () => {
        if (BrowserWindow.getAllWindows().length === 0) {
          void openWindow().then((window) => (mainWindow = window));
        }
      });
      startIntegrations();
      await startShellCore();
    })
    .catch((error: unknown) => {
      console.error('[talentg] the shell failed to start', error);
      app.exit(1);
    });

  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });

  // The cache's last writes and the sockets close before the process goes, then the log.
  app.on('will-quit', (event) => {
    if (!core && !logFile) return;
    event.preventDefault();
    const closing = core;
    const log = logFile;
    updater?.stop();
    updater = null;
    core = null;
    logFile = null;
    void (closing?.close() ?? Promise.resolve()).then(() => log?.close()).finally(() => app.quit());
  });
}
