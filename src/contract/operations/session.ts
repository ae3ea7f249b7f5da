// Signing in and out, and who is signed in; the token stays in the core and never crosses.
import { z } from 'zod';
import { idSchema, instantSchema, noArgsSchema, roleSchema } from '../wire-types';
import type { OperationGroup } from './spec';

export const sessionUserSchema = z.strictObject({
  id: idSchema,
  email: z.string(),
  full_name: z.string(),
  role: roleSchema,
});

/**
 * Strict objects: a state carrying anything more (an access or refresh token) is refused on both
 * sides, so a token cannot reach the renderer by accident.
 */
export const sessionStateSchema = z.discriminatedUnion('status', [
  z.strictObject({ status: z.literal('signed_out') }),
  z.strictObject({
    status: z.literal('signed_in'),
    user: sessionUserSchema,
    signed_in_at: instantSchema,
  }),
  /**
   * The password was right and the person has a verified authenticator: nothing of theirs opens (no
   * cache, no sync, no presence) until session:verify-second-factor accepts its code.
   */
  z.strictObject({
    status: z.literal('second_factor'),
    user: sessionUserSchema,
    factor_id: idSchema,
  }),
  /** The server refused to refresh the session: local work goes on, syncing waits for a sign-in as the same user. */
  z.strictObject({
    status: z.literal('expired'),
    user: sessionUserSchema,
    signed_in_at: instantSchema,
  }),
]);
export type SessionState = z.infer<typeof sessionStateSchema>;

export const signInArgsSchema = z.strictObject({
  email: z.email().max(320),
  password: z.string().min(1).max(1024),
});

export const sessionOperations = {
  /**
   * Answers SIGN_IN_FAILED (wrong email or password), SIGN_IN_RATE_LIMITED (too many attempts: wait),
   * OFFLINE, the signed-in state, or second_factor when the person's authenticator must confirm first.
   */
  'session:sign-in': { args: signInArgsSchema, result: sessionStateSchema },
  /**
   * After a sign-in answered second_factor: the code the person's authenticator shows now. Answers the
   * signed-in state (the session at aal2), MFA_CODE_WRONG (the prompt stays), NOT_SIGNED_IN (no sign-in
   * waits for a code) or OFFLINE. session:sign-out abandons the waiting sign-in.
   */
  'session:verify-second-factor': {
    args: z.strictObject({ code: z.string().regex(/^\d{6}$/) }),
    result: sessionStateSchema,
  },
  /** Pending writes stay in the outbox for the same user's next sign-in. */
  'session:sign-out': { args: noArgsSchema, result: sessionStateSchema },
  'session:state': { args: noArgsSchema, result: sessionStateSchema },
} as const satisfies OperationGroup;
