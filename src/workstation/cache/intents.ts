// The outbox intents' arguments, exactly as docs/sync-protocol.md ("Operations") names them.
import type { LeadStatus } from '../../domain/lead.js';
import type { MutationOp, OutboxEntry } from './cache-port.js';
import type { CallbackScope } from './rows.js';

export interface LogCallArgs {
  readonly interaction_id: string;
  readonly lead_id: string;
  readonly disposition: string;
  readonly notes: string;
  readonly duration_seconds?: number;
  /** ISO */
  readonly occurred_at: string;
  readonly status_from: LeadStatus;
  readonly status_to: LeadStatus;
  readonly callback?: {
    readonly callback_id: string;
    readonly due_at: string;
    readonly scope?: CallbackScope;
    readonly note?: string;
  };
}

export interface AddNoteArgs {
  readonly interaction_id: string;
  readonly lead_id: string;
  readonly content: string;
  readonly occurred_at: string;
}

export interface SetStatusArgs {
  readonly lead_id: string;
  readonly from: LeadStatus;
  readonly to: LeadStatus;
  readonly base_version: number;
}

export interface ScheduleCallbackArgs {
  readonly callback_id: string;
  readonly lead_id: string;
  readonly due_at: string;
  readonly note: string;
  readonly scope: CallbackScope;
}

export interface CompleteCallbackArgs {
  readonly callback_id: string;
  readonly state: 'done' | 'cancelled';
}

export const CONTACT_FIELDS = [
  'name',
  'email',
  'phone',
  'phone_e164',
  'company',
  'time_zone',
] as const;
export type ContactField = (typeof CONTACT_FIELDS)[number];
export type ContactValues = Partial<Record<ContactField, string | null>>;

export interface UpdateContactArgs {
  readonly lead_id: string;
  readonly base: ContactValues;
  readonly set: ContactValues;
}

export interface IntentArgs {
  readonly log_call: LogCallArgs;
  readonly add_note: AddNoteArgs;
  readonly set_status: SetStatusArgs;
  readonly schedule_callback: ScheduleCallbackArgs;
  readonly complete_callback: CompleteCallbackArgs;
  readonly update_contact: UpdateContactArgs;
}

/** An outbox entry with its op and args tied together, so replay can switch on the op. */
export type Intent = {
  [K in MutationOp]: Omit<OutboxEntry, 'op' | 'args'> & {
    readonly op: K;
    readonly args: IntentArgs[K];
  };
}[MutationOp];

/** Our own outbox rows are trusted: the args were written by this code from typed values. */
export function asIntent(entry: OutboxEntry): Intent {
  return entry as unknown as Intent;
}
