import type { Database } from '../../db/index.js';
import {
  bindingId,
  BindingIndex,
  parseBindingSpec,
  type Binding,
  type BindingSpec,
  type ChangeSubscriber,
} from './bindings.js';
import {
  CHANGES_CHANNEL,
  fetchChanges,
  installCapture,
  parseChangeKey,
  pruneChanges,
  type ChangeKey,
} from './capture.js';
import { fanOut } from './fanout.js';
import { PublishedTables } from './tables.js';

/** The `system` message a channel gets once its postgres_changes bindings are (or fail to be) in place. */
export interface SubscribeStatus {
  status: 'ok' | 'error';
  message: string;
}

export interface Subscription {
  /** The join reply's postgres_changes: the client's bindings, in order, each with its id. */
  reply: Record<string, unknown>[];
  status: SubscribeStatus | undefined;
}

const PRUNE_EVERY_MS = 10_000;
/** Catches publication and column changes made without `NOTIFY pgrst, 'reload schema'`. */
const RECHECK_EVERY_MS = 10_000;

function paramsForLog(spec: BindingSpec): string {
  const filters = spec.filters
    .map((f) => `{"${f.column}", "${f.op}", "${f.value}", ${f.negate}}`)
    .join(', ');
  const select = spec.select ? `[${spec.select.map((c) => `"${c}"`).join(', ')}]` : 'nil';
  return `event: ${spec.event}, schema: ${spec.schema}, table: ${spec.table}, filters: [${filters}], select: ${select}`;
}

function logError(what: string, error: unknown): void {
  process.stderr.write(`realtime: ${what}: ${(error as Error)?.stack ?? String(error)}\n`);
}

/**
 * postgres_changes: captures committed changes of published tables (capture.sql), and sends each to
 * the channels whose bindings, filters and row-level security allow it.
 */
export class ChangeFeed {
  private readonly tables: PublishedTables;
  private readonly index = new BindingIndex();
  private readonly pending = new Map<string, ChangeKey>();
  private draining: Promise<void> | undefined;
  private readonly unlisten: (() => Promise<void>)[] = [];
  private readonly timers: NodeJS.Timeout[] = [];
  private closed = false;
  private readonly reloads = new Set<Promise<void>>();

  private constructor(private readonly db: Database) {
    this.tables = new PublishedTables(db);
  }

  static async start(db: Database): Promise<ChangeFeed> {
    const feed = new ChangeFeed(db);
    await installCapture(db);
    await feed.tables.refresh();
    await pruneChanges(db);
    feed.unlisten.push(await db.listen(CHANGES_CHANNEL, (payload) => feed.onChange(payload)));
    feed.unlisten.push(
      await db.listen('pgrst', (payload) => {
        if (payload === 'reload schema' || payload === '') feed.reloadOnNotice();
      }),
    );
    feed.every(PRUNE_EVERY_MS, () => pruneChanges(db));
    feed.every(RECHECK_EVERY_MS, () =>
      feed.index.subscriberCount > 0 ? feed.reload() : Promise.resolve(),
    );
    return feed;
  }

  /**
   * Validates and activates a channel's bindings before its join is answered, so a change committed
   * after SUBSCRIBED is never missed. Like Supabase, bad bindings still join; the system message says why.
   */
  async subscribe(subscriber: ChangeSubscriber, params: unknown[]): Promise<Subscription> {
    const reply = params.map((p) => ({ ...(p as Record<string, unknown>), id: bindingId(p) }));
    if (params.length === 0) return { reply, status: undefined };
    const bindings: Binding[] = [];
    for (const p of params) {
      const parsed = parseBindingSpec(p);
      if (!parsed.ok) return { reply, status: { status: 'error', message: parsed.message } };
      bindings.push({ ...parsed.spec, id: bindingId(p), subscriber });
    }
    const problem = await this.check(subscriber, bindings);
    if (problem) return { reply, status: { status: 'error', message: problem } };
    this.index.add(subscriber, bindings, this.tables);
    return { reply, status: { status: 'ok', message: 'Subscribed to PostgreSQL' } };
  }

  unsubscribe(subscriber: ChangeSubscriber): void {
    this.index.remove(subscriber);
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const timer of this.timers) clearInterval(timer);
    await Promise.all(this.unlisten.map((stop) => stop().catch(() => undefined)));
    await Promise.all([this.draining, ...this.reloads]);
  }

  private async check(
    subscriber: ChangeSubscriber,
    bindings: Binding[],
  ): Promise<string | undefined> {
    for (const binding of bindings) {
      let matched = this.tables.find(binding.schema, binding.table);
      if (matched.length === 0) {
        // Published since the last refresh? Refreshing also attaches the capture trigger.
        await this.tables.refresh();
        this.index.reindex(this.tables);
        matched = this.tables.find(binding.schema, binding.table);
      }
      if (matched.length === 0) {
        return (
          'Unable to subscribe to changes with given parameters. Please check Realtime is enabled ' +
          `for the given connect parameters: [${paramsForLog(binding)}]`
        );
      }
      for (const table of matched) {
        const selectable = await this.tables
          .selectableColumns(subscriber.claims.role, table.relid)
          .catch(() => new Set<string>());
        const missing =
          binding.filters.find((f) => !selectable.has(f.column))?.column ??
          binding.select?.find((column) => !selectable.has(column));
        if (missing !== undefined) {
          const kind = binding.filters.some((f) => f.column === missing) ? 'filter' : 'select';
          return (
            'Unable to subscribe to changes with given parameters. An exception happened so please check ' +
            `your connect parameters: [${paramsForLog(binding)}]. Exception: invalid column for ${kind} ${missing}`
          );
        }
      }
    }
    return undefined;
  }

  private every(ms: number, task: () => Promise<unknown>): void {
    const timer = setInterval(() => {
      task().catch((error: unknown) => logError('periodic task failed', error));
    }, ms);
    timer.unref();
    this.timers.push(timer);
  }

  /**
   * A reload a schema notification asked for: close() waits for it (the pool may end right after), and
   * its failure is logged instead of escaping as an unhandled rejection.
   */
  private reloadOnNotice(): void {
    if (this.closed) return;
    const running = this.reload().catch((error: unknown) => {
      if (!this.closed) logError('reloading the published tables failed', error);
    });
    this.reloads.add(running);
    void running.finally(() => this.reloads.delete(running));
  }

  private async reload(): Promise<void> {
    await this.tables.refresh();
    this.index.reindex(this.tables);
  }

  private onChange(payload: string): void {
    const key = parseChangeKey(payload);
    // Changes to tables nobody listens to are never read back; the prune removes them.
    if (!key || this.closed || !this.index.hasRelid(key.relid)) return;
    this.pending.set(payload, key);
    this.drain();
  }

  /** One batch at a time, in commit order; notifications that arrive meanwhile form the next batch. */
  private drain(): void {
    if (this.draining) return;
    this.draining = (async () => {
      while (this.pending.size > 0 && !this.closed) {
        const keys = [...this.pending.values()];
        this.pending.clear();
        try {
          const rows = await fetchChanges(this.db, keys);
          await fanOut(this.db, this.tables, this.index, rows);
        } catch (error) {
          logError('delivering changes failed', error);
        }
      }
    })().finally(() => {
      this.draining = undefined;
      if (this.pending.size > 0 && !this.closed) this.drain();
    });
  }
}
