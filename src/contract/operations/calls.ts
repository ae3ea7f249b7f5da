// What a telecaller records on a lead: a call with its disposition and notes, a free note, and the codes to pick from.
import { z } from 'zod';
import { callbackSchema, interactionSchema, leadSchema, wireDispositionSchema } from '../records';
import {
  callbackNoteSchema,
  callbackScopeSchema,
  dispositionCodeSchema,
  durationSecondsSchema,
  idSchema,
  instantSchema,
  noArgsSchema,
  noteTextSchema,
} from '../wire-types';
import type { OperationGroup } from './spec';

/** A callback promised during the call; required by callback dispositions, refused by the others. */
export const callPromiseSchema = z.strictObject({
  due_at: instantSchema,
  scope: callbackScopeSchema.default('personal'),
  note: callbackNoteSchema.default(''),
});

export const logCallArgsSchema = z.strictObject({
  lead_id: idSchema,
  disposition: dispositionCodeSchema,
  notes: noteTextSchema.default(''),
  /** Talk time when the workstation timed the call; absent when logged by hand. */
  duration_seconds: durationSecondsSchema.optional(),
  callback: callPromiseSchema.optional(),
});

/** Where the lead went in the queue (src/domain/dispositions.ts QueueFate, instants ISO). */
export const queueFateSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('leaves_queue'), because: z.enum(['final', 'max_attempts']) }),
  z.object({ kind: z.literal('callback'), due_at: instantSchema }),
  z.object({ kind: z.literal('recycle'), at: instantSchema }),
  z.object({ kind: z.literal('recycle_now') }),
]);

export const logCallResultSchema = z.object({
  interaction: interactionSchema,
  lead: leadSchema,
  callback: callbackSchema.nullable(),
  /** The lead's callbacks that were due and that this call answered: closed as done with it. */
  kept_callbacks: z.array(callbackSchema),
  fate: queueFateSchema,
});

export const addNoteArgsSchema = z.strictObject({
  lead_id: idSchema,
  content: noteTextSchema.trim().min(1, 'A note needs some text.'),
});

export const callsOperations = {
  /**
   * Committed locally (and queued for the server) before it answers. Answers LEAD_NOT_FOUND,
   * DISPOSITION_UNKNOWN, CALLBACK_TIME_REQUIRED, CALLBACK_TIME_NOT_ALLOWED, CALLBACK_IN_PAST,
   * STATUS_MOVE_NOT_ALLOWED.
   */
  'calls:log': { args: logCallArgsSchema, result: logCallResultSchema },
  'notes:add': { args: addNoteArgsSchema, result: z.object({ interaction: interactionSchema }) },
  /** The active codes in display order. */
  'dispositions:list': {
    args: noArgsSchema,
    result: z.object({ dispositions: z.array(wireDispositionSchema) }),
  },
} as const satisfies OperationGroup;
