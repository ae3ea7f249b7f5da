// Reading and writing a lead's overlay: re-derive it from the server's copy plus the pending intents,
// or drop a lead with everything hanging off it. The outbox is only ever read here.
import type { CacheCore } from './cache-core.js';
import { readIntent, type Intent } from './intents.js';
import { replayIntents, type LeadOverlay, type ReplayContext } from './replay.js';
import { callbackFromServer, leadFromServer } from './server-json.js';
import {
  callbackValues,
  interactionValues,
  leadParams,
  type CachedCallback,
  type CachedLead,
  type OutboxRow,
} from './rows.js';
import type { ServerRow } from './cache-port.js';

export function replayContext(core: CacheCore): ReplayContext {
  return { catalogue: core.catalogue(), userId: core.userId, actor: core.actor };
}

/** The pending intents of each lead, in seq order. */
export function pendingIntentsByLead(core: CacheCore): Map<string, Intent[]> {
  const byLead = new Map<string, Intent[]>();
  for (const row of core.sql.outboxAll.iterate(core.userId) as Iterable<OutboxRow>) {
    if (row.lead_id === null) continue;
    const read = readIntent(row);
    // An entry this version cannot read changes nothing on screen; pushing it makes it a dead letter.
    if (!read.ok) continue;
    const list = byLead.get(row.lead_id);
    const { intent } = read;
    if (list === undefined) byLead.set(row.lead_id, [intent]);
    else list.push(intent);
  }
  return byLead;
}

export function serverLead(core: CacheCore, leadId: string): CachedLead | null {
  const row = core.sql.leadServerGet.get(leadId) as { row: string } | undefined;
  return row === undefined ? null : leadFromServer(JSON.parse(row.row) as ServerRow);
}

function serverCallbacks(core: CacheCore, leadId: string): CachedCallback[] {
  return (core.sql.callbackServerOfLead.all(leadId) as { row: string }[]).map((r) =>
    callbackFromServer(JSON.parse(r.row) as ServerRow),
  );
}

/**
 * Writes a whole overlay: the lead row, exactly the overlay's callbacks, and its local interactions
 * (never over a server row with the same id).
 */
export function writeOverlay(core: CacheCore, overlay: LeadOverlay): void {
  const { sql } = core;
  sql.leadUpsert.run(leadParams(overlay.lead));
  sql.callbacksDeleteOfLead.run(overlay.lead.id);
  for (const callback of overlay.callbacks) sql.callbackInsert.run(callbackValues(callback));
  for (const interaction of overlay.interactions) {
    sql.interactionInsertLocal.run(interactionValues(interaction));
  }
}

/**
 * Re-derives each lead from the server's copy with its pending intents replayed on top. A lead the
 * server copy lacks is not shown (its intents wait in the outbox until it comes back).
 */
export function rederiveLeads(
  core: CacheCore,
  leadIds: Iterable<string>,
  known: ReadonlyMap<string, CachedLead> = new Map(),
): void {
  let pending: Map<string, Intent[]> | null = null;
  let ctx: ReplayContext | null = null;
  for (const leadId of leadIds) {
    const base = known.get(leadId) ?? serverLead(core, leadId);
    if (base === null) continue;
    pending ??= pendingIntentsByLead(core);
    ctx ??= replayContext(core);
    const overlay = replayIntents(
      { lead: base, callbacks: serverCallbacks(core, leadId), interactions: [] },
      pending.get(leadId) ?? [],
      ctx,
    );
    writeOverlay(core, overlay);
  }
}

/** A `remove` of a lead: the lead, its history and callbacks leave the cache; its outbox entries stay. */
export function removeLead(core: CacheCore, leadId: string): void {
  const { sql } = core;
  sql.leadDelete.run(leadId);
  sql.leadServerDelete.run(leadId);
  sql.interactionsDeleteOfLead.run(leadId);
  sql.callbacksDeleteOfLead.run(leadId);
  sql.callbackServerDeleteOfLead.run(leadId);
}
