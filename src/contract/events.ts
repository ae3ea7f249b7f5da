// Events the core pushes to the renderer, typed like the operations and parsed on receipt.
import { z } from 'zod';
import { failure, type Failure } from '../domain/failure';
import { presenceSchema } from './operations/presence';
import { sessionStateSchema } from './operations/session';
import { syncProgressSchema } from './operations/sync';
import { callbackWithLeadSchema } from './records';
import { idSchema, instantSchema } from './wire-types';

/** The cached tables a screen may be showing. */
export const CACHE_TABLES = [
  'leads',
  'interactions',
  'callbacks',
  'dispositions',
  'assessments',
  /** The floor's calling hours. */
  'floor_settings',
] as const;

export const cacheChangedSchema = z.object({
  tables: z.array(z.enum(CACHE_TABLES)).min(1),
  /** The leads whose rows changed; null when any lead may have (a resync), so refetch everything shown. */
  lead_ids: z.array(idSchema).nullable(),
});

export const EVENTS = {
  /** A local write or a pull changed the cache: refetch what is on screen, nothing else. */
  'cache:changed': cacheChangedSchema,
  'sync:progress': syncProgressSchema,
  /** The person's own presence, including offline_syncing set by the core. */
  'presence:changed': presenceSchema,
  /** A pending callback reached its due time. */
  'callback:due': z.object({ callback: callbackWithLeadSchema }),
  /** Signed in, signed out, or the session expired. */
  'session:changed': sessionStateSchema,
  /**
   * Someone joined, left or changed presence on the floor channel, a profile the person may read changed
   * (a role, an activation), or the team's seats changed (bought, refunded; staff only): a board asks
   * floor:board again, People asks people:list and people:seats again.
   */
  'floor:changed': z.strictObject({}),
  /** The shell asks the window to show a lead (a notification clicked, a talentg://lead link); never the core. */
  'lead:open': z.strictObject({ lead_id: idSchema }),
  /** The shell downloaded and verified an update (sha512); it is installed when the app quits. */
  'update:ready': z.strictObject({
    version: z.string().min(1),
    release_date: instantSchema.nullable(),
    install: z.literal('on_quit'),
  }),
} as const satisfies Readonly<Record<`${string}:${string}`, z.ZodType>>;

export type Events = typeof EVENTS;
export type EventName = keyof Events;
export type EventPayload<K extends EventName> = z.output<Events[K]>;

/** One message on the event channel. */
export type CoreEvent = {
  [K in EventName]: { readonly event: K; readonly payload: EventPayload<K> };
}[EventName];

const eventMessageSchema = z.object({ event: z.string(), payload: z.unknown() });

export function isEventName(event: string): event is EventName {
  return Object.hasOwn(EVENTS, event);
}

/** Parses what arrived on the event channel; the core is trusted no more than the renderer. */
export function parseCoreEvent(
  message: unknown,
): { readonly ok: true; readonly event: CoreEvent } | Failure<'INVALID_EVENT'> {
  const envelope = eventMessageSchema.safeParse(message);
  if (!envelope.success) {
    return failure('INVALID_EVENT', 'An event from the core is not { event, payload }.', {
      issues: envelope.error.issues,
    });
  }
  const { event, payload } = envelope.data;
  if (!isEventName(event)) {
    return failure('INVALID_EVENT', 'The core sent an event the contract does not have.', {
      event,
    });
  }
  const parsed = EVENTS[event].safeParse(payload);
  if (!parsed.success) {
    return failure('INVALID_EVENT', `The payload of ${event} does not match the contract.`, {
      event,
      issues: parsed.error.issues,
    });
  }
  return { ok: true, event: { event, payload: parsed.data } as CoreEvent };
}

/** Builds a message for the event channel; typed, so the core cannot emit a payload of the wrong event. */
export function coreEvent<K extends EventName>(event: K, payload: EventPayload<K>): CoreEvent {
  return { event, payload } as CoreEvent;
}
