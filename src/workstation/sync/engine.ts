// The sync engine: pushes the outbox, pulls changes, and keeps trying on a timer until both succeed.
// Realtime only pokes it; the cursor moves only with a pull (DESIGN.md §6).
import type { ErrorCode } from '../../domain/error-codes.js';
import type { CachePort, PushResult, SyncEntity } from '../cache/cache-port.js';
import { DEFAULT_BACKOFF, retryDelayMs, type BackoffPolicy } from './backoff.js';
import { TransportError, type SyncTransport } from './transport.js';
import type { BootstrapAnswer, PullAnswer } from './wire.js';

/** What the session can say about the token before a network round. */
export type AuthState = 'ok' | 'offline' | 'revoked' | 'signed_out';

export interface AuthPort {
  /** A token good for the next request, refreshing it when it is about to expire. */
  ensureFresh(): Promise<AuthState>;
  /** The server refused the token: refresh it whatever its expiry says. */
  forceRefresh(): Promise<AuthState>;
}

export type SyncPhase = 'idle' | 'pushing' | 'pulling' | 'bootstrapping' | 'offline' | 'error';

export interface SyncProgress {
  readonly phase: SyncPhase;
  /** Entries pushed or rows pulled in this round. */
  readonly done: number;
  /** Known only while pushing (the outbox depth at the start); null while pulling. */
  readonly total: number | null;
  readonly pending: number;
  readonly oldest_pending_at: string | null;
  readonly dead_letters: number;
  readonly last_push_at: string | null;
  readonly last_pull_at: string | null;
  readonly online: boolean;
  /** Why the last round failed, for the status line; null after a success. */
  readonly error: { readonly code: ErrorCode; readonly message: string } | null;
}

export interface SyncRoundResult {
  readonly ok: boolean;
  readonly pushed: number;
  readonly pulled: number;
  readonly rejected: number;
  readonly error?: {
    readonly code: ErrorCode;
    readonly message: string;
    readonly retry: boolean;
    /** SYNC_RATE_LIMITED: no request goes out before this many ms from the failure. */
    readonly retryAfterMs?: number;
  };
}

export interface SyncEngineOptions {
  readonly cache: CachePort;
  readonly transport: SyncTransport;
  readonly auth: AuthPort;
  readonly now?: () => number;
  readonly random?: () => number;
  readonly pushBatchSize?: number;
  readonly pullPageSize?: number;
  readonly bootstrapPageSize?: number;
  /** A pull on a timer even when nothing pokes, so lost realtime messages cost latency, not data. */
  readonly periodicMs?: number;
  /**
   * How long the floor's calling hours are trusted before a round asks for them again (periodicMs by
   * default); pokeCallingHours asks at once. Rounds between (a push after each key press) skip them.
   */
  readonly callingHoursEveryMs?: number;
  readonly backoff?: BackoffPolicy;
  readonly onProgress?: (progress: SyncProgress) => void;
  /** Called after each step that changed cached rows, for the cache:changed event. */
}

/** Rows written per bootstrap transaction; the event loop turns between slices. */
const BOOTSTRAP_SLICE = 2_500;

function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/**
 * Callbacks before leads: the cache shows each lead as its page arrives, and a lead's callbacks must be
 * there when it does, or a call logged during the download would not close the callback that is due
 * (the lead row's callback_due_at already orders the queue). History comes last: it is the bulk, and
 * only the lead screen reads it.
 */
const BOOTSTRAP_ORDER: readonly (SyncEntity | 'disposition')[] = [
  'disposition',
  'callback',
  'lead',
  'interaction',
];

class SyncStop extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly retry: boolean,
    readonly retryAfterMs?: number,
  ) {
    super(message);
  }
}

export class SyncEngine {
  private readonly cache: CachePort;
  private readonly transport: SyncTransport;
  private readonly auth: AuthPort;
  private readonly now: () => number;
  private readonly random: () => number;
  private readonly pushBatchSize: number;
  private readonly pullPageSize: number;
  private readonly bootstrapPageSize: number;
  private readonly periodicMs: number;
  private readonly callingHoursEveryMs: number;
  private readonly backoff: BackoffPolicy;
  private readonly onProgress: (progress: SyncProgress) => void;

  private running: Promise<SyncRoundResult> | null = null;
  private again = false;
  private timer: NodeJS.Timeout | null = null;
  private started = false;
  private failures = 0;
  private online = true;
  private lastError: SyncProgress['error'] = null;
  /** The server's Retry-After, as a time (this.now()): no round sends anything before it. */
  private quietUntil = 0;
  /** The server's database was found to be the cache's (once per engine: a server does not change its database). */
  private databaseChecked = false;
  /** When the next round asks for the floor's calling hours (this.now()); 0: the first round does. */
  private callingHoursDueAt = 0;

  constructor(options: SyncEngineOptions) {
    this.cache = options.cache;
    this.transport = options.transport;
    this.auth = options.auth;
    this.now = options.now ?? Date.now;
    this.random = options.random ?? Math.random;
    this.pushBatchSize = options.pushBatchSize ?? 500;
    this.pullPageSize = options.pullPageSize ?? 1000;
    // Each page is one SQLite transaction: 20k rows cost half the time of four 5k pages (random-key B-tree pages rewritten once).
    this.bootstrapPageSize = options.bootstrapPageSize ?? 20_000;
    this.periodicMs = options.periodicMs ?? 30_000;
    this.callingHoursEveryMs = options.callingHoursEveryMs ?? this.periodicMs;
    this.backoff = options.backoff ?? DEFAULT_BACKOFF;
    this.onProgress = options.onProgress ?? (() => {});
  }

  /** Runs rounds on its own from now on: at once, on pokes, on a timer, and with back-off after failures. */
  start(): void {
    if (this.started) return;
    this.started = true;
    this.schedule(0);
  }

  /** Stops the timer and waits for the round in flight, so the cache can be closed after it. */
  async stop(): Promise<void> {
    this.started = false;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.running;
  }

  /** Whether start() runs rounds on its own (until stop()). */
  get isStarted(): boolean {
    return this.started;
  }

  /**
   * The server database's id and the one this cache was filled from (null before its first sync), or
   * why the server could not say (OFFLINE, NOT_SIGNED_IN, SESSION_REVOKED, ...).
   */
  async databases(): Promise<
    | { readonly ok: true; readonly server: string; readonly cache: string | null }
    | { readonly ok: false; readonly code: ErrorCode; readonly message: string }
  > {
    try {
      await this.authorise(false);
      const server = await this.withAuthRetry(() => this.transport.database());
      return { ok: true, server, cache: this.cache.databaseId() };
    } catch (error) {
      const stop = this.toStop(error);
      return { ok: false, code: stop.code, message: stop.message };
    }
  }

  /** Something changed (a realtime event, a local write, the network came back): sync soon. */
  poke(): void {
    if (!this.started) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.schedule(0);
  }

  /** The floor's calling hours changed (a realtime poke on floor_settings): the next round reads them. */
  pokeCallingHours(): void {
    this.callingHoursDueAt = 0;
    this.poke();
  }

  /** One push-then-pull round; concurrent callers share the round in flight and get one more after it. */
  syncOnce(): Promise<SyncRoundResult> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    const round = this.round().finally(() => {
      this.running = null;
    });
    this.running = round;
    return round;
  }

  progress(partial: Partial<SyncProgress> = {}): SyncProgress {
    const health = this.cache.health();
    return {
      phase: this.online ? (this.lastError ? 'error' : 'idle') : 'offline',
      done: 0,
      total: null,
      pending: health.pending,
      oldest_pending_at: health.oldest_pending_at,
      dead_letters: health.dead_letters,
      last_push_at: health.last_push_at,
      last_pull_at: health.last_pull_at,
      online: this.online,
      error: this.lastError,
      ...partial,
    };
  }

  private schedule(delayMs: number): void {
    if (!this.started) return;
    delayMs = Math.max(delayMs, this.quietUntil - this.now());
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.syncOnce().then((result) => this.afterRound(result));
    }, delayMs);
    this.timer.unref?.();
  }

  private afterRound(result: SyncRoundResult): void {
    if (!this.started) return;
    if (result.ok) {
      this.failures = 0;
      if (this.again) {
        this.again = false;
        this.schedule(0);
      } else {
        this.schedule(this.periodicMs);
      }
      return;
    }
    this.again = false;
    if (result.error?.retry === false) {
      // Signed out or revoked: only signing in again starts it; retrying cannot help.
      return;
    }
    this.failures += 1;
    this.schedule(retryDelayMs(this.failures, this.random, this.backoff));
  }

  private async round(): Promise<SyncRoundResult> {
    let pushed = 0;
    let pulled = 0;
    let rejected = 0;
    try {
      this.waitOutRateLimit();
      await this.authorise(false);
      await this.checkDatabase();
      const push = await this.pushAll();
      pushed = push.pushed;
      rejected = push.rejected;
      // Before the pull: a first download takes minutes, and the screens show no hours until read. Not
      // again after it: a poke during the pull runs another round at once, and the period's next round asks.
      await this.refreshCallingHours();
      pulled = await this.pullAll();
      this.online = true;
      this.lastError = null;
      this.onProgress(this.progress({ phase: 'idle', done: pushed + pulled }));
      return { ok: true, pushed, pulled, rejected };
    } catch (error) {
      const stop = this.toStop(error);
      this.online = stop.code !== 'OFFLINE';
      this.lastError = { code: stop.code, message: stop.message };
      if (stop.retryAfterMs !== undefined)
        this.quietUntil = Math.max(this.quietUntil, this.now() + stop.retryAfterMs);
      this.onProgress(this.progress());
      return {
        ok: false,
        pushed,
        pulled,
        rejected,
        error: {
          code: stop.code,
          message: stop.message,
          retry: stop.retry,
          ...(stop.retryAfterMs !== undefined ? { retryAfterMs: stop.retryAfterMs } : {}),
        },
      };
    }
  }

  /** A round asked for (sync now, a poke) while the server's Retry-After runs sends nothing. */
  private waitOutRateLimit(): void {
    const left = this.quietUntil - this.now();
    if (left <= 0) return;
    throw new SyncStop(
      'SYNC_RATE_LIMITED',
      `The server asked this workstation to wait ${Math.ceil(left / 1000)} s before syncing again; pending changes are kept.`,
      true,
      left,
    );
  }

  private async authorise(force: boolean): Promise<void> {
    const state = force ? await this.auth.forceRefresh() : await this.auth.ensureFresh();
    if (state === 'ok') return;
    if (state === 'offline') throw new SyncStop('OFFLINE', 'The server cannot be reached.', true);
    if (state === 'revoked') {
      throw new SyncStop(
        'SESSION_REVOKED',
        'The session was ended on the server: sign in again; pending changes are kept.',
        false,
      );
    }
    throw new SyncStop('NOT_SIGNED_IN', 'Sign in to sync; pending changes are kept.', false);
  }

  /**
   * Refuses to sync a cache filled from another database than the server's: its cursor would skip
   * changes there and its outbox is numbered for the other database's records. A cache that never
   * asked (new, or from before the check) takes the server's id.
   */
  private async checkDatabase(): Promise<void> {
    if (this.databaseChecked) return;
    const id = await this.withAuthRetry(() => this.transport.database());
    const bound = this.cache.databaseId();
    if (bound === null) this.cache.bindDatabase(id);
    else if (bound !== id) {
      throw new SyncStop(
        'SYNC_OTHER_DATABASE',
        `This cache was filled from another database (${bound}) than the server's (${id}): the server was ` +
          'reset or replaced, or the URL names another project. Nothing was sent or applied. Point the ' +
          'workstation back at its server, or set this cache aside and start a fresh one (talentg ' +
          'workstation adopt-server); pending changes stay in the file set aside.',
        false,
      );
    }
    this.databaseChecked = true;
  }

  /**
   * A request sent now and awaited later (the next page, while this one is written): its rejection is
   * awaited where the answer is used, so it must not count as unhandled meanwhile.
   */
  private prefetch<T>(send: () => Promise<T>): Promise<T> {
    const answer = this.withAuthRetry(send);
    answer.catch(() => {});
    return answer;
  }

  /** Sends one request; on a refused token refreshes once and resends the same request. */
  private async withAuthRetry<T>(send: () => Promise<T>): Promise<T> {
    try {
      return await send();
    } catch (error) {
      if (!(error instanceof TransportError) || error.kind !== 'auth') throw error;
      await this.authorise(true);
      return send();
    }
  }

  private async pushAll(): Promise<{ pushed: number; rejected: number }> {
    let pushed = 0;
    let rejected = 0;
    const total = this.cache.health().pending;
    for (;;) {
      const batch = this.cache.pendingBatch(this.pushBatchSize);
      if (batch.length === 0) return { pushed, rejected };
      this.onProgress(this.progress({ phase: 'pushing', done: pushed, total }));
      const answer = await this.withAuthRetry(() =>
        this.transport.push(this.cache.clientId, batch),
      );
      const sent = new Set(batch.map((entry) => entry.seq));
      const results: PushResult[] = answer.results.filter((result) => sent.has(result.seq));
      if (results.length > 0) this.cache.acknowledge(results, new Date(this.now()).toISOString());
      pushed += results.length;
      rejected += results.filter((r) => r.status === 'rejected' || r.status === 'conflict').length;
      if (answer.error) {
        throw new SyncStop(
          answer.error.code,
          answer.error.code === 'SYNC_SEQ_GAP'
            ? `The server expected change #${answer.error.expected ?? '?'} from this workstation; run doctor.`
            : 'This workstation is registered to another user on the server; run doctor.',
          true,
        );
      }
      if (results.length === 0) {
        throw new SyncStop('SYNC_PROTOCOL', 'The server answered a push without results.', true);
      }
    }
  }

  /** Reads the floor's calling hours when due; the cache keeps the last known ones for offline work. */
  private async refreshCallingHours(): Promise<void> {
    if (this.now() < this.callingHoursDueAt) return;
    let hours;
    try {
      hours = await this.withAuthRetry(() => this.transport.callingHours());
    } catch (error) {
      // A server without the hours (an older schema) still syncs: the last known ones, or the default, hold.
      if (!(error instanceof TransportError) || error.kind !== 'protocol') throw error;
      console.warn('[talentg] calling hours not read:', error.message);
      hours = null;
    }
    this.callingHoursDueAt = this.now() + this.callingHoursEveryMs;
    if (hours !== null) this.cache.applyCallingHours(hours);
  }

  /**
   * Pulls page after page, asking for the next page before applying the current one (as bootstrap
   * does), so the server reads page n+1 while SQLite writes page n.
   */
  private async pullAll(): Promise<number> {
    let pulled = 0;
    const fetchPage = (cursor: string | null): Promise<PullAnswer> =>
      this.prefetch(() => this.transport.pull(cursor, this.pullPageSize));
    let next = fetchPage(this.cache.getCursor());
    for (;;) {
      this.onProgress(this.progress({ phase: 'pulling', done: pulled }));
      const page = await next;
      if (page.resync) {
        if (!page.cursor)
          throw new SyncStop('SYNC_PROTOCOL', 'Resync answered without a cursor.', true);
        pulled += await this.bootstrap(page.cursor);
        next = fetchPage(page.cursor);
        continue;
      }
      if (page.next) {
        next = fetchPage(page.next);
        // Let the request leave before SQLite holds the thread.
        await yieldToEventLoop();
      }
      const at = new Date(this.now()).toISOString();
      this.cache.applyPulledPage(page.changes, page.next ? null : page.cursor, at);
      pulled += page.changes.length;
      if (!page.next) return pulled;
    }
  }

  /**
   * Downloads every entity in pages, asking for the next page before applying the current one, so the
   * server builds page n+1 while SQLite writes page n.
   */
  private async bootstrap(cursor: string): Promise<number> {
    let done = 0;
    this.cache.beginResync();
    type PageRequest = { index: number; answer: Promise<BootstrapAnswer> };
    const fetchPage = (index: number, after: string | null): PageRequest => {
      const entity = BOOTSTRAP_ORDER[index]!;
      const answer = this.prefetch(() =>
        this.transport.bootstrap(entity, after, this.bootstrapPageSize),
      );
      return { index, answer };
    };
    let next: PageRequest | null = fetchPage(0, null);
    while (next !== null) {
      this.onProgress(this.progress({ phase: 'bootstrapping', done }));
      const { index, answer }: PageRequest = next;
      const page: BootstrapAnswer = await answer;
      next =
        page.next_after !== null
          ? fetchPage(index, page.next_after)
          : index + 1 < BOOTSTRAP_ORDER.length
            ? fetchPage(index + 1, null)
            : null;
      // In slices with a turn of the event loop between them: the request for page n+1 leaves and its
      // answer streams in while SQLite writes page n, and the progress moves within a page.
      for (let start = 0; start < page.rows.length; start += BOOTSTRAP_SLICE) {
        await yieldToEventLoop();
        const slice = page.rows.slice(start, start + BOOTSTRAP_SLICE);
        this.cache.applyBootstrapRows(BOOTSTRAP_ORDER[index]!, slice as never);
        done += slice.length;
        this.onProgress(this.progress({ phase: 'bootstrapping', done }));
      }
    }
    this.cache.finishResync(cursor, new Date(this.now()).toISOString());
    return done;
  }

  private toStop(error: unknown): SyncStop {
    if (error instanceof SyncStop) return error;
    if (error instanceof TransportError) {
      switch (error.kind) {
        case 'network':
          return new SyncStop('OFFLINE', 'The server cannot be reached.', true);
        case 'server':
          return new SyncStop('SYNC_SERVER_ERROR', error.message, true);
        case 'rate_limited':
          return new SyncStop(
            'SYNC_RATE_LIMITED',
            `The server is limiting this user's sync calls; trying again in ${Math.ceil((error.retryAfterMs ?? 0) / 1000)} s. Pending changes are kept.`,
            true,
            error.retryAfterMs ?? 0,
          );
        case 'auth':
          return new SyncStop('SESSION_REVOKED', error.message, false);
        case 'protocol':
          return new SyncStop('SYNC_PROTOCOL', error.message, true);
      }
    }
    // A local failure (disk full, a corrupt file) is not healed by retrying fast; retry slowly and show it.
    return new SyncStop('SYNC_LOCAL_ERROR', (error as Error).message ?? String(error), true);
  }
}
