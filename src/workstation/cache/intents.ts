// The outbox intents' arguments, exactly as docs/sync-protocol.md ("Operations") names them, as zod schemas:
// an outbox row outlives the version of the app that wrote it, so it is parsed, never cast, when read back.
import { z } from 'zod';
import { MUTATION_OPS } from '../../contract/operations/sync.js';
import { LEAD_STATUSES } from '../../domain/lead.js';
import type { MutationOp, OutboxEntry } from './cache-port.js';
import { CALLBACK_SCOPES, jsonObject, toIso, type OutboxRow } from './rows.js';

const id = z.string().min(1);
const isoInstant = z.string().refine((value) => !Number.isNaN(Date.parse(value)), 'not an instant');
const status = z.enum(LEAD_STATUSES);

export const CONTACT_FIELDS = [
  'name',
  'email',
  'phone',
  'phone_e164',
  'company',
  'time_zone',
] as const;
export type ContactField = (typeof CONTACT_FIELDS)[number];
const contactValues = z.partialRecord(z.enum(CONTACT_FIELDS), z.string().nullable());
export type ContactValues = Partial<Record<ContactField, string | null>>;

/** Each op's args; the keys are the contract's MUTATION_OPS, no more and no fewer. */
export const INTENT_ARGS = {
  log_call: z.object({
    interaction_id: id,
    lead_id: id,
    disposition: z.string().min(1),
    notes: z.string(),
    duration_seconds: z.number().int().nonnegative().optional(),
    occurred_at: isoInstant,
    status_from: status,
    status_to: status,
    callback: z
      .object({
        callback_id: id,
        due_at: isoInstant,
        scope: z.enum(CALLBACK_SCOPES).optional(),
        note: z.string().optional(),
      })
      .optional(),
  }),
  add_note: z.object({
    interaction_id: id,
    lead_id: id,
    content: z.string(),
    occurred_at: isoInstant,
  }),
  set_status: z.object({
    lead_id: id,
    from: status,
    to: status,
    base_version: z.number().int(),
  }),
  schedule_callback: z.object({
    callback_id: id,
    lead_id: id,
    due_at: isoInstant,
    note: z.string(),
    scope: z.enum(CALLBACK_SCOPES),
  }),
  complete_callback: z.object({
    callback_id: id,
    state: z.enum(['done', 'cancelled']),
  }),
  update_contact: z.object({
    lead_id: id,
    base: contactValues,
    set: contactValues,
  }),
} as const satisfies { readonly [K in MutationOp]: z.ZodType };

export type IntentArgs = {
  readonly [K in MutationOp]: Readonly<z.infer<(typeof INTENT_ARGS)[K]>>;
};
export type LogCallArgs = IntentArgs['log_call'];
export type AddNoteArgs = IntentArgs['add_note'];
export type SetStatusArgs = IntentArgs['set_status'];
export type ScheduleCallbackArgs = IntentArgs['schedule_callback'];
export type CompleteCallbackArgs = IntentArgs['complete_callback'];
export type UpdateContactArgs = IntentArgs['update_contact'];

/** An outbox entry with its op and args tied together, so replay can switch on the op. */
export type Intent = {
  [K in MutationOp]: Omit<OutboxEntry, 'op' | 'args'> & {
    readonly op: K;
    readonly args: IntentArgs[K];
  };
}[MutationOp];

/** Why an outbox row cannot be replayed or sent, in words a person can pass on. */
export type IntentRead =
  { readonly ok: true; readonly intent: Intent } | { readonly ok: false; readonly reason: string };

const MUTATION_OP_SET: ReadonlySet<string> = new Set(MUTATION_OPS);

export function isMutationOp(op: unknown): op is MutationOp {
  return typeof op === 'string' && MUTATION_OP_SET.has(op);
}

function valueAt(value: unknown, path: readonly PropertyKey[]): unknown {
  return path.reduce<unknown>(
    (at, key) =>
      typeof at === 'object' && at !== null ? (at as Record<PropertyKey, unknown>)[key] : undefined,
    value,
  );
}

function describeIssue(args: Record<string, unknown>, issue: z.core.$ZodIssue): string {
  const path = ['args', ...issue.path.map(String)].join('.');
  return valueAt(args, issue.path) === undefined
    ? `${path} is missing`
    : `${path}: ${issue.message}`;
}

// The server takes a mutation id only as a uuid; anything else would make it refuse the whole batch.
const MUTATION_ID = z.guid();

export function isMutationId(value: unknown): value is string {
  return MUTATION_ID.safeParse(value).success;
}

/** The intent an outbox row holds, checked against this version's schemas. */
export function readIntent(row: OutboxRow): IntentRead {
  const { op } = row;
  if (!isMutationId(row.id)) {
    return { ok: false, reason: `its id ${JSON.stringify(row.id)} is not a uuid` };
  }
  if (typeof row.created_at !== 'number' || !Number.isFinite(row.created_at)) {
    return { ok: false, reason: 'its time is not an instant' };
  }
  if (!isMutationOp(op)) {
    return { ok: false, reason: `this version knows no operation ${JSON.stringify(op)}` };
  }
  const args = jsonObject(row.args);
  if (args === null) return { ok: false, reason: 'its arguments are not a JSON object' };
  const parsed = INTENT_ARGS[op].safeParse(args);
  if (!parsed.success) {
    return {
      ok: false,
      reason: parsed.error.issues
        .slice(0, 3)
        .map((issue) => describeIssue(args, issue))
        .join('; '),
    };
  }
  const intent = {
    seq: row.seq,
    id: row.id,
    op,
    args: parsed.data,
    user_id: row.user_id,
    created_at: toIso(row.created_at),
  } as Intent; // op and args were checked together just above
  return { ok: true, intent };
}
