// The cached rows as the core uses them (instants in epoch ms) and their SQLite form (0/1 booleans,
// positional values); server-json.ts parses what the server sends into these.
import type { Disposition, DispositionCatalogue } from '../../domain/dispositions.js';
import type { EpochMs, Lead } from '../../domain/lead.js';
import type { DeadLetter, MutationOp, OutboxEntry, ServerRow } from './cache-port.js';

export type Consent = 'unknown' | 'granted' | 'withdrawn';

/** A lead as the cache shows it; `time_zone` is '' when the server has none (the dial gate then refuses it). */
export interface CachedLead extends Lead {
  readonly name: string;
  readonly email: string | null;
  readonly phone: string | null;
  readonly company: string | null;
  readonly source: string | null;
  readonly country: string | null;
  readonly consent: Consent;
  readonly consent_at: EpochMs | null;
  readonly created_by: string | null;
  readonly updated_at: EpochMs;
  /** The server's version of the row; pending intents never change it (set_status sends it as base_version). */
  readonly version: number;
}

export type InteractionType = 'call' | 'email' | 'meeting' | 'note';

export interface CachedInteraction {
  readonly id: string;
  readonly lead_id: string;
  readonly type: InteractionType;
  readonly content: string;
  readonly disposition: string | null;
  readonly duration_seconds: number | null;
  readonly occurred_at: EpochMs;
  readonly created_at: EpochMs;
  readonly created_by: string | null;
  readonly updated_at: EpochMs;
  /** The outbox seq that wrote it locally; null once it is the server's row. */
  readonly local_seq: number | null;
}

export type CallbackScope = 'personal' | 'anyone';
export type CallbackState = 'pending' | 'done' | 'cancelled' | 'missed';

export interface CachedCallback {
  readonly id: string;
  readonly lead_id: string;
  readonly owner_id: string | null;
  readonly scope: CallbackScope;
  readonly due_at: EpochMs;
  readonly state: CallbackState;
  readonly note: string;
  readonly created_by: string | null;
  readonly closed_at: EpochMs | null;
  readonly created_at: EpochMs;
  readonly updated_at: EpochMs;
  /** The last pending intent that changed it; null when it is exactly the server's row. */
  readonly local_seq: number | null;
}

/** A disposition with what the workstation shows besides the domain's flags. */
export interface CachedDisposition extends Disposition {
  readonly description: string;
  readonly hotkey: string | null;
  readonly sort_order: number;
  readonly is_active: boolean;
}

// ---- SQLite rows <-> objects ----

/** The leads columns in the order lead reads select them (raw rows: arrays are cheaper than objects). */
export const LEAD_COLUMNS = [
  'id',
  'name',
  'email',
  'phone',
  'phone_e164',
  'company',
  'status',
  'source',
  'assigned_to',
  'time_zone',
  'country',
  'priority',
  'attempts',
  'last_contact_at',
  'recycle_at',
  'callback_due_at',
  'do_not_call',
  'consent',
  'consent_at',
  'created_by',
  'created_at',
  'updated_at',
  'version',
] as const;

/** A leads row selected as LEAD_COLUMNS in raw mode. */
export type LeadTuple = readonly unknown[];

export function leadFromTuple(t: LeadTuple): CachedLead {
  const consent = t[17] as Consent;
  return {
    id: t[0] as string,
    name: t[1] as string,
    email: t[2] as string | null,
    phone: t[3] as string | null,
    phone_e164: t[4] as string,
    company: t[5] as string | null,
    status: t[6] as CachedLead['status'],
    source: t[7] as string | null,
    assigned_to: t[8] as string | null,
    time_zone: (t[9] as string | null) ?? '',
    country: t[10] as string | null,
    priority: t[11] as number,
    attempts: t[12] as number,
    last_contact_at: t[13] as number | null,
    recycle_at: t[14] as number | null,
    callback_due_at: t[15] as number | null,
    do_not_call: t[16] === 1,
    consent,
    consent_withdrawn: consent === 'withdrawn',
    consent_at: t[18] as number | null,
    created_by: t[19] as string | null,
    created_at: t[20] as number,
    updated_at: t[21] as number,
    version: t[22] as number,
  };
}

/** Named parameters of the lead upsert; consent_withdrawn is derived, not stored. */
export function leadParams(lead: CachedLead): Record<string, string | number | null> {
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
    time_zone: lead.time_zone === '' ? null : lead.time_zone,
    country: lead.country,
    priority: lead.priority,
    attempts: lead.attempts,
    last_contact_at: lead.last_contact_at,
    recycle_at: lead.recycle_at,
    callback_due_at: lead.callback_due_at,
    do_not_call: lead.do_not_call ? 1 : 0,
    consent: lead.consent,
    consent_at: lead.consent_at,
    created_by: lead.created_by,
    created_at: lead.created_at,
    updated_at: lead.updated_at,
    version: lead.version,
  };
}

export const INTERACTION_COLUMNS = [
  'id',
  'lead_id',
  'type',
  'content',
  'disposition',
  'duration_seconds',
  'occurred_at',
  'created_at',
  'created_by',
  'updated_at',
  'local_seq',
] as const;

/** Positional values in INTERACTION_COLUMNS order. */
export function interactionValues(r: CachedInteraction): unknown[] {
  return [
    r.id,
    r.lead_id,
    r.type,
    r.content,
    r.disposition,
    r.duration_seconds,
    r.occurred_at,
    r.created_at,
    r.created_by,
    r.updated_at,
    r.local_seq,
  ];
}

export const CALLBACK_COLUMNS = [
  'id',
  'lead_id',
  'owner_id',
  'scope',
  'due_at',
  'state',
  'note',
  'created_by',
  'closed_at',
  'created_at',
  'updated_at',
  'local_seq',
] as const;

/** Positional values in CALLBACK_COLUMNS order. */
export function callbackValues(r: CachedCallback): unknown[] {
  return [
    r.id,
    r.lead_id,
    r.owner_id,
    r.scope,
    r.due_at,
    r.state,
    r.note,
    r.created_by,
    r.closed_at,
    r.created_at,
    r.updated_at,
    r.local_seq,
  ];
}

export interface DispositionRow {
  readonly code: string;
  readonly label: string;
  readonly description: string;
  readonly human_contact: number;
  readonly sale: number;
  readonly dnc: number;
  readonly callback: number;
  readonly final: number;
  readonly qualifies: number;
  readonly recycle_after_minutes: number | null;
  readonly hotkey: string | null;
  readonly sort_order: number;
  readonly is_active: number;
}

export function dispositionFromRow(row: DispositionRow): CachedDisposition {
  return {
    code: row.code,
    label: row.label,
    description: row.description,
    human_contact: row.human_contact === 1,
    sale: row.sale === 1,
    dnc: row.dnc === 1,
    callback: row.callback === 1,
    final: row.final === 1,
    qualifies: row.qualifies === 1,
    ...(row.recycle_after_minutes === null
      ? {}
      : { recycle_after_minutes: row.recycle_after_minutes }),
    hotkey: row.hotkey,
    sort_order: row.sort_order,
    is_active: row.is_active === 1,
  };
}

export function dispositionParams(
  d: CachedDisposition,
  seenEpoch: number,
): Record<string, string | number | null> {
  return {
    code: d.code,
    label: d.label,
    description: d.description,
    human_contact: d.human_contact ? 1 : 0,
    sale: d.sale ? 1 : 0,
    dnc: d.dnc ? 1 : 0,
    callback: d.callback ? 1 : 0,
    final: d.final ? 1 : 0,
    qualifies: d.qualifies === true ? 1 : 0,
    recycle_after_minutes: d.recycle_after_minutes ?? null,
    hotkey: d.hotkey,
    sort_order: d.sort_order,
    is_active: d.is_active ? 1 : 0,
    seen_epoch: seenEpoch,
  };
}

/** The catalogue logCall judges by: the active codes. */
export function activeCatalogue(dispositions: readonly CachedDisposition[]): DispositionCatalogue {
  return dispositions.filter((d) => d.is_active);
}

export function toIso(at: EpochMs): string {
  return new Date(at).toISOString();
}

// ---- outbox ----

export interface OutboxRow {
  readonly seq: number;
  readonly id: string;
  readonly op: MutationOp;
  readonly args: string;
  readonly user_id: string;
  readonly lead_id: string | null;
  readonly created_at: number;
}

export interface DeadLetterRow extends OutboxRow {
  readonly status: 'rejected' | 'conflict';
  readonly code: string;
  readonly message: string;
  readonly server_row: string | null;
  readonly failed_at: number;
  readonly resolution: 'dismissed' | 'retried' | null;
  readonly resolved_at: number | null;
  readonly retried_as: number | null;
}

export function entryFromRow(row: OutboxRow): OutboxEntry {
  return {
    seq: row.seq,
    id: row.id,
    op: row.op,
    args: JSON.parse(row.args) as Record<string, unknown>,
    user_id: row.user_id,
    created_at: toIso(row.created_at),
  };
}

export function deadLetterFromRow(row: DeadLetterRow): DeadLetter {
  return {
    ...entryFromRow(row),
    lead_id: row.lead_id,
    status: row.status,
    code: row.code,
    message: row.message,
    server_row: row.server_row === null ? null : (JSON.parse(row.server_row) as ServerRow),
    failed_at: toIso(row.failed_at),
    resolution: row.resolution,
    resolved_at: row.resolved_at === null ? null : toIso(row.resolved_at),
    retried_as: row.retried_as,
  };
}

// ---- history rows (stored with the same names and types, plus cache-only columns) ----

export function interactionFromRow(
  row: CachedInteraction & { readonly seen_epoch?: unknown },
): CachedInteraction {
  return {
    id: row.id,
    lead_id: row.lead_id,
    type: row.type,
    content: row.content,
    disposition: row.disposition,
    duration_seconds: row.duration_seconds,
    occurred_at: row.occurred_at,
    created_at: row.created_at,
    created_by: row.created_by,
    updated_at: row.updated_at,
    local_seq: row.local_seq,
  };
}

export function callbackFromRow(row: CachedCallback): CachedCallback {
  return { ...row };
}
