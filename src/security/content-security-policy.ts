import { originOf } from './origin';

export interface CspOptions {
  /** Vite's dev server (`ELECTRON_RENDERER_URL`); its HMR needs inline scripts and a websocket. */
  devServerUrl?: string | undefined;
  /** Sockets the page may open besides its own origin (browser mode's bridge, `ws://127.0.0.1:<port>`). */
  connectOrigins?: readonly string[];
}

/** The renderer loads only its own bundled code and talks to nothing but the bridge. */
export function contentSecurityPolicy(options: CspOptions = {}): string {
  const dev = options.devServerUrl === undefined ? null : originOf(options.devServerUrl);
  const hmrSocket = dev === null ? [] : [dev.replace(/^http/, 'ws')];
  const directives: Record<string, string[]> = {
    'default-src': ["'none'"],
    'script-src': dev === null ? ["'self'"] : ["'self'", "'unsafe-inline'"],
    'style-src': dev === null ? ["'self'"] : ["'self'", "'unsafe-inline'"],
    'img-src': ["'self'", 'data:'],
    'font-src': ["'self'"],
    'connect-src': ["'self'", ...hmrSocket, ...(options.connectOrigins ?? [])],
    'object-src': ["'none'"],
    'base-uri': ["'none'"],
    'form-action': ["'none'"],
    'frame-ancestors': ["'none'"],
  };
  return Object.entries(directives)
    .map(([name, sources]) => `${name} ${sources.join(' ')}`)
    .join('; ');
}
