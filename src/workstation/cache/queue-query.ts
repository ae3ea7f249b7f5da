// The call queue over the cache: SQL walks each group's index in calling order and stops as soon as
// enough callable leads are found; the domain's nextInQueue then orders them and gives the reasons.
import type { CallingWindow } from '../../domain/calling-window.js';
import { createDialGate } from '../../domain/dnc.js';
import type { EpochMs } from '../../domain/lead.js';
import {
  DEFAULT_CALLBACK_LOOKAHEAD_MS,
  nextInQueue,
  type QueueEntry,
  type QueueOptions,
} from '../../domain/queue.js';
import type { CacheCore } from './cache-core.js';
import { leadFromTuple, type CachedLead, type LeadTuple } from './rows.js';

export interface QueueQuery {
  readonly now: EpochMs;
  readonly limit: number;
  /** Callable leads to skip in calling order, for reading a long queue page by page; 0 by default. */
  readonly offset?: number;
  readonly callingWindow?: CallingWindow;
  /** E.164 numbers nobody may call; the cache's do_not_call flags already mirror the server's list. */
  readonly dncList?: ReadonlySet<string>;
  readonly lookaheadMs?: number;
}

const NO_NUMBERS: ReadonlySet<string> = new Set();

export function queryQueue(core: CacheCore, query: QueueQuery): QueueEntry<CachedLead>[] {
  const { now, limit } = query;
  if (limit <= 0) return [];
  let toSkip = Math.max(0, query.offset ?? 0);
  const options: QueueOptions = {
    now,
    dncList: query.dncList ?? NO_NUMBERS,
    ...(query.callingWindow === undefined ? {} : { window: query.callingWindow }),
    ...(query.lookaheadMs === undefined ? {} : { lookaheadMs: query.lookaheadMs }),
  };
  const gate = createDialGate(options);
  const candidates: CachedLead[] = [];
  const params = {
    user: core.userId,
    now,
    due_by: now + (query.lookaheadMs ?? DEFAULT_CALLBACK_LOOKAHEAD_MS),
  };
  /**
   * Takes the group's leads in calling order until `limit` callable ones are in hand, past the
   * first `offset`: each group's index is its calling order, so skipping in SQL order skips in queue order.
   */
  const take = (rows: Iterable<unknown>): boolean => {
    for (const row of rows as Iterable<LeadTuple>) {
      const lead = leadFromTuple(row);
      if (!gate(lead).ok) continue;
      if (toSkip > 0) {
        toSkip -= 1;
        continue;
      }
      candidates.push(lead);
      if (candidates.length >= limit) return true;
    }
    return false;
  };
  // Groups come in queue order (callbacks, new, recycled), so a full earlier group makes later ones moot.
  const { sql } = core;
  if (!take(sql.queueCallbacks.iterate({ user: params.user, due_by: params.due_by }))) {
    if (!take(sql.queueNew.iterate({ user: params.user }))) {
      take(sql.queueRecycled.iterate({ user: params.user, now: params.now }));
    }
  }
  return nextInQueue(candidates, options, limit);
}
