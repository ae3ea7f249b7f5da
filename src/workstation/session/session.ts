// The session the core holds (DESIGN.md §6): sign-in, restore without network, and a refresh the core
// drives itself, so "offline" (keep everything) and "revoked" (keep the user's outbox) stay apart.
import { isAuthRetryableFetchError, type SupabaseClient, type User } from '@supabase/supabase-js';
import { decodeJwt } from 'jose';
import type { z } from 'zod';
import type { SessionState, sessionUserSchema } from '../../contract/operations/session.js';
import { roleSchema } from '../../contract/wire-types.js';
import { failure, type Failure } from '../../domain/failure.js';
import {
  fetchOwnProfile,
  logoutLocal,
  refreshGrant,
  type AuthEndpoint,
  type RefreshOutcome,
  type StoredTokens,
} from './auth-requests.js';
import { createSessionClient, DEFAULT_AUTH_TIMEOUT_MS } from './session-client.js';
import type { SecretStore } from './secret-store.js';
import {
  SESSION_RECORD_KEY,
  deleteTokens,
  readRecord,
  readTokens,
  stateOf,
  writeRecord,
  writeTokens,
  type SessionRecord,
} from './session-record.js';

export type SessionUser = z.infer<typeof sessionUserSchema>;

export type SessionFailureCode = 'NOT_SIGNED_IN' | 'SESSION_REVOKED' | 'OFFLINE';

export type TokenAnswer =
  { ok: true; accessToken: string; expiresAt: number } | Failure<SessionFailureCode>;

export type SignInAnswer =
  | { ok: true; user: SessionUser; state: SessionState }
  | Failure<'SIGN_IN_FAILED' | 'SIGN_IN_RATE_LIMITED' | 'OFFLINE'>;

/** The sync engine's AuthPort answers (src/workstation/sync/engine.ts). */
export type AuthState = 'ok' | 'offline' | 'revoked' | 'signed_out';

/**
 * supabase-js treats a token within 90 s of expiry as expired and refreshes it inside every request
 * (with 30 s of retries and a 60 s failure cooldown); refreshing here first keeps refresh in the core's hands.
 */
export const DEFAULT_REFRESH_MARGIN_SECONDS = 90;

export interface SessionOptions {
  url: string;
  anonKey: string;
  secretStore: SecretStore;
  fetch?: typeof fetch;
  /** Deadline of each auth request; past it the server counts as unreachable. */
  authTimeoutMs?: number;
  /** Refresh when the access token expires within this many seconds. */
  refreshMarginSeconds?: number;
  /** Epoch ms; tests move it to make a token look old without waiting. */
  now?: () => number;
}

export class Session {
  /** The client the core calls the server with; its requests carry this session's access token. */
  readonly client: SupabaseClient;
  private readonly store: SecretStore;
  private readonly endpoint: AuthEndpoint;
  private readonly marginSeconds: number;
  private readonly now: () => number;
  private record: SessionRecord | null = null;
  /** A sign-in whose password was right, waiting for the person's authenticator; never written down. */
  private secondFactor: { user: SessionUser; factor_id: string } | null = null;
  private tail: Promise<unknown> = Promise.resolve();
  private refreshing: Promise<TokenAnswer> | null = null;
  private readonly listeners = new Set<(state: SessionState) => void>();

  constructor(options: SessionOptions) {
    const baseFetch = options.fetch ?? fetch;
    const timeoutMs = options.authTimeoutMs ?? DEFAULT_AUTH_TIMEOUT_MS;
    this.store = options.secretStore;
    this.endpoint = { url: options.url, anonKey: options.anonKey, fetch: baseFetch, timeoutMs };
    this.marginSeconds = options.refreshMarginSeconds ?? DEFAULT_REFRESH_MARGIN_SECONDS;
    this.now = options.now ?? Date.now;
    this.client = createSessionClient({
      url: options.url,
      anonKey: options.anonKey,
      secretStore: options.secretStore,
      fetch: baseFetch,
      authTimeoutMs: timeoutMs,
    });
  }

  state(): SessionState {
    if (this.secondFactor) return { status: 'second_factor', ...this.secondFactor };
    return stateOf(this.record);
  }

  /** The authenticator a sign-in waits for, or null when none waits. */
  pendingSecondFactor(): { user: SessionUser; factor_id: string } | null {
    return this.secondFactor;
  }

  /** Whose data this workstation holds: the signed-in user, or the one whose session was revoked. */
  currentUser(): SessionUser | null {
    return this.record?.user ?? null;
  }

  /** session:changed: called with the new state after every change, never for an unchanged one. */
  onChange(listener: (state: SessionState) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Reads the SecretStore at start; no network. Tokens that are missing or belong to someone else end the session. */
  restore(): Promise<SessionState> {
    return this.serial(async () => {
      const record = await readRecord(this.store);
      const tokens = await readTokens(this.store);
      if (!record) {
        // Tokens nobody is recorded for (a sign-in cut short) are not attributed to anyone.
        if (tokens) await deleteTokens(this.store);
        this.setRecord(null);
      } else if (record.status === 'signed_in' && tokens?.user.id !== record.user.id) {
        await this.revoke(record);
      } else {
        this.setRecord(record);
      }
      return this.state();
    });
  }

  signIn(email: string, password: string): Promise<SignInAnswer> {
    return this.serial(async () => {
      const previous = this.record?.status === 'signed_in' ? await readTokens(this.store) : null;
      const { data, error } = await this.client.auth.signInWithPassword({ email, password });
      if (error || !data.session) {
        if (error && isAuthRetryableFetchError(error)) {
          return failure('OFFLINE', 'The server cannot be reached; try again when online.', {
            status: error.status,
            reason: error.message,
          });
        }
        if (error?.status === 429) {
          return failure(
            'SIGN_IN_RATE_LIMITED',
            'Too many sign-in attempts from this computer: wait a minute, then try again.',
            { status: error.status, code: error.code },
          );
        }
        const wrongPassword = error?.code === 'invalid_credentials';
        return failure(
          'SIGN_IN_FAILED',
          wrongPassword
            ? 'Wrong email or password.'
            : `Sign-in failed: ${error?.message ?? 'no session'}`,
          { status: error?.status, code: error?.code },
        );
      }
      // The previous session's tokens are already replaced; end it on the server too.
      if (previous) await logoutLocal(this.endpoint, previous.access_token);
      const session = data.session;
      const profile = await fetchOwnProfile(this.endpoint, session.access_token, session.user.id);
      const metadataRole = roleSchema.safeParse(session.user.app_metadata.role);
      const metadataName = session.user.user_metadata?.full_name;
      const user: SessionUser = {
        id: session.user.id,
        email: session.user.email ?? email,
        full_name: profile?.full_name ?? (typeof metadataName === 'string' ? metadataName : ''),
        role: profile?.role ?? (metadataRole.success ? metadataRole.data : 'user'),
      };
      const factorId = verifiedTotpFactor(session.user);
      if (factorId !== null && decodeJwt(session.access_token).aal !== 'aal2') {
        // Nobody is recorded as signed in until the code is right: a restart meanwhile drops these tokens.
        await this.store.delete(SESSION_RECORD_KEY);
        this.change(null, { user, factor_id: factorId });
        return { ok: true, user, state: this.state() };
      }
      return this.recordSignedIn(user);
    });
  }

  /**
   * The waiting sign-in's authenticator accepted a code (auth-js stored the aal2 session meanwhile): the
   * person is signed in from now on, exactly as after a sign-in without a second factor.
   */
  confirmSecondFactor(): Promise<SignInAnswer | Failure<'NOT_SIGNED_IN'>> {
    return this.serial(async () => {
      const waiting = this.secondFactor;
      if (!waiting) {
        return failure('NOT_SIGNED_IN', 'No sign-in waits for a code: sign in with your password.');
      }
      return this.recordSignedIn(waiting.user);
    });
  }

  private async recordSignedIn(user: SessionUser): Promise<SignInAnswer> {
    const record: SessionRecord = {
      user,
      signed_in_at: new Date(this.now()).toISOString(),
      status: 'signed_in',
    };
    await writeRecord(this.store, record);
    this.change(record, null);
    return { ok: true, user, state: this.state() };
  }

  /**
   * Ends this device's session on the server (scope local: the user's other devices stay signed in) when
   * it can, then deletes the tokens and the record, and nothing else: cache and outbox are not the session's.
   */
  signOut(): Promise<SessionState> {
    return this.serial(async () => {
      const tokens = await readTokens(this.store);
      // Offline, the server keeps the session; with its refresh token deleted here, nobody can use it.
      if (tokens) await logoutLocal(this.endpoint, tokens.access_token);
      await deleteTokens(this.store);
      await this.store.delete(SESSION_RECORD_KEY);
      this.change(null, null);
      await this.client.realtime.setAuth();
      return this.state();
    });
  }

  /**
   * An access token good for at least the refresh margin, refreshed if need be. OFFLINE keeps the session
   * (ask again on reconnect); SESSION_REVOKED means the server refused the refresh: sign in again.
   */
  accessTokenFresh(): Promise<TokenAnswer> {
    return this.token(false);
  }

  /** Refreshes whatever the token's expiry says: the server refused it (a 401 on a request). */
  refreshNow(): Promise<TokenAnswer> {
    return this.token(true);
  }

  async ensureFresh(): Promise<AuthState> {
    return authStateOf(await this.accessTokenFresh());
  }

  async forceRefresh(): Promise<AuthState> {
    return authStateOf(await this.refreshNow());
  }

  private async token(force: boolean): Promise<TokenAnswer> {
    if (!force) {
      const stored = await this.storedAnswer();
      if (stored) return stored;
    }
    // One refresh at a time: concurrent callers share it instead of rotating the token twice.
    this.refreshing ??= this.serial(() => this.refresh(force)).finally(() => {
      this.refreshing = null;
    });
    return this.refreshing;
  }

  /** The answer the store gives without a network round, or null when a refresh is due. */
  private async storedAnswer(): Promise<TokenAnswer | null> {
    const record = this.record;
    if (!record) return notSignedIn();
    if (record.status === 'expired') return revokedFailure(record, undefined);
    const tokens = await readTokens(this.store);
    if (tokens?.user.id !== record.user.id) return null;
    return this.isFresh(tokens) ? tokenOf(tokens) : null;
  }

  private async refresh(force: boolean): Promise<TokenAnswer> {
    const record = this.record;
    if (!record) return notSignedIn();
    if (record.status === 'expired') return revokedFailure(record, undefined);
    const tokens = await readTokens(this.store);
    // supabase-js deletes the tokens when the server refused its own refresh; nothing else removes them.
    if (tokens?.user.id !== record.user.id) return this.revoke(record);
    if (!force && this.isFresh(tokens)) return tokenOf(tokens);
    const outcome = await refreshGrant(this.endpoint, tokens.refresh_token, this.now() / 1000);
    return this.settle(record, outcome);
  }

  private async settle(record: SessionRecord, outcome: RefreshOutcome): Promise<TokenAnswer> {
    switch (outcome.kind) {
      case 'refreshed':
        if (outcome.tokens.user.id !== record.user.id) return this.revoke(record);
        await writeTokens(this.store, outcome.tokens);
        // Joined channels get the new token now; REST and RPC read it from the store per request.
        await this.client.realtime.setAuth(outcome.tokens.access_token);
        return tokenOf(outcome.tokens);
      case 'refused':
        return this.revoke(record, {
          status: outcome.status,
          code: outcome.code,
          reason: outcome.message,
        });
      case 'unreachable':
        return failure(
          'OFFLINE',
          'The server cannot be reached; the session is kept and refreshed once it answers.',
          { status: outcome.status, reason: outcome.message },
        );
    }
  }

  /** The server ended the session: its tokens go, the user stays known so their outbox is kept. */
  private async revoke(
    record: SessionRecord,
    details?: Record<string, unknown>,
  ): Promise<Failure<'SESSION_REVOKED'>> {
    const expired: SessionRecord = { ...record, status: 'expired' };
    await deleteTokens(this.store);
    await writeRecord(this.store, expired);
    this.setRecord(expired);
    return revokedFailure(expired, details);
  }

  private isFresh(tokens: StoredTokens): boolean {
    return tokens.expires_at - this.now() / 1000 > this.marginSeconds;
  }

  private setRecord(record: SessionRecord | null): void {
    this.change(record, this.secondFactor);
  }

  private change(
    record: SessionRecord | null,
    secondFactor: { user: SessionUser; factor_id: string } | null,
  ): void {
    const before = JSON.stringify(this.state());
    this.record = record;
    this.secondFactor = secondFactor;
    const after = this.state();
    if (JSON.stringify(after) === before) return;
    for (const listener of this.listeners) listener(after);
  }

  /** Sign-in, sign-out, restore and refresh run one at a time, so a refresh never resurrects signed-out tokens. */
  private serial<T>(work: () => Promise<T>): Promise<T> {
    const run = this.tail.then(work);
    this.tail = run.catch(() => undefined);
    return run;
  }
}

/** The person's verified TOTP authenticator, as Auth lists it with the user; null when they have none. */
function verifiedTotpFactor(user: User): string | null {
  const factor = (user.factors ?? []).find(
    (candidate) => candidate.factor_type === 'totp' && candidate.status === 'verified',
  );
  return factor?.id ?? null;
}

function tokenOf(tokens: StoredTokens): TokenAnswer {
  return { ok: true, accessToken: tokens.access_token, expiresAt: tokens.expires_at };
}

function notSignedIn(): Failure<'NOT_SIGNED_IN'> {
  return failure('NOT_SIGNED_IN', 'Sign in to reach the server; local work goes on.');
}

function revokedFailure(
  record: SessionRecord,
  details: Record<string, unknown> | undefined,
): Failure<'SESSION_REVOKED'> {
  return failure(
    'SESSION_REVOKED',
    `The session of ${record.user.email} was ended on the server: sign in again; pending changes are kept.`,
    { user_id: record.user.id, ...details },
  );
}

function authStateOf(answer: TokenAnswer): AuthState {
  if (answer.ok) return 'ok';
  if (answer.code === 'OFFLINE') return 'offline';
  if (answer.code === 'SESSION_REVOKED') return 'revoked';
  return 'signed_out';
}
