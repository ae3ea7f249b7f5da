// The server's rows coming in: pull pages (state, not history, so applying one twice changes nothing),
// bootstrap pages and the end of a resync. Each call is one transaction; touched leads are re-derived.
import type { CacheCore } from './cache-core.js';
import type { PulledChange, ServerRow, SyncEntity } from './cache-port.js';
import { rederiveLeads, removeLead } from './overlay-store.js';
import { deferSearchIfEmpty, indexDeferredSearch } from './search.js';
import { serverTransaction } from './durability.js';
import {
  callbackFromServer,
  dispositionFromServer,
  interactionFromServer,
  leadFromServer,
} from './server-json.js';
import { dispositionParams, type CachedLead } from './rows.js';

/** What a batch of server rows touched: leads to re-derive (with their parsed server rows when known). */
interface Touched {
  readonly leads: Set<string>;
  readonly parsed: Map<string, CachedLead>;
}

function upsertLead(core: CacheCore, row: ServerRow, touched: Touched): void {
  const lead = leadFromServer(row);
  core.sql.leadServerUpsert.run(lead.id, JSON.stringify(row), core.epoch());
  touched.leads.add(lead.id);
  touched.parsed.set(lead.id, lead);
}

function upsertInteraction(core: CacheCore, row: ServerRow): void {
  const interaction = interactionFromServer(row);
  core.sql.interactionUpsertServer.run({ ...interaction, seen_epoch: core.epoch() });
}

function upsertCallback(core: CacheCore, row: ServerRow, touched: Touched): void {
  const callback = callbackFromServer(row);
  const before = core.sql.callbackServerGet.get(callback.id) as { lead_id: string } | undefined;
  core.sql.callbackServerUpsert.run(
    callback.id,
    callback.lead_id,
    JSON.stringify(row),
    core.epoch(),
  );
  touched.leads.add(callback.lead_id);
  // A callback moved to another lead leaves the old one's overlay too.
  if (before !== undefined && before.lead_id !== callback.lead_id) {
    core.sql.callbackDelete.run(callback.id);
    touched.leads.add(before.lead_id);
  }
}

function removeInteraction(core: CacheCore, id: string, touched: Touched): void {
  const row = core.sql.interactionById.get(id) as { lead_id: string } | undefined;
  core.sql.interactionDelete.run(id);
  // A pending intent that wrote it puts it back when its lead is re-derived.
  if (row !== undefined) touched.leads.add(row.lead_id);
}

function removeCallback(core: CacheCore, id: string, touched: Touched): void {
  const server = core.sql.callbackServerGet.get(id) as { lead_id: string } | undefined;
  const visible = core.sql.callbackById.get(id) as { lead_id: string } | undefined;
  core.sql.callbackServerDelete.run(id);
  core.sql.callbackDelete.run(id);
  if (server !== undefined) touched.leads.add(server.lead_id);
  if (visible !== undefined) touched.leads.add(visible.lead_id);
}

function applyChange(core: CacheCore, change: PulledChange, touched: Touched): void {
  if (change.op === 'upsert') {
    upsertRow(core, change.entity, change.row, touched);
    return;
  }
  switch (change.entity) {
    case 'lead':
      removeLead(core, change.id);
      touched.leads.delete(change.id);
      touched.parsed.delete(change.id);
      return;
    case 'interaction':
      removeInteraction(core, change.id, touched);
      return;
    case 'callback':
      removeCallback(core, change.id, touched);
      return;
  }
}

function upsertRow(core: CacheCore, entity: SyncEntity, row: ServerRow, touched: Touched): void {
  switch (entity) {
    case 'lead':
      upsertLead(core, row, touched);
      return;
    case 'interaction':
      upsertInteraction(core, row);
      return;
    case 'callback':
      upsertCallback(core, row, touched);
      return;
  }
}

function newTouched(): Touched {
  return { leads: new Set(), parsed: new Map() };
}

export function applyPulledPage(
  core: CacheCore,
  changes: readonly PulledChange[],
  cursor: string | null,
  at: string,
): void {
  serverTransaction(core.db, () => {
    const touched = newTouched();
    for (const change of changes) applyChange(core, change, touched);
    rederiveLeads(core, touched.leads, touched.parsed);
    // In the same transaction as the rows: dying before this commit leaves both old, never one of them.
    if (cursor !== null) core.metaSet('cursor', cursor);
    core.metaSet('last_pull_at', at);
  });
}

export function applyBootstrapRows(
  core: CacheCore,
  entity: SyncEntity | 'disposition',
  rows: readonly ServerRow[],
): void {
  serverTransaction(core.db, () => {
    if (entity === 'disposition') {
      for (const row of rows) {
        core.sql.dispositionUpsert.run(dispositionParams(dispositionFromServer(row), core.epoch()));
      }
      core.dispositionsChanged();
      return;
    }
    const touched = newTouched();
    for (const row of rows) upsertRow(core, entity, row, touched);
    rederiveLeads(core, touched.leads, touched.parsed);
  });
}

export function beginResync(core: CacheCore): void {
  serverTransaction(core.db, () => {
    core.nextEpoch();
    deferSearchIfEmpty(core);
  });
}

/** Server rows not seen since beginResync are gone for this user; local rows and the outbox stay. */
export function finishResync(core: CacheCore, cursor: string, at: string): void {
  const { sql } = core;
  serverTransaction(core.db, () => {
    const epoch = core.epoch();
    const touched = newTouched();
    for (const { id } of sql.leadServerUnseen.all(epoch) as { id: string }[]) removeLead(core, id);
    for (const row of sql.callbackServerUnseen.all(epoch) as { id: string; lead_id: string }[]) {
      removeCallback(core, row.id, touched);
    }
    sql.interactionsDropUnseen.run(epoch);
    if (sql.dispositionsDropUnseen.run(epoch).changes > 0) core.dispositionsChanged();
    // Every lead with pending intents, so the new server rows get them replayed on top.
    for (const { lead_id } of sql.outboxCountsByLead.all(core.userId) as {
      lead_id: string | null;
    }[]) {
      if (lead_id !== null) touched.leads.add(lead_id);
    }
    rederiveLeads(core, touched.leads);
    indexDeferredSearch(core);
    core.metaSet('cursor', cursor);
    core.metaSet('last_pull_at', at);
  });
}
