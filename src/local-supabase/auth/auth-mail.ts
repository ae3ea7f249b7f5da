import { composeAuthMail, type AuthMailKind } from '../mail/templates.js';
import type { AuthCall } from './auth-call.js';
import {
  newOtp,
  storeEmailChange,
  storeToken,
  tokenHash,
  type LinkSlot,
} from './one-time-tokens.js';
import type { SqlClient } from '../db/index.js';

/** The verify types GoTrue puts in a link, per kind of mail. */
export type LinkType = 'signup' | 'invite' | 'magiclink' | 'recovery';

const SLOT: Record<LinkType, LinkSlot> = {
  signup: 'confirmation',
  invite: 'confirmation',
  magiclink: 'recovery',
  recovery: 'recovery',
};

const MAIL_KIND: Record<LinkType | 'email_change', AuthMailKind> = {
  signup: 'confirmation',
  invite: 'invite',
  magiclink: 'magic_link',
  recovery: 'recovery',
  email_change: 'email_change',
};

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

/**
 * GoTrue's redirect check: redirect_to is used when it is on the site URL's origin (or, here, on this
 * machine, where the Supabase CLI's additional_redirect_urls point); anything else falls back to site_url.
 */
export function allowedRedirect(call: AuthCall, requested: string | null | undefined): string {
  const siteUrl = call.settings.siteUrl;
  if (!requested) return siteUrl;
  try {
    const target = new URL(requested);
    if (target.protocol !== 'http:' && target.protocol !== 'https:') return siteUrl;
    if (target.origin === new URL(siteUrl).origin || LOOPBACK_HOSTS.has(target.hostname)) {
      return target.toString();
    }
  } catch {
    // Not a URL: GoTrue falls back to the site URL too.
  }
  return siteUrl;
}

/** The request's redirect: supabase-js sends it as the redirect_to query parameter, older clients in the body. */
export function requestedRedirect(call: AuthCall, bodyValue?: string | null): string {
  return allowedRedirect(call, call.query.get('redirect_to') ?? bodyValue);
}

export interface IssuedLink {
  type: LinkType | 'email_change';
  code: string;
  hashedToken: string;
  actionLink: string;
  redirectTo: string;
}

/** Creates and stores a one-time token for `type` and builds the verify link GoTrue mails (ConfirmationURL). */
export async function issueLink(
  call: AuthCall,
  tx: SqlClient,
  user: { id: string; email: string },
  type: LinkType,
  redirectTo: string,
): Promise<IssuedLink> {
  const link = newLink(call, user.email, type, redirectTo);
  await storeToken(tx, user.id, SLOT[type], link.hashedToken);
  return link;
}

/** A new code for the address and the verify link that carries its hash; the caller stores the hash. */
function newLink(
  call: AuthCall,
  email: string,
  type: IssuedLink['type'],
  redirectTo: string,
): IssuedLink {
  const code = newOtp(call.settings.otpLength);
  const hashedToken = tokenHash(email, code);
  const query = new URLSearchParams({ token: hashedToken, type, redirect_to: redirectTo });
  const actionLink = `${call.ctx.config.url}/auth/v1/verify?${query.toString()}`;
  return { type, code, hashedToken, actionLink, redirectTo };
}

/**
 * GoTrue's sendEmailChange: a link and code to the new address and, with a secure change
 * (double_confirm_changes), one to the current address too; both are stored with the pending change.
 */
export async function issueEmailChange(
  call: AuthCall,
  tx: SqlClient,
  user: { id: string; email: string | null },
  newEmail: string,
  redirectTo: string,
): Promise<(IssuedLink & { to: string })[]> {
  const linkTo = (to: string) => ({ to, ...newLink(call, to, 'email_change', redirectTo) });
  const toNew = linkTo(newEmail);
  const toCurrent = call.settings.secureEmailChange && user.email ? linkTo(user.email) : undefined;
  await storeEmailChange(tx, user.id, newEmail, {
    new: toNew.hashedToken,
    current: toCurrent?.hashedToken ?? '',
  });
  return toCurrent ? [toNew, toCurrent] : [toNew];
}

export function slotOf(type: LinkType): LinkSlot {
  return SLOT[type];
}

/** Counts the mail against the service's hourly limit, then delivers it to the local inbox. */
export function sendLinkMail(call: AuthCall, to: string, link: IssuedLink): void {
  const { subject, text } = composeAuthMail({
    kind: MAIL_KIND[link.type],
    link: link.actionLink,
    code: link.code,
  });
  call.mailbox.deliver({ to, subject, text });
}
