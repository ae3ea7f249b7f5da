// people:*: the admin's people screen. The list and audit are read through RLS with the session's token;
// changes go to the admin-users Edge Function, which holds the service key and decides who may.
import {
  FunctionsHttpError,
  FunctionsRelayError,
  type SupabaseClient,
} from '@supabase/supabase-js';
import { z } from 'zod';
import {
  changedPersonSchema,
  PEOPLE_AUDIT_ACTIONS,
  peopleAuditEntrySchema,
  personSchema,
  type ChangedPerson,
} from '../../contract/operations/people.js';
import { instantSchema } from '../../contract/wire-types.js';
import { isErrorCode } from '../../domain/error-codes.js';
import { failure, isFailure, type Failure } from '../../domain/failure.js';
import { authFailure } from './mfa.js';
import { offline, onlineCall, onlineRead, serverFailure, unreadable } from './online-call.js';
import type { FeatureHandlers, ServiceContext } from './service-context.js';
import { sessionHandlers } from './session.js';

const ADMIN_USERS_FUNCTION = 'admin-users';

const signInsSchema = z.array(
  z.object({
    id: z.guid(),
    last_sign_in_at: instantSchema.nullable(),
    invited_at: instantSchema.nullable(),
    email_confirmed_at: instantSchema.nullable(),
  }),
);

const envelopeSchema = z.union([
  z.object({ success: z.literal(true), data: changedPersonSchema }),
  z.object({
    success: z.literal(false),
    error: z.object({ code: z.string(), message: z.string() }),
  }),
]);

/** The function's answer, refusals keeping their code when the contract knows it. */
async function readFunctionAnswer(body: unknown): Promise<ChangedPerson | Failure> {
  const parsed = envelopeSchema.safeParse(body);
  if (!parsed.success) return unreadable('the change', parsed.error.issues);
  if (parsed.data.success) return parsed.data.data;
  const { code, message } = parsed.data.error;
  return isErrorCode(code) ? failure(code, message) : failure('INTERNAL_ERROR', message, { code });
}

async function invokeAdminUsers(
  context: ServiceContext,
  client: SupabaseClient,
  body: Record<string, unknown>,
): Promise<ChangedPerson | Failure> {
  const token = await context.workstation.session.accessTokenFresh();
  if (!token.ok) return token;
  const { data, error } = await client.functions.invoke(ADMIN_USERS_FUNCTION, {
    body,
    signal: AbortSignal.timeout(context.requestTimeoutMs),
  });
  if (error instanceof FunctionsHttpError) {
    const response = error.context as Response;
    return readFunctionAnswer(await response.json().catch(() => null));
  }
  if (error instanceof FunctionsRelayError) {
    return failure('INTERNAL_ERROR', 'The server could not run the people function.', {
      message: String((error as Error).message),
    });
  }
  if (error) {
    return offline(String((error as Error).message));
  }
  return readFunctionAnswer(data);
}

type PeopleOperation =
  | 'people:list'
  | 'people:invite'
  | 'people:set-role'
  | 'people:set-active'
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
          };
        }),
      );
      return people.success
        ? { people: people.data }
        : unreadable('the people', people.error.issues);
    },
    'people:invite': (args) => invokeAdminUsers(context, client, { action: 'invite', ...args }),
    'people:set-role': (args) => invokeAdminUsers(context, client, { action: 'set-role', ...args }),
    'people:set-active': (args) =>
      invokeAdminUsers(context, client, { action: 'set-active', ...args }),
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
