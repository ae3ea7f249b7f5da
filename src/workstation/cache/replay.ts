// Pending intents replayed over the server's rows: one pure function per op, so a write's optimistic effect
// and its re-derivation after a pull, a resync or a refusal are the same computation.
import {
  applyDisposition,
  findDisposition,
  type DispositionCatalogue,
  type StatusActor,
} from '../../domain/dispositions.js';
import type { EpochMs } from '../../domain/lead.js';
import type {
  AddNoteArgs,
  CompleteCallbackArgs,
  Intent,
  LogCallArgs,
  ScheduleCallbackArgs,
  SetStatusArgs,
  UpdateContactArgs,
} from './intents.js';
import type { CachedCallback, CachedInteraction, CachedLead } from './rows.js';

/** One lead as the screens see it, with its callbacks and the history rows intents wrote locally. */
export interface LeadOverlay {
  readonly lead: CachedLead;
  /** All of the lead's callbacks. */
  readonly callbacks: readonly CachedCallback[];
  /** Interactions written by replayed intents; a cached server row with the same id wins over them. */
  readonly interactions: readonly CachedInteraction[];
}

export interface ReplayContext {
  readonly catalogue: DispositionCatalogue;
  readonly userId: string;
  readonly actor: StatusActor;
}

/** Where the intent came from: its seq marks the rows it wrote, its time stamps them. */
export interface IntentStamp {
  readonly seq: number;
  readonly at: EpochMs;
}

function earliest(a: EpochMs | null, b: EpochMs | null): EpochMs | null {
  if (a === null) return b;
  if (b === null) return a;
  return Math.min(a, b);
}

function localInteraction(
  lead: CachedLead,
  stamp: IntentStamp,
  ctx: ReplayContext,
  fields: Pick<
    CachedInteraction,
    'id' | 'type' | 'content' | 'disposition' | 'duration_seconds' | 'occurred_at'
  >,
): CachedInteraction {
  // Spelled out rather than spread: this runs on every logged call.
  return {
    id: fields.id,
    lead_id: lead.id,
    type: fields.type,
    content: fields.content,
    disposition: fields.disposition,
    duration_seconds: fields.duration_seconds,
    occurred_at: fields.occurred_at,
    created_at: stamp.at,
    created_by: ctx.userId,
    updated_at: stamp.at,
    local_seq: stamp.seq,
  };
}

function pendingCallback(
  leadId: string,
  stamp: IntentStamp,
  ctx: ReplayContext,
  fields: {
    readonly id: string;
    readonly due_at: EpochMs;
    readonly scope: CachedCallback['scope'];
    readonly note: string;
  },
): CachedCallback {
  return {
    id: fields.id,
    lead_id: leadId,
    // A personal promise is the caller's; an 'anyone' one falls to whoever holds the lead.
    owner_id: fields.scope === 'personal' ? ctx.userId : null,
    scope: fields.scope,
    due_at: fields.due_at,
    state: 'pending',
    note: fields.note,
    created_by: ctx.userId,
    closed_at: null,
    created_at: stamp.at,
    updated_at: stamp.at,
    local_seq: stamp.seq,
  };
}

/**
 * The server records the call whatever happened to the lead since, and moves the status only if it is
 * still status_from; the queue fields follow the disposition unless a later call is already recorded.
 */
export function replayLogCall(
  overlay: LeadOverlay,
  args: LogCallArgs,
  stamp: IntentStamp,
  ctx: ReplayContext,
): LeadOverlay {
  const { lead } = overlay;
  const occurredAt = Date.parse(args.occurred_at);
  const callbackAt = args.callback === undefined ? undefined : Date.parse(args.callback.due_at);
  const status = lead.status === args.status_from ? args.status_to : lead.status;
  const found = findDisposition(ctx.catalogue, args.disposition);
  const late = lead.last_contact_at !== null && occurredAt < lead.last_contact_at;
  const effect = found.ok
    ? applyDisposition(lead, found.disposition, { now: occurredAt, callbackAt, actor: ctx.actor })
    : null;
  const next: CachedLead =
    effect !== null && effect.ok && !late
      ? { ...lead, ...effect.changes, status }
      : {
          ...lead,
          status,
          attempts: lead.attempts + 1,
          last_contact_at: Math.max(lead.last_contact_at ?? occurredAt, occurredAt),
          do_not_call: lead.do_not_call || (found.ok && found.disposition.dnc),
          callback_due_at: earliest(lead.callback_due_at, callbackAt ?? null),
        };
  const callbacks =
    args.callback === undefined ||
    overlay.callbacks.some((c) => c.id === args.callback?.callback_id)
      ? overlay.callbacks
      : [
          ...overlay.callbacks,
          pendingCallback(lead.id, stamp, ctx, {
            id: args.callback.callback_id,
            due_at: callbackAt as EpochMs,
            scope: args.callback.scope ?? 'personal',
            note: args.callback.note ?? '',
          }),
        ];
  const interaction = localInteraction(lead, stamp, ctx, {
    id: args.interaction_id,
    type: 'call',
    content: args.notes,
    disposition: args.disposition,
    duration_seconds: args.duration_seconds ?? null,
    occurred_at: occurredAt,
  });
  // As the server's trigger keeps it: the earliest pending callback, whatever the disposition said.
  const due = callbacks
    .filter((c) => c.state === 'pending')
    .reduce<EpochMs | null>((min, c) => earliest(min, c.due_at), null);
  return {
    lead: { ...next, callback_due_at: due },
    callbacks,
    interactions: [...overlay.interactions, interaction],
  };
}

export function replayAddNote(
  overlay: LeadOverlay,
  args: AddNoteArgs,
  stamp: IntentStamp,
  ctx: ReplayContext,
): LeadOverlay {
  const note = localInteraction(overlay.lead, stamp, ctx, {
    id: args.interaction_id,
    type: 'note',
    content: args.content,
    disposition: null,
    duration_seconds: null,
    occurred_at: Date.parse(args.occurred_at),
  });
  return { ...overlay, interactions: [...overlay.interactions, note] };
}

/** The server moves the status only from the status the person saw; otherwise it answers conflict. */
export function replaySetStatus(overlay: LeadOverlay, args: SetStatusArgs): LeadOverlay {
  if (overlay.lead.status !== args.from) return overlay;
  return { ...overlay, lead: { ...overlay.lead, status: args.to } };
}

export function replayScheduleCallback(
  overlay: LeadOverlay,
  args: ScheduleCallbackArgs,
  stamp: IntentStamp,
  ctx: ReplayContext,
): LeadOverlay {
  if (overlay.callbacks.some((c) => c.id === args.callback_id)) return overlay;
  const dueAt = Date.parse(args.due_at);
  const callback = pendingCallback(overlay.lead.id, stamp, ctx, {
    id: args.callback_id,
    due_at: dueAt,
    scope: args.scope,
    note: args.note,
  });
  return {
    ...overlay,
    lead: { ...overlay.lead, callback_due_at: earliest(overlay.lead.callback_due_at, dueAt) },
    callbacks: [...overlay.callbacks, callback],
  };
}

/** Closing a closed callback changes nothing (the server answers it applied, too). */
export function replayCompleteCallback(
  overlay: LeadOverlay,
  args: CompleteCallbackArgs,
  stamp: IntentStamp,
): LeadOverlay {
  const target = overlay.callbacks.find((c) => c.id === args.callback_id);
  if (target === undefined || target.state !== 'pending') return overlay;
  const callbacks = overlay.callbacks.map((c) =>
    c === target
      ? { ...c, state: args.state, closed_at: stamp.at, updated_at: stamp.at, local_seq: stamp.seq }
      : c,
  );
  // leads.callback_due_at is the earliest pending callback (the server's trigger keeps it so).
  const due =
    overlay.lead.callback_due_at === target.due_at
      ? callbacks
          .filter((c) => c.state === 'pending')
          .reduce<EpochMs | null>((min, c) => earliest(min, c.due_at), null)
      : overlay.lead.callback_due_at;
  return { ...overlay, lead: { ...overlay.lead, callback_due_at: due }, callbacks };
}

export function replayUpdateContact(overlay: LeadOverlay, args: UpdateContactArgs): LeadOverlay {
  const { set } = args;
  const lead: CachedLead = {
    ...overlay.lead,
    ...(typeof set.name === 'string' ? { name: set.name } : {}),
    ...(set.email !== undefined ? { email: set.email } : {}),
    ...(set.phone !== undefined ? { phone: set.phone } : {}),
    ...(typeof set.phone_e164 === 'string' ? { phone_e164: set.phone_e164 } : {}),
    ...(set.company !== undefined ? { company: set.company } : {}),
    ...(set.time_zone !== undefined ? { time_zone: set.time_zone ?? '' } : {}),
  };
  return { ...overlay, lead };
}

export function replayIntent(
  overlay: LeadOverlay,
  intent: Intent,
  ctx: ReplayContext,
): LeadOverlay {
  const stamp: IntentStamp = { seq: intent.seq, at: Date.parse(intent.created_at) };
  switch (intent.op) {
    case 'log_call':
      return replayLogCall(overlay, intent.args, stamp, ctx);
    case 'add_note':
      return replayAddNote(overlay, intent.args, stamp, ctx);
    case 'set_status':
      return replaySetStatus(overlay, intent.args);
    case 'schedule_callback':
      return replayScheduleCallback(overlay, intent.args, stamp, ctx);
    case 'complete_callback':
      return replayCompleteCallback(overlay, intent.args, stamp);
    case 'update_contact':
      return replayUpdateContact(overlay, intent.args);
  }
}

/** The lead as the screens should see it: the server's state with `intents` (in seq order) on top. */
export function replayIntents(
  overlay: LeadOverlay,
  intents: readonly Intent[],
  ctx: ReplayContext,
): LeadOverlay {
  return intents.reduce((current, intent) => replayIntent(current, intent, ctx), overlay);
}
