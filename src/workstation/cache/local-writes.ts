// The telecaller's writes: each is ONE transaction that changes the cached rows and appends the intent,
// and returns only after it committed. Refusals are the domain's Failure values, checked before any write.
import { CALLBACK_NOTE_MAX_CHARS, MAX_CALL_SECONDS, NOTE_MAX_CHARS } from '../../domain/limits.js';
import { randomUUID } from 'node:crypto';
import {
  applyDisposition,
  canMoveStatus,
  findDisposition,
  type QueueFate,
} from '../../domain/dispositions.js';
import { failure, type Failure } from '../../domain/failure.js';
import { isFinalStatus, type EpochMs, type LeadStatus } from '../../domain/lead.js';
import { isAnsweredByCall } from '../../domain/queue.js';
import type { CacheCore } from './cache-core.js';
import { checkContactEdit, contactBase } from './contact-edit.js';
import type { MutationOp } from './cache-port.js';
import type { IntentArgs, LogCallArgs } from './intents.js';
import { appendIntent, newIntent, nextSeq } from './outbox.js';
import { replayContext, writeOverlay } from './overlay-store.js';
import { replayIntent, replayLogCall, type LeadOverlay } from './replay.js';
import {
  callbackFromRow,
  callbackValues,
  interactionValues,
  leadFromTuple,
  toIso,
  type CachedCallback,
  type CachedInteraction,
  type CachedLead,
  type CallbackScope,
  type LeadTuple,
} from './rows.js';


export interface LogCallInput {
  readonly leadId: string;
  readonly disposition: string;
  readonly notes?: string;
  readonly durationSeconds?: number;
  /** Required by callback dispositions, refused by the others. */
  readonly callbackAt?: EpochMs;
  readonly callbackScope?: CallbackScope;
  readonly callbackNote?: string;
  readonly now: EpochMs;
}

export interface LogCallDone {
  readonly ok: true;
  readonly seq: number;
  readonly lead: CachedLead;
  readonly interaction: CachedInteraction;
  readonly callback: CachedCallback | null;
  /** The lead's callbacks this call answered (due by now): closed as done in the same transaction. */
  readonly kept: readonly CachedCallback[];
  readonly fate: QueueFate;
}

export interface AddNoteInput {
  readonly leadId: string;
  readonly content: string;
  readonly now: EpochMs;
}

export interface SetStatusInput {
  readonly leadId: string;
  readonly to: LeadStatus;
  /** The status the person saw; when the lead has moved since, the answer is LEAD_CHANGED. */
  readonly from?: LeadStatus;
  readonly now: EpochMs;
}

export interface ScheduleCallbackInput {
  readonly leadId: string;
  readonly dueAt: EpochMs;
  readonly scope?: CallbackScope;
  readonly note?: string;
  readonly now: EpochMs;
}

export interface CompleteCallbackInput {
  readonly callbackId: string;
  readonly state: 'done' | 'cancelled';
  readonly now: EpochMs;
}

export interface UpdateContactInput {
  readonly leadId: string;
  /** Any of name, email, phone, phone_e164, company, time_zone; a typed phone also sets phone_e164. */
  readonly set: Readonly<Record<string, unknown>>;
  readonly now: EpochMs;
}

export interface LocalWrites {
  logCall(input: LogCallInput): LogCallDone | Failure;
  addNote(
    input: AddNoteInput,
  ): { readonly ok: true; readonly seq: number; readonly interaction: CachedInteraction } | Failure;
  setStatus(
    input: SetStatusInput,
  ): { readonly ok: true; readonly seq: number; readonly lead: CachedLead } | Failure;
  scheduleCallback(input: ScheduleCallbackInput):
    | {
        readonly ok: true;
        readonly seq: number;
        readonly callback: CachedCallback;
        readonly lead: CachedLead;
      }
    | Failure;
  /** Closing a closed callback writes nothing and answers it unchanged (seq null). */
  completeCallback(
    input: CompleteCallbackInput,
  ):
    { readonly ok: true; readonly seq: number | null; readonly callback: CachedCallback } | Failure;
  updateContact(
    input: UpdateContactInput,
  ): { readonly ok: true; readonly seq: number; readonly lead: CachedLead } | Failure;
}

function leadNotFound(leadId: string): Failure {
  return failure('LEAD_NOT_FOUND', 'This lead is not (or no longer) in your list.', { leadId });
}

function tooLong(field: string, max: number): Failure {
  return failure('INVALID_REQUEST', `${field} has more than ${max} characters.`, { field, max });
}

export function createLocalWrites(core: CacheCore): LocalWrites {
  const { sql } = core;

  const readLead = (leadId: string): CachedLead | null => {
    const row = sql.leadById.get(leadId) as LeadTuple | undefined;
    return row === undefined ? null : leadFromTuple(row);
  };
  const readOverlay = (lead: CachedLead): LeadOverlay => ({
    lead,
    callbacks: (sql.callbacksOfLead.all(lead.id) as CachedCallback[]).map(callbackFromRow),
    interactions: [],
  });

  /** Appends the intent and writes its effect on the visible overlay: the path of every write but logCall. */
  const commitIntent = <K extends MutationOp>(
    overlay: LeadOverlay,
    op: K,
    args: IntentArgs[K],
    at: EpochMs,
  ): { seq: number; overlay: LeadOverlay } => {
    const seq = nextSeq(core);
    const intent = newIntent(core, seq, op, args, at);
    const next = replayIntent(overlay, intent, replayContext(core));
    writeOverlay(core, next);
    appendIntent(core, intent, overlay.lead.id, at);
    return { seq, overlay: next };
  };

  const logCall = core.db.transaction((input: LogCallInput): LogCallDone | Failure => {
    const lead = readLead(input.leadId);
    if (lead === null) return leadNotFound(input.leadId);
    const notes = input.notes ?? '';
    if (notes.length > NOTE_MAX_CHARS) return tooLong('notes', NOTE_MAX_CHARS);
    const duration = input.durationSeconds;
    if (
      duration !== undefined &&
      !(Number.isInteger(duration) && duration >= 0 && duration <= MAX_CALL_SECONDS)
    ) {
      return failure('INVALID_REQUEST', 'A call lasts 0 to 86400 whole seconds.', {
        durationSeconds: duration,
      });
    }
    if ((input.callbackNote ?? '').length > CALLBACK_NOTE_MAX_CHARS) {
      return tooLong('callbackNote', CALLBACK_NOTE_MAX_CHARS);
    }
    const found = findDisposition(core.catalogue(), input.disposition);
    if (!found.ok) return found;
    const { now, callbackAt } = input;
    const effect = applyDisposition(lead, found.disposition, {
      now,
      callbackAt,
      actor: core.actor,
    });
    if (!effect.ok) return effect;

    const seq = nextSeq(core);
    const occurredAt = toIso(now);
    const args: LogCallArgs = {
      interaction_id: randomUUID(),
      lead_id: lead.id,
      disposition: found.disposition.code,
      notes,
      ...(duration === undefined ? {} : { duration_seconds: duration }),
      occurred_at: occurredAt,
      status_from: lead.status,
      status_to: effect.changes.status,
      ...(callbackAt === undefined
        ? {}
        : {
            callback: {
              callback_id: randomUUID(),
              due_at: toIso(callbackAt),
              scope: input.callbackScope ?? 'personal',
              note: input.callbackNote ?? '',
            },
          }),
    };
    const entry = newIntent(core, seq, 'log_call', args, occurredAt);
    const before = readOverlay(lead).callbacks;
    const answered = before.filter((c) => isAnsweredByCall(c, now));
    const next = replayLogCall(
      { lead, callbacks: before, interactions: [] },
      args,
      { seq, at: now },
      replayContext(core),
    );
    const after = next.lead;
    sql.leadUpdateAfterCall.run(
      after.status,
      after.attempts,
      after.last_contact_at,
      after.recycle_at,
      after.callback_due_at,
      after.do_not_call ? 1 : 0,
      after.id,
    );
    const interaction = next.interactions[0] as CachedInteraction;
    sql.interactionInsert.run(interactionValues(interaction));
    const promised = args.callback?.callback_id;
    const callback = next.callbacks.find((c) => c.id === promised) ?? null;
    if (callback !== null) sql.callbackInsert.run(callbackValues(callback));
    appendIntent(core, entry, lead.id, now);
    // Each answered callback is its own intent (the server checks it on its own), after the call's.
    let overlay = readOverlay(after);
    for (const due of answered) {
      overlay = commitIntent(
        overlay,
        'complete_callback',
        { callback_id: due.id, state: 'done' },
        now,
      ).overlay;
    }
    const kept = answered.map((due) => overlay.callbacks.find((c) => c.id === due.id) ?? due);
    return { ok: true, seq, lead: overlay.lead, interaction, callback, kept, fate: effect.fate };
  });

  const addNote = core.db.transaction((input: AddNoteInput) => {
    const lead = readLead(input.leadId);
    if (lead === null) return leadNotFound(input.leadId);
    const content = input.content.trim();
    if (content.length === 0)
      return failure('INVALID_REQUEST', 'A note needs some text.', { field: 'content' });
    if (content.length > NOTE_MAX_CHARS) return tooLong('content', NOTE_MAX_CHARS);
    const interactionId = randomUUID();
    // The whole overlay: writeOverlay rewrites the lead's callbacks from it.
    const { seq, overlay } = commitIntent(
      readOverlay(lead),
      'add_note',
      {
        interaction_id: interactionId,
        lead_id: lead.id,
        content,
        occurred_at: toIso(input.now),
      },
      input.now,
    );
    return { ok: true as const, seq, interaction: overlay.interactions[0] as CachedInteraction };
  });

  const setStatus = core.db.transaction((input: SetStatusInput) => {
    const lead = readLead(input.leadId);
    if (lead === null) return leadNotFound(input.leadId);
    if (input.from !== undefined && input.from !== lead.status) {
      return failure(
        'LEAD_CHANGED',
        `This lead is ${lead.status} now, not ${input.from}; look again before moving it.`,
        {
          from: input.from,
          current: lead.status,
        },
      );
    }
    if (!canMoveStatus(lead.status, input.to, core.actor)) {
      return failure(
        'STATUS_MOVE_NOT_ALLOWED',
        `A ${lead.status} lead cannot become ${input.to}.`,
        {
          from: lead.status,
          to: input.to,
          actor: core.actor,
        },
      );
    }
    const { seq, overlay } = commitIntent(
      readOverlay(lead),
      'set_status',
      {
        lead_id: lead.id,
        from: lead.status,
        to: input.to,
        base_version: lead.version,
      },
      input.now,
    );
    return { ok: true as const, seq, lead: overlay.lead };
  });

  const scheduleCallback = core.db.transaction((input: ScheduleCallbackInput) => {
    const lead = readLead(input.leadId);
    if (lead === null) return leadNotFound(input.leadId);
    if (input.dueAt <= input.now) {
      return failure(
        'CALLBACK_IN_PAST',
        'The callback time has already passed: pick a later time.',
        {
          callbackAt: input.dueAt,
          now: input.now,
        },
      );
    }
    if (isFinalStatus(lead.status)) {
      return failure(
        'STATUS_MOVE_NOT_ALLOWED',
        `A ${lead.status} lead gets no callbacks; ask a manager to reopen it first.`,
        {
          status: lead.status,
        },
      );
    }
    const note = input.note ?? '';
    if (note.length > CALLBACK_NOTE_MAX_CHARS) return tooLong('note', CALLBACK_NOTE_MAX_CHARS);
    const callbackId = randomUUID();
    const { seq, overlay } = commitIntent(
      readOverlay(lead),
      'schedule_callback',
      {
        callback_id: callbackId,
        lead_id: lead.id,
        due_at: toIso(input.dueAt),
        note,
        scope: input.scope ?? 'personal',
      },
      input.now,
    );
    const callback = overlay.callbacks.find((c) => c.id === callbackId) as CachedCallback;
    return { ok: true as const, seq, callback, lead: overlay.lead };
  });

  const completeCallback = core.db.transaction((input: CompleteCallbackInput) => {
    const row = sql.callbackById.get(input.callbackId) as CachedCallback | undefined;
    if (row === undefined) {
      return failure('CALLBACK_NOT_FOUND', 'This callback is not (or no longer) in your list.', {
        callbackId: input.callbackId,
      });
    }
    const callback = callbackFromRow(row);
    if (callback.state !== 'pending') return { ok: true as const, seq: null, callback };
    const lead = readLead(callback.lead_id);
    if (lead === null) return leadNotFound(callback.lead_id);
    const { seq, overlay } = commitIntent(
      readOverlay(lead),
      'complete_callback',
      { callback_id: callback.id, state: input.state },
      input.now,
    );
    return {
      ok: true as const,
      seq,
      callback: overlay.callbacks.find((c) => c.id === callback.id) as CachedCallback,
    };
  });

  const updateContact = core.db.transaction((input: UpdateContactInput) => {
    const lead = readLead(input.leadId);
    if (lead === null) return leadNotFound(input.leadId);
    const edit = checkContactEdit(lead, input.set);
    if (!edit.ok) return edit;
    const { seq, overlay } = commitIntent(
      readOverlay(lead),
      'update_contact',
      {
        lead_id: lead.id,
        base: contactBase(lead, edit.set),
        set: edit.set,
      },
      input.now,
    );
    return { ok: true as const, seq, lead: overlay.lead };
  });

  // IMMEDIATE: take the write lock before the first read, so the checks and the write see one state.
  return {
    logCall: (input) => logCall.immediate(input),
    addNote: (input) => addNote.immediate(input),
    setStatus: (input) => setStatus.immediate(input),
    scheduleCallback: (input) => scheduleCallback.immediate(input),
    completeCallback: (input) => completeCallback.immediate(input),
    updateContact: (input) => updateContact.immediate(input),
  };
}
