// The edge between the cache (epoch ms, its own row shapes) and the contract (ISO instants, its record schemas);
// each record's contract shape comes from its column list (cache/rows.ts).
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
import { CALLBACK, DISPOSITION, INTERACTION, LEAD } from '../cache/rows.js';
import type { z } from 'zod';

export type SyncState = 'synced' | 'pending';

/**
 * The contract knows only synced and pending. Sent (accepted, not pulled yet) is synced; a refused
 * row (rejected, conflict) is not confirmed by the server, so it stays pending and sync:dead-letters says why.
 */
export function syncStateOf(mark: SyncMark): SyncState {
  return mark.state === 'synced' || mark.state === 'sent' ? 'synced' : 'pending';
}

const leadWire = LEAD.wire<{ pending_writes: number }>(['pending_writes']);
const interactionWire = INTERACTION.wire<{ sync_state: SyncState }>(['sync_state']);
const callbackWire = CALLBACK.wire<{ sync_state: SyncState }>(['sync_state']);
const dispositionWire = DISPOSITION.wire<Record<never, never>>([]);

// The compiler checks each shape's value types against the contract; these check it has no key too many or few.
type SameKeys<A, B> = [Exclude<keyof A, keyof B>, Exclude<keyof B, keyof A>] extends [never, never]
  ? true
  : false;
const _sameKeys: [
  SameKeys<ReturnType<typeof leadWire>, WireLead>,
  SameKeys<ReturnType<typeof interactionWire>, WireInteraction>,
  SameKeys<ReturnType<typeof callbackWire>, WireCallback>,
  SameKeys<ReturnType<typeof dispositionWire>, WireDisposition>,
] = [true, true, true, true];

export function leadToWire(lead: CachedLead, pendingWrites: number): WireLead {
  return leadWire(lead, { pending_writes: pendingWrites });
}

export function interactionToWire(row: CachedInteraction, syncState: SyncState): WireInteraction {
  return interactionWire(row, { sync_state: syncState });
}

export function callbackToWire(row: CachedCallback, syncState: SyncState): WireCallback {
  return callbackWire(row, { sync_state: syncState });
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
  return dispositionWire(d, {});
}
