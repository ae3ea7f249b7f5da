// The few Auth and REST requests the session makes itself, one attempt each, so it can tell
// "the server could not be reached" from "the server said no" (supabase-js retries and blurs the two).
import { z } from 'zod';
import { roleSchema } from '../../contract/wire-types.js';

/** The stored session as supabase-js writes it under its storage key; only what the core reads is checked. */
export const storedTokensSchema = z.looseObject({
  access_token: z.string().min(1),
  refresh_token: z.string().min(1),
  expires_at: z.number(),
  expires_in: z.number().optional(),
  token_type: z.string().optional(),
  user: z.looseObject({
    id: z.string().min(1),
    email: z.string().optional(),
    app_metadata: z.record(z.string(), z.unknown()).optional(),
    user_metadata: z.record(z.string(), z.unknown()).optional(),
  }),
});
export type StoredTokens = z.infer<typeof storedTokensSchema>;

const grantAnswerSchema = storedTokensSchema.extend({
  expires_at: z.number().optional(),
  expires_in: z.number(),
});

export type RefreshOutcome =
  | { kind: 'refreshed'; tokens: StoredTokens }
  /** 400/401: the refresh token or its session is gone on the server; only a new sign-in helps. */
  | { kind: 'refused'; status: number; code: string; message: string }
  /** No answer, a timeout, or a server-side failure: the session may still be good; try again later. */
  | { kind: 'unreachable'; status: number; message: string };

export interface AuthEndpoint {
  url: string;
  anonKey: string;
  fetch: typeof fetch;
  timeoutMs: number;
}

function base(url: string): string {
  return url.replace(/\/+$/, '');
}

function apiHeaders(endpoint: AuthEndpoint, bearer: string): Record<string, string> {
  return {
    apikey: endpoint.anonKey,
    authorization: `Bearer ${bearer}`,
    'content-type': 'application/json',
    // GoTrue answers error codes in the body only to clients that name an API version.
    'x-supabase-api-version': '2024-01-01',
  };
}

function reasonOf(error: unknown): string {
  const cause = (error as { cause?: { code?: unknown } }).cause;
  const message = error instanceof Error ? error.message : String(error);
  return typeof cause?.code === 'string' ? `${message} (${cause.code})` : message;
}

/** GoTrue's refresh-token grant, once, with a deadline. */
export async function refreshGrant(
  endpoint: AuthEndpoint,
  refreshToken: string,
  nowSeconds: number,
): Promise<RefreshOutcome> {
  let res: Response;
  let body: unknown;
  try {
    res = await endpoint.fetch(`${base(endpoint.url)}/auth/v1/token?grant_type=refresh_token`, {
      method: 'POST',
      headers: apiHeaders(endpoint, endpoint.anonKey),
      body: JSON.stringify({ refresh_token: refreshToken }),
      signal: AbortSignal.timeout(endpoint.timeoutMs),
    });
    body = await res.json().catch(() => null);
  } catch (error) {
    return { kind: 'unreachable', status: 0, message: reasonOf(error) };
  }
  if (res.status === 400 || res.status === 401) {
    const refusal = z
      .looseObject({
        code: z.string().optional(),
        error_code: z.string().optional(),
        msg: z.string().optional(),
        message: z.string().optional(),
      })
      .safeParse(body);
    const fields = refusal.success ? refusal.data : {};
    return {
      kind: 'refused',
      status: res.status,
      code: fields.code ?? fields.error_code ?? '',
      message: fields.msg ?? fields.message ?? `refresh refused with ${res.status}`,
    };
  }
  if (!res.ok) {
    return { kind: 'unreachable', status: res.status, message: `refresh answered ${res.status}` };
  }
  const parsed = grantAnswerSchema.safeParse(body);
  if (!parsed.success) {
    return {
      kind: 'unreachable',
      status: res.status,
      message: `refresh answered an unexpected body: ${parsed.error.issues[0]?.message ?? 'invalid'}`,
    };
  }
  const answer = parsed.data;
  return {
    kind: 'refreshed',
    tokens: { ...answer, expires_at: answer.expires_at ?? nowSeconds + answer.expires_in },
  };
}

/** POST /logout?scope=local: ends this device's session on the server, not the user's other devices. */
export async function logoutLocal(
  endpoint: AuthEndpoint,
  accessToken: string,
): Promise<{ ok: boolean; status: number; message: string }> {
  try {
    const res = await endpoint.fetch(`${base(endpoint.url)}/auth/v1/logout?scope=local`, {
      method: 'POST',
      headers: apiHeaders(endpoint, accessToken),
      signal: AbortSignal.timeout(endpoint.timeoutMs),
    });
    await res.body?.cancel();
    // 401/403/404: the token or session is already gone, which is what signing out wants.
    const ok = res.ok || res.status === 401 || res.status === 403 || res.status === 404;
    return { ok, status: res.status, message: `logout answered ${res.status}` };
  } catch (error) {
    return { ok: false, status: 0, message: reasonOf(error) };
  }
}

const profileSchema = z.object({ full_name: z.string().nullable(), role: roleSchema });
export type ProfileFields = z.infer<typeof profileSchema>;

/**
 * The caller's own profile row: profiles.role is what row-level security decides on, so it wins over
 * the role in app_metadata, which only seeds the profile when the user is created. Null when unreadable.
 */
export async function fetchOwnProfile(
  endpoint: AuthEndpoint,
  accessToken: string,
  userId: string,
): Promise<ProfileFields | null> {
  try {
    const query = `select=full_name,role&id=eq.${encodeURIComponent(userId)}`;
    const res = await endpoint.fetch(`${base(endpoint.url)}/rest/v1/profiles?${query}`, {
      headers: {
        ...apiHeaders(endpoint, accessToken),
        accept: 'application/vnd.pgrst.object+json',
      },
      signal: AbortSignal.timeout(endpoint.timeoutMs),
    });
    const parsed = profileSchema.safeParse(await res.json());
    return res.ok && parsed.success ? parsed.data : null;
  } catch (_error) {
    // Unreachable right after sign-in: the caller falls back to the role in the token.
    return null;
  }
}
