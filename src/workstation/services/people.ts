// people:*: the admin's people screen. The list and audit are read through RLS with the session's token;
// changes go to the admin-users Edge Function, which holds the service key and decides who may.
import { z } from 'zod';
import {
  changedPersonSchema,
  mfaResetSchema,
  PEOPLE_AUDIT_ACTIONS,
  peopleAuditEntrySchema,
  personSchema,
  seatUsageSchema,
  type ChangedPerson,
} from '../../contract/operations/people.js';
import { instantSchema } from '../../contract/wire-types.js';
import { failure, isFailure, type Failure } from '../../domain/failure.js';
import { invokeFunction } from './function-call.js';
import { authFailure } from './mfa.js';
import { onlineCall, onlineRead, serverFailure, unreadable } from './online-call.js';
import type { FeatureHandlers, ServiceContext } from './service-context.js';
import { sessionHandlers } from './session.js';

const ADMIN_USERS_FUNCTION = 'admin-users';

const signInsSchema = z.array(
  z.object({
    id: z.guid(),
    last_sign_in_at: instantSchema.nullable(),
    invited_at: instantSchema.nullable(),
    email_confirmed_at: instantSchema.nullable(),
    has_second_factor: z.boolean(),
  }),
);

/** seat_usage() answers one row; the contract names its columns used and bought. */
const seatRowsSchema = z
  .tuple([z.object({ seats_used: z.number().int(), seats_bought: z.number().int().nullable() })])
  .transform(([row]) => ({ used: row.seats_used, bought: row.seats_bought }))
  .pipe(seatUsageSchema);

/** A change through admin-users: the changed person, or the function's refusal with its code. */
function invokeAdminUsers(
  context: ServiceContext,
  body: Record<string, unknown>,
): Promise<ChangedPerson | Failure> {
  return invokeFunction(context, ADMIN_USERS_FUNCTION, body, changedPersonSchema, 'the change');
}

type PeopleOperation =
  | 'people:list'
  | 'people:seats'
  | 'people:invite'
  | 'people:set-role'
  | 'people:set-active'
  | 'people:reset-mfa'
  | 'people:audit'
  | 'session:accept-invite';

export function peopleHandlers(context: ServiceContext): FeatureHandlers<PeopleOperation> {
  const client = context.workstation.session.client;
  // Accepting ends in an ordinary sign-in (cache, presence, sync), done the one way it is done.
  const signIn = sessionHandlers(context)['session:sign-in'];

  return {
    'people:list': async () => {
      const profiles = await onlineCall(context, (signal) =>
        client
          .from('profiles')
          .select('id, email, full_name, role, is_active')
          .order('full_name')
          .order('email')
          .abortSignal(signal),
      );
      if (!profiles.ok) return profiles;
      if (profiles.error !== null) return serverFailure('read the people', profiles.error);
      const times = await onlineRead(
        context,
        signInsSchema,
        'read the sign-ins',
        'the sign-ins',
        (signal) => client.rpc('people_sign_ins').abortSignal(signal),
      );
      if (isFailure(times)) return times;
      const byId = new Map(times.map((row) => [row.id, row]));
      const people = z.array(personSchema).safeParse(
        (profiles.data ?? []).map((profile) => {
          const auth = byId.get(profile.id);
          return {
            ...profile,
            last_sign_in_at: auth?.last_sign_in_at ?? null,
            invitation_pending: Boolean(auth?.invited_at) && !auth?.email_confirmed_at,
            has_second_factor: auth?.has_second_factor ?? false,
          };
        }),
      );
      return people.success
        ? { people: people.data }
        : unreadable('the people', people.error.issues);
    },
    'people:seats': () =>
      onlineRead(context, seatRowsSchema, 'read the seats', 'the seats', (signal) =>
        client.rpc('seat_usage').abortSignal(signal),
      ),
    'people:invite': (args) => invokeAdminUsers(context, { action: 'invite', ...args }),
    'people:set-role': (args) => invokeAdminUsers(context, { action: 'set-role', ...args }),
    'people:set-active': (args) => invokeAdminUsers(context, { action: 'set-active', ...args }),
    'people:reset-mfa': (args) =>
      invokeFunction(
        context,
        ADMIN_USERS_FUNCTION,
        { action: 'reset-mfa', ...args },
        mfaResetSchema,
        'the reset',
      ),
    'session:accept-invite': async ({ email, code, password }) => {
      // The code's session goes through the session client's storage, which holds a signed-in person's tokens.
      if (context.workstation.session.state().status === 'signed_in') {
        return failure('INVALID_REQUEST', 'Sign out before accepting an invitation.');
      }
      const verified = await client.auth.verifyOtp({ email, token: code, type: 'invite' });
      if (verified.error) {
        return verified.error.code === 'otp_expired'
          ? failure(
              'INVITE_CODE_WRONG',
              'That invitation code is wrong or was used already: check the mail, or ask an admin to invite you again.',
            )
          : authFailure('check the invitation code', verified.error);
      }
      const chosen = await client.auth.updateUser({ password });
      // Only the password was wanted from this session; the sign-in below starts the workstation's own.
      await client.auth.signOut({ scope: 'local' });
      if (chosen.error) {
        return chosen.error.code === 'weak_password'
          ? failure('INVALID_REQUEST', chosen.error.message)
          : authFailure('set the password', chosen.error);
      }
      return signIn({ email, password });
    },
    'people:audit': async ({ limit }) => {
      const entries = await onlineRead(
        context,
        z.array(peopleAuditEntrySchema),
        'read the audit log',
        'the audit log',
        (signal) =>
          client
            .from('audit_log')
            .select(
              'id, occurred_at, actor_id, actor_role, action, person_id:entity_id, old_value, new_value',
            )
            .eq('entity', 'profiles')
            .in('action', [...PEOPLE_AUDIT_ACTIONS])
            .order('id', { ascending: false })
            .limit(limit)
            .abortSignal(signal),
      );
      return isFailure(entries) ? entries : { entries };
    },
  };
}
