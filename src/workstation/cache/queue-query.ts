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
import type Database from 'better-sqlite3';
import type { CacheCore } from './cache-core.js';
import { leadFromTuple, type CachedLead, type LeadTuple } from './rows.js';
import { SQL } from './statements.js';

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

/** The queue groups in calling order, each walked through its own index (statements.ts). */
const GROUPS = ['queueCallbacks', 'queueNew', 'queueRecycled'] as const;
type Group = (typeof GROUPS)[number];

/** Only rows in zones whose calling window is open: all the dial gate lets through when no number list applies. */
const OPEN_ZONES_ONLY = `AND coalesce(time_zone, '') IN (SELECT value FROM json_each(@zones))`;

/**
 * A group's walk narrowed to open zones, counted and with an OFFSET, so a deep page of a long queue
 * skips its leading rows inside SQLite instead of reading every one of them into JavaScript.
 */
function skippingSql(walk: string): { readonly count: string; readonly page: string } {
  const orderAt = walk.lastIndexOf('ORDER BY');
  const where = walk.slice(0, orderAt).trimEnd();
  return {
    count: `${where.replace(/^SELECT [\s\S]+? FROM leads /, 'SELECT count(*) AS n FROM leads ')} ${OPEN_ZONES_ONLY}`,
    page: `${where} ${OPEN_ZONES_ONLY} ${walk.slice(orderAt)} LIMIT -1 OFFSET @skip`,
  };
}

const SKIPPING_SQL = {
  zones: `SELECT DISTINCT coalesce(time_zone, '') AS zone FROM leads WHERE assigned_to = @user`,
  ...Object.fromEntries(GROUPS.map((group) => [group, skippingSql(SQL[group])])),
} as { readonly zones: string } & Record<Group, ReturnType<typeof skippingSql>>;

interface Skipping {
  readonly zones: Database.Statement;
  readonly count: Record<Group, Database.Statement>;
  readonly page: Record<Group, Database.Statement>;
}

const prepared = new WeakMap<Database.Database, Skipping>();

function skippingFor(db: Database.Database): Skipping {
  let found = prepared.get(db);
  if (found === undefined) {
    const each = (make: (group: Group) => Database.Statement) =>
      Object.fromEntries(GROUPS.map((group) => [group, make(group)])) as Record<
        Group,
        Database.Statement
      >;
    found = {
      zones: db.prepare(SKIPPING_SQL.zones).pluck(),
      count: each((group) => db.prepare(SKIPPING_SQL[group].count).pluck()),
      page: each((group) => db.prepare(SKIPPING_SQL[group].page).raw(true)),
    };
    prepared.set(db, found);
  }
  return found;
}

export function queryQueue(core: CacheCore, query: QueueQuery): QueueEntry<CachedLead>[] {
  const { now, limit } = query;
  if (limit <= 0) return [];
  const dncList = query.dncList ?? NO_NUMBERS;
  const options: QueueOptions = {
    now,
    dncList,
    ...(query.callingWindow === undefined ? {} : { window: query.callingWindow }),
    ...(query.lookaheadMs === undefined ? {} : { lookaheadMs: query.lookaheadMs }),
  };
  const gate = createDialGate(options);
  const candidates: CachedLead[] = [];
  const user = core.userId;
  const dueBy = now + (query.lookaheadMs ?? DEFAULT_CALLBACK_LOOKAHEAD_MS);
  const params: Record<Group, Record<string, unknown>> = {
    queueCallbacks: { user, due_by: dueBy },
    queueNew: { user },
    queueRecycled: { user, now },
  };
  let toSkip = Math.max(0, query.offset ?? 0);
  // Where each group's walk starts; null skips the group whole.
  const startAt: Record<Group, number | null> = {
    queueCallbacks: 0,
    queueNew: 0,
    queueRecycled: 0,
  };
  let zones = '[]';
  // Without a number list the gate judges zones only, so SQL can count and skip callable rows itself.
  if (toSkip > 0 && dncList.size === 0) {
    const skipping = skippingFor(core.db);
    zones = JSON.stringify(
      (skipping.zones.all({ user }) as string[]).filter(
        (zone) =>
          gate({ phone_e164: '', time_zone: zone, do_not_call: false, consent_withdrawn: false })
            .ok,
      ),
    );
    for (const group of GROUPS) {
      if (toSkip === 0) break;
      const callable = skipping.count[group].get({ ...params[group], zones }) as number;
      if (toSkip >= callable) {
        startAt[group] = null;
        toSkip -= callable;
      } else {
        startAt[group] = toSkip;
        toSkip = 0;
      }
    }
  }
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
  for (const group of GROUPS) {
    const start = startAt[group];
    if (start === null) continue;
    const rows =
      start > 0
        ? skippingFor(core.db).page[group].iterate({ ...params[group], zones, skip: start })
        : core.sql[group].iterate(params[group]);
    if (take(rows)) break;
  }
  return nextInQueue(candidates, options, limit);
}
