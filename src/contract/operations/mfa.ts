// mfa:*: the second factor (TOTP) of the signed-in person, kept by the core with the session. An admin
// needs aal2 to change people; enrolling shows an otpauth URI (the renderer draws its QR) and a secret.
import { z } from 'zod';
import { idSchema, noArgsSchema } from '../wire-types';
import type { OperationGroup } from './spec';

export const mfaStatusSchema = z.object({
  /** aal2 once a code was verified in this session. */
  level: z.enum(['aal1', 'aal2']),
  /** The verified authenticator, if any: a challenge for it raises the session to aal2. */
  factor_id: idSchema.nullable(),
});
export type MfaStatus = z.infer<typeof mfaStatusSchema>;

export const mfaEnrolmentSchema = z.object({
  factor_id: idSchema,
  /** otpauth://totp/...: what an authenticator app scans. */
  uri: z.string().startsWith('otpauth://'),
  /** The same secret as text (base32), for typing into an app. */
  secret: z.string().regex(/^[A-Z2-7]+=*$/),
});
export type MfaEnrolment = z.infer<typeof mfaEnrolmentSchema>;

export const mfaOperations = {
  'mfa:status': { args: noArgsSchema, result: mfaStatusSchema },
  /** A new authenticator, unverified until mfa:verify (an earlier unverified one is replaced). */
  'mfa:enroll': { args: noArgsSchema, result: mfaEnrolmentSchema },
  /** Checks a code of the factor; on success the session is aal2 (and a new factor verified). MFA_CODE_WRONG otherwise. */
  'mfa:verify': {
    args: z.strictObject({ factor_id: idSchema, code: z.string().regex(/^\d{6}$/) }),
    result: mfaStatusSchema,
  },
} as const satisfies OperationGroup;
