// floor:calling-hours and floor:set-calling-hours: when the floor may call, judged on each lead's own clock.
// Everyone reads the hours from the cache (offline too: the last known ones); managers and admins set
// them online, and the database decides who may (a telecaller's call is FORBIDDEN).
import { z } from 'zod';
import { callingWindowSchema } from '../../domain/calling-window';
import { instantSchema } from '../wire-types';
import type { OperationGroup } from './spec';

export const callingHoursSchema = z.object({
  window: callingWindowSchema,
  /** "09:00–21:00 Mon–Sat", as the queue explains "callable now". */
  text: z.string().min(1),
  /** When a manager last changed them; null before this workstation first read them (the default holds). */
  updated_at: instantSchema.nullable(),
});
export type CallingHoursView = z.infer<typeof callingHoursSchema>;

export const callingHoursOperations = {
  /** The hours the queue and the dial checks judge by. NOT_SIGNED_IN without a user. */
  'floor:calling-hours': {
    args: z.strictObject({}),
    result: callingHoursSchema,
  },
  /**
   * Sets the floor's hours for every workstation (audited), and this one's cache at once. INVALID_REQUEST
   * for hours callingWindowSchema refuses, FORBIDDEN for a telecaller, OFFLINE.
   */
  'floor:set-calling-hours': {
    args: callingWindowSchema.strict(),
    result: callingHoursSchema,
  },
} as const satisfies OperationGroup;
