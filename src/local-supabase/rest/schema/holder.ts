import type { Database } from '../../db/index.js';
import { loadSchemaCache } from './load.js';
import type { SchemaCache } from './types.js';

/** A miss reloads at most this often, so unknown names in a flood of requests cannot keep it reloading. */
const MISS_RELOAD_INTERVAL_MS = 1000;

/**
 * The current schema cache: loaded at start, reloaded on `NOTIFY pgrst, 'reload schema'` (PostgREST's
 * channel and payload) and on demand when a request names something the cache does not know yet.
 */
export class SchemaCacheHolder {
  private cache: SchemaCache | undefined;
  private loading: Promise<SchemaCache> | undefined;
  private loadedAt = 0;
  private unlisten: (() => Promise<void>) | undefined;

  constructor(
    private readonly db: Database,
    private readonly schema: string,
  ) {}

  /** Listens for reloads; loads now when `eager`, else at first use, so a schema no request chose costs nothing. */
  async start(eager = true): Promise<void> {
    if (eager) await this.reload();
    this.unlisten = await this.db.listen('pgrst', (payload) => {
      // A cache never loaded is not stale: its first use loads it.
      if ((payload === '' || payload === 'reload schema') && this.cache) {
        this.reload().catch((error: unknown) => {
          process.stderr.write(`rest: schema cache reload failed: ${(error as Error).message}\n`);
        });
      }
    });
  }

  async current(): Promise<SchemaCache> {
    return this.cache ?? (await this.reload());
  }

  /** Reloads now; concurrent callers share one load. */
  reload(): Promise<SchemaCache> {
    this.loading ??= loadSchemaCache(this.db, this.schema)
      .then((cache) => {
        this.cache = cache;
        this.loadedAt = Date.now();
        return cache;
      })
      .finally(() => {
        this.loading = undefined;
      });
    return this.loading;
  }

  /** After a lookup missed: a fresh cache if the current one may be stale, else the current one. */
  async afterMiss(): Promise<SchemaCache> {
    if (this.loading) return this.loading;
    if (Date.now() - this.loadedAt < MISS_RELOAD_INTERVAL_MS && this.cache) return this.cache;
    return this.reload();
  }

  async stop(): Promise<void> {
    await this.unlisten?.();
    this.unlisten = undefined;
  }
}
