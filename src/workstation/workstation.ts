// The workstation core as one object: session, the signed-in user's cache, and the sync engine.
// The Electron main process, the web host and the headless CLI all hold exactly this.
import { existsSync, renameSync } from 'node:fs';
import path from 'node:path';
import type { StatusActor } from '../domain/dispositions.js';
import type { ErrorCode } from '../domain/error-codes.js';
import { failure, type Failure } from '../domain/failure.js';
import { CacheError, openCache, type Cache, type CacheChange } from './cache/index.js';
import {
  FileSecretStore,
  Session,
  type SecretStore,
  type SessionUser,
  type SignInAnswer,
} from './session/index.js';
import {
  SyncEngine,
  type SyncEngineOptions,
  type SyncProgress,
  type SyncRoundResult,
} from './sync/engine.js';
import { subscribeRealtimePoke, type RealtimePoke } from './sync/realtime-poke.js';
import { supabaseTransport } from './sync/transport.js';

export interface WorkstationOptions {
  readonly dataDir: string;
  readonly url: string;
  readonly anonKey: string;
  /** Electron injects safeStorage; headless runs keep the tokens in files under the data directory. */
  readonly secretStore?: SecretStore;
  readonly fetch?: typeof fetch;
  /** Engine tuning (page sizes, timer, back-off); tests shorten the timer. */
  readonly sync?: Partial<Omit<SyncEngineOptions, 'cache' | 'transport' | 'auth'>>;
  /** Request deadline of the sync RPCs. */
  readonly requestTimeoutMs?: number;
}

export interface WorkstationStatus {
  readonly user: SessionUser | null;
  readonly session: string;
  readonly client_id: string | null;
  readonly pending: number;
  readonly oldest_pending_at: string | null;
  readonly dead_letters: number;
  readonly cursor: string | null;
  readonly last_push_at: string | null;
  readonly last_pull_at: string | null;
  readonly realtime: string | null;
  readonly last_error: { readonly code: string; readonly message: string } | null;
}

export type AdoptServerAnswer =
  | { readonly ok: true; readonly keptAs: string; readonly pendingKept: number }
  | { readonly ok: false; readonly code: ErrorCode; readonly message: string };

/** What exists while a user is known on this workstation: their cache and its sync engine. */
export interface Attached {
  readonly cache: Cache;
  readonly engine: SyncEngine;
}

function actorOf(user: SessionUser): StatusActor {
  return user.role === 'manager' || user.role === 'admin' ? user.role : 'telecaller';
}

export class Workstation {
  readonly session: Session;
  private openedCache: Cache | null = null;
  private syncEngine: SyncEngine | null = null;
  private poke: RealtimePoke | null = null;
  private lastProgress: SyncProgress | null = null;
  private readonly cacheListeners = new Set<(change: CacheChange) => void>();
  private readonly progressListeners = new Set<(progress: SyncProgress) => void>();

  private constructor(private readonly options: WorkstationOptions) {
    this.session = new Session({
      url: options.url,
      anonKey: options.anonKey,
      secretStore:
        options.secretStore ?? new FileSecretStore(path.join(options.dataDir, 'secrets')),
      ...(options.fetch ? { fetch: options.fetch } : {}),
    });
  }

  /** Restores the last user's session and cache without the network: local work starts at once. */
  static async open(options: WorkstationOptions): Promise<Workstation> {
    const workstation = new Workstation(options);
    await workstation.session.restore();
    const user = workstation.session.currentUser();
    if (user) workstation.attach(user);
    return workstation;
  }

  /** The signed-in (or revoked-but-known) user's cache and engine, or NOT_SIGNED_IN as a value. */
  attached(): Attached | Failure<'NOT_SIGNED_IN'> {
    if (this.openedCache === null || this.syncEngine === null) {
      return failure('NOT_SIGNED_IN', 'Sign in first: there is no user on this workstation.');
    }
    return { cache: this.openedCache, engine: this.syncEngine };
  }

  /** The signed-in user's cache, for callers that have signed in (the CLI after login, tests); throws otherwise. */
  get cache(): Cache {
    return this.require().cache;
  }

  get engine(): SyncEngine {
    return this.require().engine;
  }

  private require(): Attached {
    const attached = this.attached();
    if ('ok' in attached) throw new CacheError(attached.code, attached.message, {});
    return attached;
  }

  /** Signing in as another user closes the first one's cache; their outbox waits in their own file. */
  async signIn(email: string, password: string): Promise<SignInAnswer | Failure> {
    const answer = await this.session.signIn(email, password);
    if (!answer.ok) return answer;
    // Nobody's cache is open while a sign-in waits for its second factor, not even the last person's.
    if (answer.state.status === 'second_factor') {
      await this.detach();
      return answer;
    }
    return this.attachFor(answer);
  }

  /** The waiting sign-in's code was accepted: the person's cache opens as after any sign-in. */
  async confirmSecondFactor(): Promise<SignInAnswer | Failure> {
    const answer = await this.session.confirmSecondFactor();
    if (!answer.ok) return answer;
    return this.attachFor(answer);
  }

  private async attachFor(
    answer: Extract<SignInAnswer, { ok: true }>,
  ): Promise<SignInAnswer | Failure> {
    if (this.openedCache?.userId !== answer.user.id) {
      await this.detach();
      try {
        this.attach(answer.user);
      } catch (error) {
        // The user's cache file cannot be opened (one of a newer app version): a refusal, the session kept.
        if (error instanceof CacheError) return failure(error.code, error.message, error.details);
        throw error;
      }
    }
    return answer;
  }

  /**
   * For a cache filled from another database than the server's (SYNC_OTHER_DATABASE): sets the user's
   * cache file aside under a new name, never deleting it (its pending changes stay in it), and starts a
   * fresh cache, with a new client id, for the server this workstation now points at. A background
   * sync that was running goes on with the fresh cache. Refused with SYNC_SAME_DATABASE when the cache
   * is the server's (or has never synced): setting it aside would only strand its pending changes.
   * When the server cannot say which database it is, the answer says why (OFFLINE, ...).
   */
  async adoptServer(): Promise<AdoptServerAnswer> {
    const attached = this.attached();
    if ('ok' in attached) return attached;
    const { engine, cache } = attached;
    const databases = await engine.databases();
    if (!databases.ok) return databases;
    if (databases.cache === null || databases.cache === databases.server) {
      return {
        ok: false,
        code: 'SYNC_SAME_DATABASE',
        message:
          databases.cache === null
            ? 'This cache has not synced with any database yet: there is nothing to set aside; its pending changes sync as they are.'
            : "This cache belongs to the server's database: there is nothing to set aside; its pending changes sync as they are.",
      };
    }
    const file = cache.path;
    const pendingKept = cache.health().pending;
    const user = this.session.currentUser() as SessionUser;
    const wasRunning = engine.isStarted;
    const hadRealtime = this.poke !== null;
    await this.detach();
    const keptAs = `${file}.${new Date().toISOString().replace(/[:.]/g, '-')}.set-aside`;
    renameSync(file, keptAs);
    for (const suffix of ['-wal', '-shm']) {
      if (existsSync(file + suffix)) renameSync(file + suffix, keptAs + suffix);
    }
    this.attach(user);
    if (wasRunning) this.startSync({ realtime: hadRealtime });
    return { ok: true, keptAs, pendingKept };
  }

  async signOut(): Promise<void> {
    await this.detach();
    await this.session.signOut();
  }

  syncOnce(): Promise<SyncRoundResult> {
    return this.engine.syncOnce();
  }

  /** Background sync: rounds on a timer, after failures with back-off, and whenever realtime pokes. */
  startSync(options: { realtime?: boolean } = {}): void {
    const engine = this.engine;
    const user = this.session.currentUser();
    if (options.realtime !== false && user && !this.poke) {
      this.poke = subscribeRealtimePoke(
        this.session.client,
        user.id,
        () => engine.poke(),
        () => engine.pokeCallingHours(),
      );
    }
    engine.start();
  }

  /**
   * Called after every committed write to the cache with what it changed, whoever wrote it (the
   * person or the sync engine): the source of the cache:changed event.
   */
  onCacheChanged(listener: (change: CacheChange) => void): () => void {
    this.cacheListeners.add(listener);
    return () => this.cacheListeners.delete(listener);
  }

  /** Called with the engine's progress (pushing 3/10, pulling, offline...), for sync:progress. */
  onProgress(listener: (progress: SyncProgress) => void): () => void {
    this.progressListeners.add(listener);
    return () => this.progressListeners.delete(listener);
  }

  status(): WorkstationStatus {
    const cache = this.openedCache;
    const health = cache?.health();
    const state = this.session.state();
    return {
      user: this.session.currentUser(),
      session: state.status,
      client_id: cache?.clientId ?? null,
      pending: health?.pending ?? 0,
      oldest_pending_at: health?.oldest_pending_at ?? null,
      dead_letters: health?.dead_letters ?? 0,
      cursor: health?.cursor ?? null,
      last_push_at: health?.last_push_at ?? null,
      last_pull_at: health?.last_pull_at ?? null,
      realtime: this.poke?.status() ?? null,
      last_error: this.lastProgress?.error ?? null,
    };
  }

  async close(): Promise<void> {
    await this.detach();
  }

  private attach(user: SessionUser): void {
    const cache = openCache({
      dataDir: this.options.dataDir,
      userId: user.id,
      actor: actorOf(user),
      onChange: (change) => {
        // The person's own write waits in the outbox: push it soon.
        if (change.origin === 'local') this.syncEngine?.poke();
        for (const listener of this.cacheListeners) listener(change);
      },
    });
    this.openedCache = cache;
    this.syncEngine = new SyncEngine({
      ...this.options.sync,
      cache,
      transport: supabaseTransport(this.session.client, {
        ...(this.options.requestTimeoutMs ? { timeoutMs: this.options.requestTimeoutMs } : {}),
      }),
      auth: this.session,
      onProgress: (progress) => {
        this.lastProgress = progress;
        for (const listener of this.progressListeners) listener(progress);
      },
    });
  }

  private async detach(): Promise<void> {
    await this.syncEngine?.stop();
    this.syncEngine = null;
    if (this.poke) await this.poke.close();
    this.poke = null;
    this.openedCache?.close();
    this.openedCache = null;
  }
}
