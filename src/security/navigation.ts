import { isSameOrigin } from './origin';

/** The window may only navigate within the app itself (reloads, in-app routes). */
export function isAllowedNavigation(targetUrl: string, appOrigin: string): boolean {
  return isSameOrigin(targetUrl, appOrigin);
}

/**
 * A link the user clicked may leave the app only as an https page opened in the system browser;
 * anything else (file:, javascript:, custom handlers) is refused.
 */
export function externalUrlToOpen(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  let parsed: URL;
  try {
    parsed = new URL(value);
  } catch {
    return null;
  }
  if (parsed.protocol !== 'https:' || parsed.username !== '' || parsed.password !== '') return null;
  return parsed.href;
}
