// What every part of the cache shares: the connection, its named statements, who the file belongs to, and meta.
import type Database from 'better-sqlite3';
import { z } from 'zod';
import { sameCallingHours } from '../../domain/calling-hours.js';
import {
  callingWindowSchema,
  DEFAULT_CALLING_WINDOW,
  type CallingWindow,
} from '../../domain/calling-window.js';
import {
  DEFAULT_DISPOSITIONS,
  type DispositionCatalogue,
  type StatusActor,
} from '../../domain/dispositions.js';
import {
  activeCatalogue,
  dispositionFromRow,
  type CachedDisposition,
  type DispositionRow,
} from './rows.js';
import type { CallingHours } from './cache-port.js';
import type { Statements } from './statements.js';

export type MetaKey =
  | 'user_id'
  | 'client_id'
  | 'cursor'
  | 'last_push_at'
  | 'last_pull_at'
  | 'acked_seq'
  | 'epoch'
  | 'database_id'
  | 'calling_hours';

export interface CacheCore {
  readonly db: Database.Database;
  readonly sql: Statements;
  readonly userId: string;
  readonly actor: StatusActor;
  metaGet(key: MetaKey): string | number | null;
  metaSet(key: MetaKey, value: string | number | null): void;
  /** Server rows written now are stamped with it; a resync drops the rows of older epochs. */
  epoch(): number;
  nextEpoch(): number;
  dispositions(): readonly CachedDisposition[];
  /** The active catalogue; the server's seed list until the first bootstrap brought the real one. */
  catalogue(): DispositionCatalogue;
  dispositionsChanged(): void;
  /** The floor's calling hours as last fetched; null before the first fetch. */
  callingHours(): CallingHours | null;
  /** The window the queue and the dial checks judge by: the floor's, or the default before it is known. */
  callingWindow(): CallingWindow;
  /**
   * Stores the hours: 'same' when they are the ones stored, 'known' when only what is known of them
   * changed (the first read of hours equal to the default, a new timestamp), 'window' when the window
   * the queue judges by changed.
   */
  setCallingHours(hours: CallingHours): 'same' | 'known' | 'window';
}

// One JSON value in meta; a value this version cannot read counts as never fetched (the next fetch rewrites it).
const storedCallingHours = z.object({ window: callingWindowSchema, updated_at: z.string() });

function readCallingHours(value: string | number | null): CallingHours | null {
  if (typeof value !== 'string') return null;
  let json: unknown;
  try {
    json = JSON.parse(value);
  } catch (error) {
    if (error instanceof SyntaxError) return null;
    throw error;
  }
  const parsed = storedCallingHours.safeParse(json);
  return parsed.success ? parsed.data : null;
}

export function createCacheCore(
  db: Database.Database,
  sql: Statements,
  userId: string,
  actor: StatusActor,
): CacheCore {
  let dispositions: readonly CachedDisposition[] | null = null;
  let catalogue: DispositionCatalogue | null = null;
  // undefined: not read from meta yet; null: never fetched.
  let callingHours: CallingHours | null | undefined;
  const metaGet = (key: MetaKey) => {
    const row = sql.metaGet.get(key) as { value: string | number | null } | undefined;
    return row === undefined ? null : row.value;
  };
  let epoch = Number(metaGet('epoch') ?? 0);
  const core: CacheCore = {
    db,
    sql,
    userId,
    actor,
    metaGet,
    metaSet: (key, value) => {
      sql.metaSet.run(key, value);
    },
    epoch: () => epoch,
    nextEpoch: () => {
      epoch += 1;
      core.metaSet('epoch', epoch);
      return epoch;
    },
    dispositions: () => {
      dispositions ??= (sql.dispositionsAll.all() as DispositionRow[]).map(dispositionFromRow);
      return dispositions;
    },
    catalogue: () => {
      if (catalogue === null) {
        const cached = core.dispositions();
        // The same codes as supabase/migrations/..._dispositions.sql, so a first offline shift can still log calls.
        catalogue = cached.length > 0 ? activeCatalogue(cached) : DEFAULT_DISPOSITIONS;
      }
      return catalogue;
    },
    dispositionsChanged: () => {
      dispositions = null;
      catalogue = null;
    },
    callingHours: () => {
      if (callingHours === undefined) callingHours = readCallingHours(metaGet('calling_hours'));
      return callingHours;
    },
    callingWindow: () => core.callingHours()?.window ?? DEFAULT_CALLING_WINDOW,
    setCallingHours: (hours) => {
      const before = core.callingHours();
      if (
        before !== null &&
        before.updated_at === hours.updated_at &&
        sameCallingHours(before.window, hours.window)
      ) {
        return 'same';
      }
      core.metaSet('calling_hours', JSON.stringify(hours));
      callingHours = hours;
      return sameCallingHours(before?.window ?? DEFAULT_CALLING_WINDOW, hours.window)
        ? 'known'
        : 'window';
    },
  };
  return core;
}
