// The cached records and their one column list each (columns.ts): the SQLite form (0/1 booleans, positional
// tuples), the server's JSON (server-json.ts) and the contract's shape (services/wire-records.ts) derive from it.
import { z } from 'zod';
import type { Disposition, DispositionCatalogue } from '../../domain/dispositions.js';
import { LEAD_STATUSES, type EpochMs, type Lead } from '../../domain/lead.js';
import type { DeadLetter, MutationOp, OutboxEntry, ServerRow } from './cache-port.js';
import {
  absentInt,
  derived,
  flag,
  instant,
  int,
  localInt,
  oneOf,
  optionalInstant,
  optionalInt,
  optionalText,
  text,
  textEmptyWhenUnknown,
} from './columns.js';
import { defineRecord, type CodecRecord } from './record-codec.js';

export const CONSENTS = ['unknown', 'granted', 'withdrawn'] as const;
export type Consent = (typeof CONSENTS)[number];
export const INTERACTION_TYPES = ['call', 'email', 'meeting', 'note'] as const;
export type InteractionType = (typeof INTERACTION_TYPES)[number];
export const CALLBACK_SCOPES = ['personal', 'anyone'] as const;
export type CallbackScope = (typeof CALLBACK_SCOPES)[number];
export const CALLBACK_STATES = ['pending', 'done', 'cancelled', 'missed'] as const;
export type CallbackState = (typeof CALLBACK_STATES)[number];

const id = () => text({ server: z.string().min(1) });

// ---- the column lists: SQLite order, conversions, the server's parsing and the contract's shape ----

export const LEAD = defineRecord(
  {
    id: id(),
    name: text(),
    email: optionalText(),
    phone: optionalText(),
    phone_e164: text(),
    company: optionalText(),
    status: oneOf(LEAD_STATUSES),
    source: optionalText(),
    assigned_to: optionalText(),
    /** '' when the server has none (the dial gate then refuses the lead). */
    time_zone: textEmptyWhenUnknown(),
    country: optionalText(),
    priority: int(),
    attempts: int(),
    last_contact_at: optionalInstant(),
    recycle_at: optionalInstant(),
    callback_due_at: optionalInstant(),
    do_not_call: flag(),
    consent: oneOf(CONSENTS, { server: z.enum(CONSENTS).default('unknown') }),
    consent_at: optionalInstant({ wire: 'omitted' }),
    created_by: optionalText({ wire: 'omitted' }),
    created_at: instant(),
    updated_at: instant(),
    /** The server's version of the row; pending intents never change it (set_status sends it as base_version). */
    version: int({ server: z.coerce.number().int().positive() }),
  },
  { consent_withdrawn: derived('consent', (consent: Consent) => consent === 'withdrawn') },
);

export const INTERACTION = defineRecord({
  id: id(),
  lead_id: id(),
  type: oneOf(INTERACTION_TYPES),
  content: text({ server: z.string().default('') }),
  disposition: optionalText(),
  duration_seconds: optionalInt(),
  occurred_at: instant(),
  created_at: instant({ wire: 'omitted' }),
  created_by: optionalText(),
  updated_at: instant({ wire: 'omitted' }),
  /** The outbox seq that wrote it locally; null once it is the server's row. */
  local_seq: localInt(null),
});

export const CALLBACK = defineRecord({
  id: id(),
  lead_id: id(),
  owner_id: optionalText(),
  scope: oneOf(CALLBACK_SCOPES),
  due_at: instant(),
  state: oneOf(CALLBACK_STATES),
  note: text({ server: z.string().default('') }),
  created_by: optionalText({ wire: 'omitted' }),
  closed_at: optionalInstant(),
  created_at: instant(),
  updated_at: instant({ wire: 'omitted' }),
  /** The last pending intent that changed it; null when it is exactly the server's row. */
  local_seq: localInt(null),
});

export const DISPOSITION = defineRecord({
  code: text({ server: z.string().min(1) }),
  label: text(),
  description: text({ server: z.string().default('') }),
  human_contact: flag(),
  sale: flag(),
  dnc: flag(),
  callback: flag(),
  final: flag(),
  qualifies: flag({ server: z.boolean().default(false) }),
  recycle_after_minutes: absentInt({
    server: z
      .number()
      .int()
      .positive()
      .nullish()
      .transform((value) => value ?? undefined),
  }),
  hotkey: optionalText(),
  sort_order: int({ server: z.number().int().default(0), wire: 'omitted' }),
  is_active: flag({ server: z.boolean().default(true), wire: 'omitted' }),
});

/** A lead as the cache shows it: the server's row with pending intents replayed on top. */
export interface CachedLead extends Lead, CodecRecord<typeof LEAD> {}
export type CachedInteraction = CodecRecord<typeof INTERACTION>;
export type CachedCallback = CodecRecord<typeof CALLBACK>;
/** A disposition with what the workstation shows besides the domain's flags. */
export type CachedDisposition = CodecRecord<typeof DISPOSITION>;
// The domain judges calls by the cached catalogue: each cached disposition must be one of its dispositions.
const _isDisposition: (d: CachedDisposition) => Disposition = (d) => d;

// ---- SQLite rows <-> records ----

/** The leads columns in the order lead reads select them (raw rows: arrays are cheaper than objects). */
export const LEAD_COLUMNS = LEAD.names;
export const INTERACTION_COLUMNS = INTERACTION.names;
export const CALLBACK_COLUMNS = CALLBACK.names;
export const DISPOSITION_COLUMNS = DISPOSITION.names;

/** A leads row selected as LEAD_COLUMNS in raw mode. */
export type LeadTuple = readonly unknown[];

export const leadFromTuple: (tuple: LeadTuple) => CachedLead = LEAD.fromTuple;

/** Named parameters of the lead upsert; consent_withdrawn is derived, not stored. */
export const leadParams: (lead: CachedLead) => Record<string, unknown> = LEAD.toParams;

/** Positional values in INTERACTION_COLUMNS order. */
export const interactionValues: (row: CachedInteraction) => unknown[] = INTERACTION.toValues;

/** Positional values in CALLBACK_COLUMNS order. */
export const callbackValues: (row: CachedCallback) => unknown[] = CALLBACK.toValues;

/** The cached rows as SELECT * gives them (cache-only columns such as seen_epoch are left out). */
export const interactionFromRow: (row: object) => CachedInteraction = (row) =>
  INTERACTION.fromRow(row as Readonly<Record<string, unknown>>);
export const callbackFromRow: (row: object) => CachedCallback = (row) =>
  CALLBACK.fromRow(row as Readonly<Record<string, unknown>>);

export type DispositionRow = Readonly<Record<string, unknown>>;

export const dispositionFromRow: (row: DispositionRow) => CachedDisposition = DISPOSITION.fromRow;

export function dispositionParams(
  d: CachedDisposition,
  seenEpoch: number,
): Record<string, unknown> {
  return { ...DISPOSITION.toParams(d), seen_epoch: seenEpoch };
}

/** The catalogue logCall judges by: the active codes. */
export function activeCatalogue(dispositions: readonly CachedDisposition[]): DispositionCatalogue {
  return dispositions.filter((d) => d.is_active);
}

export function toIso(at: EpochMs): string {
  return new Date(at).toISOString();
}

// ---- outbox and dead letters (intents.ts parses an outbox row's intent before it is replayed or sent) ----

export const OUTBOX_COLUMNS = [
  'seq',
  'id',
  'op',
  'args',
  'user_id',
  'lead_id',
  'created_at',
] as const;
export const DEAD_LETTER_COLUMNS = [
  ...OUTBOX_COLUMNS,
  'status',
  'code',
  'message',
  'server_row',
  'failed_at',
] as const;

/** An outbox row with the types its table declares: any version of this code may have written it. */
export interface OutboxRow {
  readonly seq: number;
  readonly id: string;
  readonly op: string;
  /** JSON */
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

/** The JSON object `text` holds, or null when it holds none. */
export function jsonObject(text: unknown): Record<string, unknown> | null {
  if (typeof text !== 'string') return null;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return null; // the caller says what it does with unreadable JSON
  }
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : null;
}

/** ISO of a stored instant; a value that is no instant reads as `fallback`. */
function storedIso(at: unknown, fallback: EpochMs): string {
  return toIso(typeof at === 'number' && Number.isFinite(at) ? at : fallback);
}

/**
 * The entry as stored, for showing it (a lead's pending writes, a dead letter): args that are no JSON
 * object show as {}. What is replayed or sent goes through readIntent (intents.ts) instead.
 */
export function entryFromRow(row: OutboxRow): OutboxEntry {
  return {
    seq: row.seq,
    id: row.id,
    op: row.op as MutationOp,
    args: jsonObject(row.args) ?? {},
    user_id: row.user_id,
    created_at: storedIso(row.created_at, 0),
  };
}

export function deadLetterFromRow(row: DeadLetterRow): DeadLetter {
  return {
    ...entryFromRow(row),
    created_at: storedIso(row.created_at, row.failed_at),
    lead_id: row.lead_id,
    status: row.status,
    code: row.code,
    message: row.message,
    server_row: row.server_row === null ? null : (jsonObject(row.server_row) as ServerRow | null),
    failed_at: toIso(row.failed_at),
    resolution: row.resolution,
    resolved_at: row.resolved_at === null ? null : toIso(row.resolved_at),
    retried_as: row.retried_as,
  };
}
