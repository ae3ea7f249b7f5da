// people:*: the admin's people screen (DESIGN.md §9). Online only. The list and the audit are read
// through RLS (admins see everyone and the audit log); changes go through the admin-users Edge Function,
// which needs an active admin at aal2 and answers NOT_ADMIN, AAL2_REQUIRED, USER_NOT_FOUND, EMAIL_EXISTS,
// CANNOT_CHANGE_SELF, SEAT_LIMIT_REACHED or FORBIDDEN, passed through with their codes.
import { z } from 'zod';
import { idSchema, instantSchema, noArgsSchema, roleSchema } from '../wire-types';
import { sessionStateSchema } from './session';
import type { OperationGroup } from './spec';

/** A person as a change answers them. */
export const changedPersonSchema = z.object({
  id: idSchema,
  email: z.string().nullable(),
  full_name: z.string(),
  role: roleSchema,
  is_active: z.boolean(),
});
export type ChangedPerson = z.infer<typeof changedPersonSchema>;

/** A person as the list shows them, with what Auth knows of their sign-ins. */
export const personSchema = changedPersonSchema.extend({
  last_sign_in_at: instantSchema.nullable(),
  /** Invited and not yet accepted (no sign-in with the mailed link yet). */
  invitation_pending: z.boolean(),
  /** Has a verified authenticator (TOTP), so their sign-in asks for its code. */
  has_second_factor: z.boolean(),
});
export type Person = z.infer<typeof personSchema>;

export const PEOPLE_AUDIT_ACTIONS = [
  'role_changed',
  'person_invited',
  'person_deactivated',
  'person_reactivated',
  'mfa_reset',
] as const;

export const peopleAuditEntrySchema = z.object({
  id: z.number().int(),
  occurred_at: instantSchema,
  /** Null for changes nobody signed in made (Auth's service role, the seed). */
  actor_id: idSchema.nullable(),
  actor_role: z.string(),
  action: z.enum(PEOPLE_AUDIT_ACTIONS),
  person_id: idSchema,
  old_value: z.record(z.string(), z.unknown()).nullable(),
  new_value: z.record(z.string(), z.unknown()).nullable(),
});
export type PeopleAuditEntry = z.infer<typeof peopleAuditEntrySchema>;

/**
 * The team's seats (seat_usage(), migration team_seat_limits): active telecallers and managers in them,
 * and the seats bought; bought is null when the project never bought seats, which means unlimited.
 * used may exceed bought after a refund: nobody is deactivated, nobody new takes a seat.
 */
export const seatUsageSchema = z.object({
  used: z.number().int().min(0),
  bought: z.number().int().min(0).nullable(),
});
export type SeatUsage = z.infer<typeof seatUsageSchema>;

/** What people:reset-mfa did; factors_removed 0: the person had no authenticator and nothing changed. */
export const mfaResetSchema = z.object({
  user_id: idSchema,
  factors_removed: z.number().int().min(0),
  /** Their sessions ended, each with its refresh tokens: every device must sign in again. */
  sessions_ended: z.number().int().min(0),
});
export type MfaReset = z.infer<typeof mfaResetSchema>;

export const inviteArgsSchema = z.strictObject({
  email: z.email().max(320),
  full_name: z.string().trim().min(1).max(200),
  role: roleSchema,
});

export const acceptInviteArgsSchema = z.strictObject({
  email: z.email().max(320),
  /** The six-digit code in the invitation mail. */
  code: z.string().regex(/^\d{6}$/),
  /** The password the invited person chooses; Auth's rules (minimum length) decide. */
  password: z.string().min(1).max(1024),
});

export const peopleOperations = {
  /** Everyone the caller may see (admins: everyone), by name. */
  'people:list': { args: noArgsSchema, result: z.object({ people: z.array(personSchema) }) },
  /** Seats in use and bought, for managers and admins (FORBIDDEN for others). */
  'people:seats': { args: noArgsSchema, result: seatUsageSchema },
  /**
   * Mails an invitation; the person appears at once with their role and signs in through the mail.
   * SEAT_LIMIT_REACHED when a telecaller or manager would take a seat beyond those bought.
   */
  'people:invite': { args: inviteArgsSchema, result: changedPersonSchema },
  'people:set-role': {
    args: z.strictObject({ user_id: idSchema, role: roleSchema }),
    result: changedPersonSchema,
  },
  /** Deactivated people cannot sign in or refresh a session, and get no new leads. */
  'people:set-active': {
    args: z.strictObject({ user_id: idSchema, active: z.boolean() }),
    result: changedPersonSchema,
  },
  /**
   * Removes the person's authenticator (they lost it) and signs them out everywhere; they sign in with
   * the password only and should enrol again. CANNOT_CHANGE_SELF for one's own.
   */
  'people:reset-mfa': { args: z.strictObject({ user_id: idSchema }), result: mfaResetSchema },
  /**
   * The invited person, signed out, enters the mailed code and a password: then they are signed in as
   * session:sign-in signs in. INVITE_CODE_WRONG for a wrong or used code.
   */
  'session:accept-invite': { args: acceptInviteArgsSchema, result: sessionStateSchema },
  /** The newest audit entries about people (roles, invitations, activity), newest first. */
  'people:audit': {
    args: z.strictObject({ limit: z.number().int().min(1).max(200).default(50) }),
    result: z.object({ entries: z.array(peopleAuditEntrySchema) }),
  },
} as const satisfies OperationGroup;
