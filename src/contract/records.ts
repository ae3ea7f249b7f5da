// The rows the renderer sees (leads, history, callbacks, dispositions), as the contract carries them.
import { z } from 'zod';
import { dispositionSchema } from '../domain/dispositions';
import {
  callbackNoteSchema,
  callbackScopeSchema,
  callbackStateSchema,
  dispositionCodeSchema,
  durationSecondsSchema,
  e164Schema,
  idSchema,
  instantSchema,
  leadStatusSchema,
  noteTextSchema,
  syncStateSchema,
} from './wire-types';

/**
 * A lead as the cache shows it: the server's row with pending local writes replayed on top.
 * Columns of public.leads; instants ISO (src/domain's Lead has them in epoch ms).
 */
export const leadSchema = z.object({
  id: idSchema,
  name: z.string().min(1).max(200),
  email: z.string().nullable(),
  /** As typed or imported; `phone_e164` is what is dialled. */
  phone: z.string().max(40).nullable(),
  phone_e164: e164Schema,
  company: z.string().nullable(),
  status: leadStatusSchema,
  source: z.string().nullable(),
  assigned_to: idSchema.nullable(),
  /** IANA zone; null means unknown, and the lead is not dialled until it is set. */
  time_zone: z.string().min(1).nullable(),
  country: z
    .string()
    .regex(/^[A-Z]{2}$/)
    .nullable(),
  priority: z.number().int().min(0).max(9),
  attempts: z.number().int().nonnegative(),
  last_contact_at: instantSchema.nullable(),
  recycle_at: instantSchema.nullable(),
  callback_due_at: instantSchema.nullable(),
  do_not_call: z.boolean(),
  /** The domain's `consent_withdrawn` is `consent === 'withdrawn'`. */
  consent: z.enum(['unknown', 'granted', 'withdrawn']),
  created_at: instantSchema,
  updated_at: instantSchema,
  version: z.number().int().positive(),
  /** Outbox entries on this lead not yet accepted by the server. */
  pending_writes: z.number().int().nonnegative(),
});
export type WireLead = z.infer<typeof leadSchema>;

/** One entry of a lead's history (public.interactions). */
export const interactionSchema = z.object({
  id: idSchema,
  lead_id: idSchema,
  type: z.enum(['call', 'email', 'meeting', 'note']),
  content: noteTextSchema,
  /** Set on calls (interactions_call_disposition_check). */
  disposition: dispositionCodeSchema.nullable(),
  duration_seconds: durationSecondsSchema.nullable(),
  occurred_at: instantSchema,
  created_by: idSchema.nullable(),
  sync_state: syncStateSchema,
});
export type WireInteraction = z.infer<typeof interactionSchema>;

/** A promise to call a lead again (public.callbacks). */
export const callbackSchema = z.object({
  id: idSchema,
  lead_id: idSchema,
  owner_id: idSchema.nullable(),
  scope: callbackScopeSchema,
  due_at: instantSchema,
  state: callbackStateSchema,
  note: callbackNoteSchema,
  created_at: instantSchema,
  closed_at: instantSchema.nullable(),
  sync_state: syncStateSchema,
});
export type WireCallback = z.infer<typeof callbackSchema>;

/** A callback with what a list or a reminder shows without opening the lead. */
export const callbackWithLeadSchema = callbackSchema.extend({
  lead_name: z.string(),
  /** Due times are shown on the lead's clock when it is known. */
  lead_time_zone: z.string().nullable(),
});
export type WireCallbackWithLead = z.infer<typeof callbackWithLeadSchema>;

/**
 * The domain's disposition (so the renderer can preview applyDisposition) plus what the
 * workstation shows: the one-key hotkey and the description. Absent flags, not nulls.
 */
export const wireDispositionSchema = dispositionSchema.extend({
  description: z.string(),
  hotkey: z
    .string()
    .regex(/^[0-9A-Z]$/)
    .nullable(),
});
export type WireDisposition = z.infer<typeof wireDispositionSchema>;
