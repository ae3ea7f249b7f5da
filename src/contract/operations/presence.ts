// The telecaller's presence on the floor board (DESIGN.md section 1).
import { z } from 'zod';
import {
  CHOSEN_PRESENCE_STATES,
  idSchema,
  instantSchema,
  noArgsSchema,
  presenceStateSchema,
} from '../wire-types';
import type { OperationGroup } from './spec';

/** The presence:changed event and the answer of presence:state and presence:set. */
export const presenceSchema = z.object({
  state: presenceStateSchema,
  since: instantSchema,
  /** The lead being called or wrapped up; null in the other states. */
  lead_id: idSchema.nullable(),
  /** Why the person paused (break, training); null in the other states. */
  pause_reason: z.string().max(200).nullable(),
});
export type Presence = z.infer<typeof presenceSchema>;

export const setPresenceArgsSchema = z
  .strictObject({
    state: z.enum(CHOSEN_PRESENCE_STATES),
    lead_id: idSchema.optional(),
    pause_reason: z.string().trim().min(1).max(200).optional(),
  })
  .refine(
    (args) => args.lead_id === undefined || args.state === 'on_call' || args.state === 'wrap_up',
    { message: 'Only a call or its wrap-up is about a lead.', path: ['lead_id'] },
  )
  .refine((args) => args.pause_reason === undefined || args.state === 'paused', {
    message: 'Only a pause has a reason.',
    path: ['pause_reason'],
  });

export const presenceOperations = {
  /** offline_syncing is not chosen: the core shows it while the server is unreachable. */
  'presence:set': { args: setPresenceArgsSchema, result: presenceSchema },
  'presence:state': { args: noArgsSchema, result: presenceSchema },
} as const satisfies OperationGroup;
