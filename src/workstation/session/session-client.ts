// The supabase-js client the core talks to the server with; its auth tokens live in the SecretStore.
import { createClient, type SupabaseClient } from '@supabase/supabase-js';
import WebSocket from 'ws';
import type { SecretStore } from './secret-store.js';

/** The SecretStore key under which supabase-js keeps the session (access and refresh token, user). */
export const AUTH_STORAGE_KEY = 'talentg-auth';

/** Auth calls are small; past this a black-holed link counts as offline instead of hanging the caller. */
export const DEFAULT_AUTH_TIMEOUT_MS = 15_000;

export interface SessionClientOptions {
  url: string;
  anonKey: string;
  secretStore: SecretStore;
  fetch?: typeof fetch;
  authTimeoutMs?: number;
}

/** supabase-js `auth.storage`: async getItem/setItem/removeItem over the injected SecretStore. */
export function secretStoreStorage(store: SecretStore): {
  getItem(key: string): Promise<string | null>;
  setItem(key: string, value: string): Promise<void>;
  removeItem(key: string): Promise<void>;
} {
  return {
    getItem: (key) => store.get(key),
    setItem: (key, value) => store.set(key, value),
    removeItem: (key) => store.delete(key),
  };
}

/**
 * An unreachable auth server as auth-js's own retryable answer: auth-js prints every failed fetch to
 * the console with its stack before classifying it, so a 503 (which it classifies the same way, as
 * AuthRetryableFetchError, and the session answers OFFLINE) keeps an offline start quiet.
 */
function unreachable(url: string, error: unknown): Response {
  const reason =
    error instanceof Error
      ? error.cause instanceof Error
        ? error.cause.message
        : error.message
      : String(error);
  return new Response(
    JSON.stringify({ error: 'server_unreachable', error_description: `${url}: ${reason}` }),
    { status: 503, headers: { 'content-type': 'application/json' } },
  );
}

/**
 * The fetch supabase-js and the session use: auth requests get a deadline unless the caller set one,
 * and a network failure answers as an unreachable server instead of a logged throw.
 */
export function fetchWithAuthDeadline(base: typeof fetch, timeoutMs: number): typeof fetch {
  return (input, init) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    if (!url.includes('/auth/v1/')) return base(input, init);
    const sent = init?.signal
      ? base(input, init)
      : base(input, { ...init, signal: AbortSignal.timeout(timeoutMs) });
    return sent.catch((error: unknown) => {
      // The caller's own abort is the caller's to handle.
      if (init?.signal?.aborted) throw error;
      return unreachable(url, error);
    });
  };
}

/**
 * persistSession: tokens survive a restart in the SecretStore. autoRefreshToken off: the core refreshes
 * when it is about to use the token and on reconnect (Session.accessTokenFresh), not on a timer that
 * fires while offline and, on failure, throws the session away.
 */
export function createSessionClient(options: SessionClientOptions): SupabaseClient {
  const baseFetch = options.fetch ?? fetch;
  return createClient(options.url, options.anonKey, {
    auth: {
      storage: secretStoreStorage(options.secretStore),
      storageKey: AUTH_STORAGE_KEY,
      persistSession: true,
      autoRefreshToken: false,
      detectSessionInUrl: false,
    },
    global: {
      fetch: fetchWithAuthDeadline(baseFetch, options.authTimeoutMs ?? DEFAULT_AUTH_TIMEOUT_MS),
    },
    // Node 20 has no global WebSocket; Electron's newer Node would work without, ws works in both.
    realtime: { transport: WebSocket as never },
  });
}
