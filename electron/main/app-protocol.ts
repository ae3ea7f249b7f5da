import { readFile } from 'node:fs/promises';
import { protocol } from 'electron';
import { contentSecurityPolicy } from '../../src/security/content-security-policy';
import { contentTypeFor, resolveStaticAsset } from '../../src/security/static-assets';

// A custom scheme instead of file:// gives the renderer a real origin we can check (Electron security checklist #18).
export const APP_SCHEME = 'talentg';
export const APP_ORIGIN = `${APP_SCHEME}://app`;

/** Must run before the app is ready. */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
  ]);
}

/** Serves the built renderer from `rendererDir`, with the production CSP on every response. */
export function serveRenderer(rendererDir: string): void {
  const csp = contentSecurityPolicy();
  protocol.handle(APP_SCHEME, async (request) => {
    const file = resolveStaticAsset(rendererDir, request.url);
    if (file === null) return new Response('Not found', { status: 404 });
    const body = await readFile(file).catch((error: unknown) => {
      console.error(`[talentg] cannot read ${file}`, error);
      return null;
    });
    if (body === null) return new Response('Not found', { status: 404 });
    return new Response(new Uint8Array(body), {
      headers: { 'content-type': contentTypeFor(file), 'content-security-policy': csp },
    });
  });
}
