// The edge between the cache (epoch ms, its own row shapes) and the contract (ISO instants, its record schemas).
import type { WireQueueEntry } from '../../contract/operations/leads.js';
import type { queueFateSchema } from '../../contract/operations/calls.js';
import type {
  WireCallback,
  WireCallbackWithLead,
  WireDisposition,
  WireInteraction,
  WireLead,
} from '../../contract/records.js';
import { toWireInstant } from '../../contract/wire-types.js';
import type { QueueFate } from '../../domain/dispositions.js';
import type { DialVerdict } from '../../domain/dnc.js';
import type { QueueEntry } from '../../domain/queue.js';
import type {
  CachedCallback,
  CachedDisposition,
  CachedInteraction,
  CachedLead,
  SyncMark,
} from '../cache/index.js';
import type { z } from 'zod';

export type SyncState = 'synced' | 'pending';

function instantOrNull(at: number | null): string | null {
  return at === null ? null : toWireInstant(at);
}

/**
 * The contract knows only synced and pending. Sent (accepted, not pulled yet) is synced; a refused
 * row (rejected, conflict) is not confirmed by the server, so it stays pending and sync:dead-letters says why.
 */
export function syncStateOf(mark: SyncMark): SyncState {
  return mark.state === 'synced' || mark.state === 'sent' ? 'synced' : 'pending';
}

export function leadToWire(lead: CachedLead, pendingWrites: number): WireLead {
  return {
    id: lead.id,
    name: lead.name,
    email: lead.email,
    phone: lead.phone,
    phone_e164: lead.phone_e164,
    company: lead.company,
    status: lead.status,
    source: lead.source,
    assigned_to: lead.assigned_to,
    // The cache keeps '' for an unknown zone (the dial gate refuses it); the contract says null.
    time_zone: lead.time_zone === '' ? null : lead.time_zone,
    country: lead.country,
    priority: lead.priority,
    attempts: lead.attempts,
    last_contact_at: instantOrNull(lead.last_contact_at),
    recycle_at: instantOrNull(lead.recycle_at),
    callback_due_at: instantOrNull(lead.callback_due_at),
    do_not_call: lead.do_not_call,
    consent: lead.consent,
    created_at: toWireInstant(lead.created_at),
    updated_at: toWireInstant(lead.updated_at),
    version: lead.version,
    pending_writes: pendingWrites,
  };
}

export function interactionToWire(row: CachedInteraction, syncState: SyncState): WireInteraction {
  return {
    id: row.id,
    lead_id: row.lead_id,
    type: row.type,
    content: row.content,
    disposition: row.disposition,
    duration_seconds: row.duration_seconds,
    occurred_at: toWireInstant(row.occurred_at),
    created_by: row.created_by,
    sync_state: syncState,
  };
}

export function callbackToWire(row: CachedCallback, syncState: SyncState): WireCallback {
  return {
    id: row.id,
    lead_id: row.lead_id,
    owner_id: row.owner_id,
    scope: row.scope,
    due_at: toWireInstant(row.due_at),
    state: row.state,
    note: row.note,
    created_at: toWireInstant(row.created_at),
    closed_at: instantOrNull(row.closed_at),
    sync_state: syncState,
  };
}

export function callbackWithLeadToWire(
  row: CachedCallback,
  syncState: SyncState,
  lead: { readonly name: string; readonly time_zone: string | null },
): WireCallbackWithLead {
  return {
    ...callbackToWire(row, syncState),
    lead_name: lead.name,
    lead_time_zone: lead.time_zone === '' ? null : lead.time_zone,
  };
}

export function queueEntryToWire(
  entry: QueueEntry<CachedLead>,
  pendingWrites: ReadonlyMap<string, number>,
): WireQueueEntry {
  const lead = leadToWire(entry.lead, pendingWrites.get(entry.lead.id) ?? 0);
  if (entry.reason === 'callback_overdue' || entry.reason === 'callback_due') {
    // The domain sets dueAt on every callback entry; callback_due_at is the same instant.
    const dueAt = entry.dueAt ?? entry.lead.callback_due_at ?? 0;
    return { reason: entry.reason, due_at: toWireInstant(dueAt), lead };
  }
  return { reason: entry.reason, lead };
}

export function fateToWire(fate: QueueFate): z.infer<typeof queueFateSchema> {
  switch (fate.kind) {
    case 'leaves_queue':
      return { kind: 'leaves_queue', because: fate.because };
    case 'callback':
      return { kind: 'callback', due_at: toWireInstant(fate.dueAt) };
    case 'recycle':
      return { kind: 'recycle', at: toWireInstant(fate.at) };
    case 'recycle_now':
      return { kind: 'recycle_now' };
  }
}

export function dialToWire(
  verdict: DialVerdict,
): { ok: true } | { ok: false; code: Exclude<DialVerdict, { ok: true }>['code']; message: string } {
  return verdict.ok ? { ok: true } : { ok: false, code: verdict.code, message: verdict.message };
}

export function dispositionToWire(d: CachedDisposition): WireDisposition {
  return {
    code: d.code,
    label: d.label,
    human_contact: d.human_contact,
    sale: d.sale,
    dnc: d.dnc,
    callback: d.callback,
    final: d.final,
    ...(d.qualifies === undefined ? {} : { qualifies: d.qualifies }),
    ...(d.recycle_after_minutes === undefined
      ? {}
      : { recycle_after_minutes: d.recycle_after_minutes }),
    description: d.description,
    hotkey: d.hotkey,
  };
}
