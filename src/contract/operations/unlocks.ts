// unlocks:*: who may take a paid assessment besides its buyers (migration team_seat_limits). Online only.
// The list reads through RLS (admins see every unlock); a grant or its withdrawal goes through the
// database's grant_assessment_unlock and revoke_assessment_unlock, which want an active admin at aal2
// (FORBIDDEN, AAL2_REQUIRED) and audit each change. Managers and admins need no unlock themselves.
import { z } from 'zod';
import { idSchema, instantSchema } from '../wire-types';
import type { OperationGroup } from './spec';

/** A person's standing leave to take one paid assessment: bought through Stripe, or granted by an admin. */
export const unlockSchema = z.object({
  id: idSchema,
  user_id: idSchema,
  assessment_id: idSchema,
  source: z.enum(['purchase', 'grant']),
  /** The admin who granted it; null for a purchase (or an admin since removed). */
  granted_by: idSchema.nullable(),
  created_at: instantSchema,
  /** Set once a refund or an admin took it back. */
  revoked_at: instantSchema.nullable(),
});
export type Unlock = z.infer<typeof unlockSchema>;

export const unlocksOperations = {
  /** Whether the assessment is paid, and the unlocks in force for it (admins: everyone's). */
  'unlocks:list': {
    args: z.strictObject({ assessment_id: idSchema }),
    result: z.object({ paid: z.boolean(), unlocks: z.array(unlockSchema) }),
  },
  /**
   * Lets the person take the paid assessment without buying it, and assigns it to them if it was not.
   * The unlock they already hold when they have one. USER_NOT_FOUND, ASSESSMENT_NOT_FOUND, INVALID_REQUEST
   * for a free assessment.
   */
  'unlocks:grant': {
    args: z.strictObject({ assessment_id: idSchema, user_id: idSchema }),
    result: unlockSchema,
  },
  /** Takes back an admin's grant; UNLOCK_NOT_FOUND, INVALID_REQUEST for a bought one (refund it instead). */
  'unlocks:revoke': {
    args: z.strictObject({ unlock_id: idSchema }),
    result: unlockSchema,
  },
} as const satisfies OperationGroup;
