// The scalar shapes every operation and event shares, with the same limits as the database checks.
import { z } from 'zod';
import { CALLBACK_NOTE_MAX_CHARS, MAX_CALL_SECONDS, NOTE_MAX_CHARS } from '../domain/limits';
import { LEAD_STATUSES, type EpochMs } from '../domain/lead';
import type { QueueReason } from '../domain/queue';

/**
 * Row ids. Format-only (any 8-4-4-4-12 hex), like Postgres' uuid type: the seed's ids are not
 * RFC 4122 v4, so zod's strict z.uuid() would refuse real rows.
 */
export const idSchema = z.guid();

/**
 * Instants cross the contract as ISO 8601 strings with an offset (`2026-11-24T10:00:00.000Z`, or
 * Postgres' `+00:00` form); the domain works in epoch ms, so the core converts at this edge.
 */
export const instantSchema = z.iso.datetime({ offset: true });

export function toWireInstant(at: EpochMs): string {
  return new Date(at).toISOString();
}

export function fromWireInstant(iso: string): EpochMs {
  return Date.parse(iso);
}

/** What normalisePhone gives and leads_phone_e164_check accepts. */
export const e164Schema = z
  .string()
  .regex(/^\+[1-9][0-9]{6,14}$/, 'Use the international form, e.g. +919876543210.');

/** The dispositions_code_check of the database. */
export const dispositionCodeSchema = z
  .string()
  .regex(/^[A-Z][A-Z0-9_]{0,15}$/, 'Codes are short upper-case words like NA or SALE.');

export const leadStatusSchema = z.enum(LEAD_STATUSES);

export const ROLES = ['admin', 'manager', 'telecaller', 'user'] as const;
export const roleSchema = z.enum(ROLES);

export { CALLBACK_NOTE_MAX_CHARS, NOTE_MAX_CHARS };
export const noteTextSchema = z.string().max(NOTE_MAX_CHARS);
export const callbackNoteSchema = z.string().max(CALLBACK_NOTE_MAX_CHARS);
export const durationSecondsSchema = z.number().int().min(0).max(MAX_CALL_SECONDS);

export const QUEUE_REASONS = [
  'callback_overdue',
  'callback_due',
  'new',
  'recycled',
] as const satisfies readonly QueueReason[];
// Fails to compile if src/domain/queue.ts gains a reason this list lacks.
type MissingQueueReason = Exclude<QueueReason, (typeof QUEUE_REASONS)[number]>;
const _everyQueueReason: [MissingQueueReason] extends [never] ? true : MissingQueueReason = true;
void _everyQueueReason;
export const queueReasonSchema = z.enum(QUEUE_REASONS);

/** DESIGN.md section 1: the floor board's states. */
export const PRESENCE_STATES = [
  'ready',
  'on_call',
  'wrap_up',
  'paused',
  'offline_syncing',
] as const;
export const presenceStateSchema = z.enum(PRESENCE_STATES);
export type PresenceState = z.infer<typeof presenceStateSchema>;

/** The states a person chooses; offline_syncing is the core's to set when the server is unreachable. */
export const CHOSEN_PRESENCE_STATES = [
  'ready',
  'on_call',
  'wrap_up',
  'paused',
] as const satisfies readonly PresenceState[];

export const callbackScopeSchema = z.enum(['personal', 'anyone']);
export const callbackStateSchema = z.enum(['pending', 'done', 'cancelled', 'missed']);

/** Whether a row is confirmed by the server or still waits in the outbox. */
export const syncStateSchema = z.enum(['synced', 'pending']);

/** An operation without arguments; strict, so a misspelt argument is refused instead of ignored. */
export const noArgsSchema = z.strictObject({});
