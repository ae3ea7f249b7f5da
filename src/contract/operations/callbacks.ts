// Callbacks: promising to call a lead again at a time, keeping or cancelling the promise, and the list of them.
import { z } from 'zod';
import { callbackSchema, callbackWithLeadSchema, leadSchema } from '../records';
import {
  callbackNoteSchema,
  callbackScopeSchema,
  callbackStateSchema,
  idSchema,
  instantSchema,
} from '../wire-types';
import type { OperationGroup } from './spec';

export const scheduleCallbackArgsSchema = z.strictObject({
  lead_id: idSchema,
  due_at: instantSchema,
  scope: callbackScopeSchema.default('personal'),
  note: callbackNoteSchema.default(''),
});

export const completeCallbackArgsSchema = z.strictObject({
  callback_id: idSchema,
  /** done: the call was made; cancelled: the promise no longer stands. */
  state: z.enum(['done', 'cancelled']).default('done'),
});

export const listCallbacksArgsSchema = z.strictObject({
  states: z.array(callbackStateSchema).min(1).default(['pending']),
  /** Only callbacks due before this instant (e.g. the end of today on the telecaller's clock). */
  due_before: instantSchema.optional(),
  lead_id: idSchema.optional(),
  limit: z.number().int().min(1).max(500).default(100),
});

export const callbacksOperations = {
  /** CALLBACK_IN_PAST, LEAD_NOT_FOUND, STATUS_MOVE_NOT_ALLOWED (a closed lead gets no callbacks). */
  'callbacks:schedule': {
    args: scheduleCallbackArgsSchema,
    result: z.object({ callback: callbackSchema, lead: leadSchema }),
  },
  /** CALLBACK_NOT_FOUND; completing an already closed callback answers it unchanged. */
  'callbacks:complete': {
    args: completeCallbackArgsSchema,
    result: z.object({ callback: callbackSchema }),
  },
  /** Soonest due first. */
  'callbacks:list': {
    args: listCallbacksArgsSchema,
    result: z.object({ callbacks: z.array(callbackWithLeadSchema) }),
  },
} as const satisfies OperationGroup;
