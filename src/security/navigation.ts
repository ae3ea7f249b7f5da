import { isSameOrigin } from './origin';

/** The window may only navigate within the app itself (reloads, in-app routes). */
export function isAllowedNavigation(targetUrl: string, appOrigin: string): boolean {
  return isSameOrigin(targetUrl, appOrigin);
}

/** A dialable number: digits with an optional leading +, as the lead card writes its tel: links. */
const DIALABLE = /^\+?[0-9]{3,20}$/;

/**
 * A link the user clicked may leave the app only as an https page opened in the system browser, or
 * as a tel: link with a plain number handed to the system's dialer (a softphone, a paired phone);
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
  if (parsed.protocol === 'tel:') {
    const number = decodeURIComponent(parsed.pathname).replace(/[\s().-]/g, '');
    return DIALABLE.test(number) && parsed.search === '' && parsed.hash === ''
      ? `tel:${number}`
      : null;
  }
  if (parsed.protocol !== 'https:' || parsed.username !== '' || parsed.password !== '') return null;
  return parsed.href;
}
