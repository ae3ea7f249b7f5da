// Who may use the web host: the per-run token (in the URL once, then a cookie), the host's own origin,
// and a Host header naming this loopback server (so a rebinding DNS name cannot reach it).
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';

export interface AccessPolicy {
  readonly token: string;
  /** `http://127.0.0.1:<port>`: the only origin whose pages may open the socket. */
  readonly origin: string;
  /** Host header values that name this server. */
  readonly hosts: readonly string[];
  /** Per port, since cookies are shared by every port of a host. */
  readonly cookieName: string;
}

export type AccessVerdict =
  | { readonly ok: true; readonly via: 'cookie' | 'query' }
  | { readonly ok: false; readonly reason: string };

export function newRunToken(): string {
  return randomBytes(32).toString('base64url');
}

export function accessPolicy(token: string, host: string, port: number): AccessPolicy {
  return {
    token,
    origin: `http://${host}:${port}`,
    hosts: [`${host}:${port}`, `localhost:${port}`],
    cookieName: `talentg_run_${port}`,
  };
}

function sameToken(given: string | undefined, expected: string): boolean {
  if (given === undefined) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

function cookieValue(header: string | undefined, name: string): string | undefined {
  if (header === undefined) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

/** The token from the `token` query parameter, or undefined. */
export function tokenInUrl(url: URL): string | undefined {
  return url.searchParams.get('token') ?? undefined;
}

/**
 * Whether a request may be served: the Host names this server, a browser's Origin (when sent) is
 * ours, and the run token comes in the query or the cookie.
 */
export function judgeRequest(
  policy: AccessPolicy,
  headers: IncomingHttpHeaders,
  url: URL,
  { requireOrigin }: { readonly requireOrigin: boolean },
): AccessVerdict {
  const host = headers.host?.toLowerCase();
  if (host === undefined || !policy.hosts.includes(host)) {
    return {
      ok: false,
      reason: `Host header ${JSON.stringify(headers.host ?? null)} is not this server`,
    };
  }
  const origin = headers.origin;
  if (origin !== undefined || requireOrigin) {
    const allowed = [policy.origin, `http://${policy.hosts[1] ?? ''}`];
    if (origin === undefined || !allowed.includes(origin.toLowerCase())) {
      return { ok: false, reason: `origin ${JSON.stringify(origin ?? null)} is not this server's` };
    }
  }
  if (sameToken(tokenInUrl(url), policy.token)) return { ok: true, via: 'query' };
  if (sameToken(cookieValue(headers.cookie, policy.cookieName), policy.token)) {
    return { ok: true, via: 'cookie' };
  }
  return { ok: false, reason: 'missing or wrong run token' };
}

/** The cookie that carries the token after the first visit: never readable by script, never sent cross-site. */
export function tokenCookie(policy: AccessPolicy): string {
  return `${policy.cookieName}=${policy.token}; HttpOnly; SameSite=Strict; Path=/`;
}
