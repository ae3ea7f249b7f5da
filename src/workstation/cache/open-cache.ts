// openCache: one SQLite file per signed-in user, migrated, with the local writes, reads and the CachePort.
import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { CallingWindow } from '../../domain/calling-window.js';
import type { StatusActor } from '../../domain/dispositions.js';
import type { QueueEntry } from '../../domain/queue.js';
import { createCacheCore, type CacheCore } from './cache-core.js';
import {
  pulledPageChange,
  reportingLocalWrites,
  type CacheChange,
  type CacheChangeListener,
} from './cache-changes.js';
import { createCrossLeadReads, type CrossLeadReads } from './cross-lead-reads.js';
import { CacheError } from './cache-error.js';
import type { CachePort, CallingHours, SyncEntity } from './cache-port.js';
import { leadWithHistory, type LeadWithHistory } from './history.js';
import { createLocalWrites, type LocalWrites } from './local-writes.js';
import { migrate } from './migrations.js';
import { createDeadLetterSettling, type DeadLetterSettling } from './dead-letters.js';
import { acknowledge, deadLetters, health, pendingBatch, pendingCounts } from './outbox.js';
import { queryQueue, type QueueQuery } from './queue-query.js';
import type { CachedDisposition, CachedLead } from './rows.js';
import { indexDeferredSearch, searchLeads } from './search.js';
import { applyBootstrapRows, applyPulledPage, beginResync, finishResync } from './server-rows.js';
import { prepareStatements } from './statements.js';

export interface OpenCacheOptions {
  /** The app's data directory; the file is <dataDir>/users/<userId>/cache.sqlite. */
  readonly dataDir: string;
  /** The signed-in user's id (a uuid, so it cannot name a path outside users/). */
  readonly userId: string;
  /** Whose status moves are checked locally; the server checks again. Telecaller by default. */
  readonly actor?: StatusActor;
  /** 0 turns the idle checkpoint off (the backstop in CACHE_PRAGMAS still applies). */
  readonly checkpointIntervalMs?: number;
  /** Told what each committed write changed: the person's own writes and the server's rows alike. */
  readonly onChange?: CacheChangeListener;
}

export interface Cache extends CachePort, LocalWrites, DeadLetterSettling, CrossLeadReads {
  /** The SQLite file of this user's cache. */
  readonly path: string;
  queue(query: QueueQuery): QueueEntry<CachedLead>[];
  leadWithHistory(leadId: string): LeadWithHistory | null;
  searchLeads(text: string, limit: number): CachedLead[];
  /** The cached catalogue, retired codes included, in display order. */
  dispositions(): readonly CachedDisposition[];
  /** Outbox entries waiting on each lead. */
  pendingCounts(): Map<string, number>;
  /** The floor's calling hours as last fetched from the server; null before the first fetch. */
  callingHours(): CallingHours | null;
  /** What the queue and the dial checks judge by: the floor's hours, or the default before they are known. */
  callingWindow(): CallingWindow;
  /** Every cached lead, in the queue or not (a manager's whole floor, a telecaller's closed leads). */
  cachedLeadCount(): number;
}

// Format-only like Postgres' uuid type: it is what keeps the id from naming another directory.
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export function cacheFilePath(dataDir: string, userId: string): string {
  return path.join(dataDir, 'users', userId, 'cache.sqlite');
}

/** The connection settings of every cache file (benchmarks apply the same to their baseline). */
export const CACHE_PRAGMAS = [
  'journal_mode = WAL',
  // FULL: each commit syncs the WAL, so a logged call survives a power cut or an OS crash as well as a
  // killed process. NORMAL only survives the latter, and a laptop battery is no place to lose a call.
  'synchronous = FULL',
  'foreign_keys = ON',
  'busy_timeout = 5000',
  // 32 MiB of pages: a 100k-lead queue and its indexes stay in memory.
  'cache_size = -32768',
  'temp_store = MEMORY',
  // Checkpoints run on an idle timer (openCache), not inside a write; this is only the backstop (~40 MB of WAL).
  'wal_autocheckpoint = 10000',
] as const;

/** How often the WAL is folded back into the file when the cache is idle. */
const CHECKPOINT_INTERVAL_MS = 2_000;

export function openDatabase(file: string): Database.Database {
  const db = new Database(file);
  try {
    for (const pragma of CACHE_PRAGMAS) db.pragma(pragma);
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}

/** The file's owner and client id, written once; a file of another user is refused. */
function claimFile(db: Database.Database, userId: string): string {
  return db
    .transaction(() => {
      const get = db.prepare('SELECT value FROM meta WHERE key = ?').pluck();
      const set = db.prepare('INSERT INTO meta (key, value) VALUES (?, ?)');
      const owner = get.get('user_id') as string | undefined;
      if (owner === undefined) set.run('user_id', userId);
      else if (owner !== userId) {
        throw new CacheError('CACHE_USER_INVALID', 'This cache file belongs to another user.', {
          userId,
        });
      }
      let clientId = get.get('client_id') as string | undefined;
      if (clientId === undefined) {
        clientId = randomUUID();
        set.run('client_id', clientId);
      }
      return clientId;
    })
    .immediate();
}

/**
 * What a slice of bootstrap rows changed. A lead's shown callbacks are written as the lead arrives
 * (callbacks come first), so a lead slice changes callbacks too. Any lead may be among them: null.
 */
const BOOTSTRAP_CHANGES: Readonly<Record<SyncEntity | 'disposition', CacheChange>> = {
  disposition: { tables: ['dispositions'], lead_ids: [], origin: 'server' },
  callback: { tables: ['callbacks', 'leads'], lead_ids: null, origin: 'server' },
  lead: { tables: ['leads', 'callbacks'], lead_ids: null, origin: 'server' },
  interaction: { tables: ['interactions'], lead_ids: null, origin: 'server' },
};

export function openCache(options: OpenCacheOptions): Cache {
  const userId = options.userId.toLowerCase();
  if (!UUID.test(userId)) {
    throw new CacheError('CACHE_USER_INVALID', 'The user id is not a uuid.', {
      userId: options.userId,
    });
  }
  const dir = path.join(options.dataDir, 'users', userId);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const file = path.join(dir, 'cache.sqlite');
  const db = openDatabase(file);
  let core: CacheCore;
  let clientId: string;
  try {
    migrate(db);
    clientId = claimFile(db, userId);
    core = createCacheCore(db, prepareStatements(db), userId, options.actor ?? 'telecaller');
    // A download cut short left its leads unindexed: index them now, so search finds what is there.
    indexDeferredSearch(core);
  } catch (error) {
    db.close();
    throw error;
  }
  const crossLeadReads = createCrossLeadReads(core);
  let totalMemo: { generation: number; minute: number; total: number } | null = null;
  // Every committed write moves the generation, so reads over the whole cache can be kept until then.
  let generation = 0;
  const onChange: CacheChangeListener = (change) => {
    generation += 1;
    options.onChange?.(change);
  };
  const serverChange = (change: CacheChange | null): void => {
    if (change !== null) onChange(change);
  };
  // Resynced rows may be on any lead: every screen reads again.
  const everyTable: CacheChange = {
    tables: ['leads', 'interactions', 'callbacks', 'dispositions'],
    lead_ids: null,
    origin: 'server',
  };
  const writes = reportingLocalWrites(
    { ...createLocalWrites(core), ...createDeadLetterSettling(core) },
    onChange,
  );
  // A PASSIVE checkpoint between writes, so no user action waits for one (on an empty WAL it costs nothing).
  const intervalMs = options.checkpointIntervalMs ?? CHECKPOINT_INTERVAL_MS;
  const checkpoints =
    intervalMs > 0
      ? setInterval(() => db.open && db.pragma('wal_checkpoint(PASSIVE)'), intervalMs)
      : null;
  checkpoints?.unref();
  return {
    ...writes,
    ...crossLeadReads,
    queueTotal: (now) => {
      // Counting a 100k-lead queue takes tens of ms and every full page asks: count once per
      // generation and minute (calling windows and due callbacks move by the minute).
      const minute = Math.floor(now / 60_000);
      if (totalMemo?.generation !== generation || totalMemo.minute !== minute) {
        totalMemo = { generation, minute, total: crossLeadReads.queueTotal(now) };
      }
      return totalMemo.total;
    },
    clientId,
    userId,
    path: file,
    pendingBatch: (limit) => pendingBatch(core, limit),
    // Only the acknowledged entries' leads changed (their pending marks; a refusal's rows put back), and
    // never the catalogue: screens showing other leads, and the dispositions, need not read again. Each
    // push used to ask every screen to, which crowded the next key press's answer.
    acknowledge: (results, at) => {
      const acked = acknowledge(core, results, at);
      if (acked.entries > 0) {
        serverChange({
          tables: ['leads', 'interactions', 'callbacks'],
          lead_ids: acked.leadIds,
          origin: 'server',
        });
      }
    },
    databaseId: () => {
      const id = core.metaGet('database_id');
      return id === null ? null : String(id);
    },
    bindDatabase: (id) => core.metaSet('database_id', id),
    getCursor: () => {
      const cursor = core.metaGet('cursor');
      return cursor === null ? null : String(cursor);
    },
    applyPulledPage: (changes, cursor, at) => {
      applyPulledPage(core, changes, cursor, at);
      serverChange(pulledPageChange(changes));
    },
    beginResync: () => beginResync(core),
    // Each slice is announced as it commits, so the queue shows a first download's leads as they arrive.
    applyBootstrapRows: (entity, rows) => {
      applyBootstrapRows(core, entity, rows);
      if (rows.length > 0) serverChange(BOOTSTRAP_CHANGES[entity]);
    },
    finishResync: (cursor, at) => {
      finishResync(core, cursor, at);
      serverChange(everyTable);
    },
    // Other hours move leads in and out of "callable now" on every screen, whichever lead it shows; hours
    // only newly known (the first read, equal to the default) change what the hours panels print.
    applyCallingHours: (hours) => {
      const stored = core.setCallingHours(hours);
      if (stored === 'same') return;
      serverChange({
        tables: stored === 'window' ? ['leads', 'floor_settings'] : ['floor_settings'],
        lead_ids: null,
        origin: 'server',
      });
    },
    health: () => health(core),
    deadLetters: () => deadLetters(core),
    queue: (query) => queryQueue(core, { callingWindow: core.callingWindow(), ...query }),
    leadWithHistory: (leadId) => leadWithHistory(core, leadId),
    searchLeads: (text, limit) => searchLeads(core, text, limit),
    dispositions: () => core.dispositions(),
    pendingCounts: () => pendingCounts(core),
    callingHours: () => core.callingHours(),
    callingWindow: () => core.callingWindow(),
    cachedLeadCount: () => (core.sql.leadCount.get() as { leads: number }).leads,
    close: () => {
      if (checkpoints !== null) clearInterval(checkpoints);
      if (db.open) db.close();
    },
  };
}
