import { app, session, shell } from 'electron';
import { contentSecurityPolicy } from '../../src/security/content-security-policy';
import { externalUrlToOpen, isAllowedNavigation } from '../../src/security/navigation';
import { dialThroughSoftphone } from '../../src/desktop/softphone';

/** tel: goes to the softphone (validated numbers only); an https page to the system browser. */
function openOutside(url: string): void {
  if (url.startsWith('tel:')) {
    const refusal = dialThroughSoftphone(url, (link) => shell.openExternal(link));
    if (refusal !== null)
      console.warn(`[talentg] not dialled: ${refusal.message} (${refusal.code})`);
    return;
  }
  const external = externalUrlToOpen(url);
  if (external !== null) void shell.openExternal(external);
}

/**
 * Applies to every web contents the app ever creates: no navigation away from the app,
 * no new windows (https links go to the system browser), no webviews, no permissions.
 */
export function hardenWebContents(appOrigin: string): void {
  app.on('web-contents-created', (_event, contents) => {
    contents.on('will-navigate', (event, url) => {
      if (isAllowedNavigation(url, appOrigin)) return;
      event.preventDefault();
      // Click-to-call: a tel: link on the lead card goes to the system's dialer; nothing else leaves.
      if (url.startsWith('tel:')) openOutside(url);
    });
    contents.on('will-redirect', (event, url) => {
      if (!isAllowedNavigation(url, appOrigin)) event.preventDefault();
    });
    contents.on('will-attach-webview', (event) => event.preventDefault());
    contents.setWindowOpenHandler(({ url }) => {
      openOutside(url);
      return { action: 'deny' };
    });
  });
}

/** Camera, microphone, notifications and the rest go through the core, never the page. */
export function denyPermissions(): void {
  session.defaultSession.setPermissionRequestHandler((_contents, _permission, callback) =>
    callback(false),
  );
  session.defaultSession.setPermissionCheckHandler(() => false);
}

/** The dev server is plain http, so its responses get the (looser) dev CSP as a header here. */
export function applyDevServerCsp(devServerUrl: string): void {
  const csp = contentSecurityPolicy({ devServerUrl });
  session.defaultSession.webRequest.onHeadersReceived((details, callback) => {
    callback({
      responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [csp] },
    });
  });
}
