// Reads across leads (callbacks of every lead, the queue's size, dead letters' leads), prepared once on
// the core's connection.
import { createDialGate } from '../../domain/dnc.js';
import { DEFAULT_CALLBACK_LOOKAHEAD_MS } from '../../domain/queue.js';
import type { CacheCore } from './cache-core.js';
import { CALLBACK_COLUMNS, type CachedCallback } from './rows.js';
import { QUEUE_ELIGIBLE } from './statements.js';

export interface CallbackWithLeadRow {
  readonly callback: CachedCallback;
  readonly lead: { readonly name: string; readonly time_zone: string | null };
  /** Written by an intent the server has not confirmed (waiting in the outbox, or refused). */
  readonly unconfirmed: boolean;
}

export interface CallbackFilter {
  readonly states: readonly string[];
  /** Epoch ms; only callbacks due strictly before it. */
  readonly dueBefore?: number;
  readonly leadId?: string;
  readonly limit: number;
}

const CALLBACK_SELECT = `SELECT ${CALLBACK_COLUMNS.map((column) => `c.${column}`).join(', ')},
    l.name AS lead_name, l.time_zone AS lead_time_zone,
    (c.local_seq IS NOT NULL AND (EXISTS (SELECT 1 FROM outbox o WHERE o.seq = c.local_seq)
      OR EXISTS (SELECT 1 FROM dead_letters d WHERE d.seq = c.local_seq))) AS unconfirmed
  FROM callbacks c JOIN leads l ON l.id = c.lead_id`;

const SQL = {
  callbacks: `${CALLBACK_SELECT}
    WHERE c.state IN (SELECT value FROM json_each(@states))
      AND (@due_before IS NULL OR c.due_at < @due_before)
      AND (@lead_id IS NULL OR c.lead_id = @lead_id)
    ORDER BY c.due_at, c.id LIMIT @limit`,
  // Reminders are for the person's own promises and the ones anybody may keep.
  callbacksComingDue: `${CALLBACK_SELECT}
    WHERE c.state = 'pending' AND c.due_at > @after AND c.due_at <= @until
      AND (c.owner_id = @user OR c.owner_id IS NULL)
    ORDER BY c.due_at, c.id`,
  nextDue: `SELECT min(due_at) AS due_at FROM callbacks
    WHERE state = 'pending' AND due_at > @after AND (owner_id = @user OR owner_id IS NULL)`,
  // The three queue groups of statements.ts (queueCallbacks, queueNew, queueRecycled), counted per zone.
  queueByZone: `SELECT coalesce(time_zone, '') AS zone, count(*) AS leads FROM leads
    WHERE ${QUEUE_ELIGIBLE}
      AND status IN ('new', 'contacted', 'qualified')
      AND ((callback_due_at IS NOT NULL AND callback_due_at <= @due_by)
        OR (callback_due_at IS NULL AND status = 'new' AND attempts = 0)
        OR (callback_due_at IS NULL AND NOT (status = 'new' AND attempts = 0)
            AND (recycle_at IS NULL OR recycle_at <= @now)))
    GROUP BY zone`,
} as const;

interface CallbackJoinedRow extends CachedCallback {
  readonly lead_name: string;
  readonly lead_time_zone: string | null;
  readonly unconfirmed: number;
}

function fromJoined(row: CallbackJoinedRow): CallbackWithLeadRow {
  const { lead_name, lead_time_zone, unconfirmed, ...callback } = row;
  return {
    callback,
    lead: { name: lead_name, time_zone: lead_time_zone },
    unconfirmed: unconfirmed === 1,
  };
}

export interface CrossLeadReads {
  callbacks(filter: CallbackFilter): CallbackWithLeadRow[];
  /** Pending callbacks of this user due in (after, until]: what the callback:due timer announces. */
  callbacksComingDue(after: number, until: number): CallbackWithLeadRow[];
  /** When the next of this user's pending callbacks falls due after `after`; null when none. */
  nextCallbackDue(after: number): number | null;
  /**
   * How many leads the queue could offer at `now`: the queue groups counted per time zone, and a zone
   * counted only when its calling window is open (the dial gate's other checks are the WHERE clause).
   */
  queueTotal(now: number): number;
}

export function createCrossLeadReads(core: CacheCore): CrossLeadReads {
  const { db, userId } = core;
  const callbacks = db.prepare(SQL.callbacks);
  const comingDue = db.prepare(SQL.callbacksComingDue);
  const nextDue = db.prepare(SQL.nextDue);
  const queueByZone = db.prepare(SQL.queueByZone);
  return {
    callbacks: (filter) =>
      (
        callbacks.all({
          states: JSON.stringify(filter.states),
          due_before: filter.dueBefore ?? null,
          lead_id: filter.leadId ?? null,
          limit: filter.limit,
        }) as CallbackJoinedRow[]
      ).map(fromJoined),
    callbacksComingDue: (after, until) =>
      (comingDue.all({ after, until, user: userId }) as CallbackJoinedRow[]).map(fromJoined),
    nextCallbackDue: (after) =>
      (nextDue.get({ after, user: userId }) as { due_at: number | null }).due_at,
    queueTotal: (now) => {
      const rows = queueByZone.all({
        user: userId,
        now,
        due_by: now + DEFAULT_CALLBACK_LOOKAHEAD_MS,
      }) as { zone: string; leads: number }[];
      const gate = createDialGate({ now, dncList: new Set(), window: core.callingWindow() });
      let total = 0;
      for (const { zone, leads } of rows) {
        const verdict = gate({
          phone_e164: '',
          time_zone: zone,
          do_not_call: false,
          consent_withdrawn: false,
        });
        if (verdict.ok) total += leads;
      }
      return total;
    },
  };
}
