// What every part of the cache shares: the connection, its named statements, who the file belongs to, and meta.
import type Database from 'better-sqlite3';
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
import type { Statements } from './statements.js';

export type MetaKey =
  | 'user_id'
  | 'client_id'
  | 'cursor'
  | 'last_push_at'
  | 'last_pull_at'
  | 'acked_seq'
  | 'epoch'
  | 'database_id';

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
}

export function createCacheCore(
  db: Database.Database,
  sql: Statements,
  userId: string,
  actor: StatusActor,
): CacheCore {
  let dispositions: readonly CachedDisposition[] | null = null;
  let catalogue: DispositionCatalogue | null = null;
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
  };
  return core;
}
