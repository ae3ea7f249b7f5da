// The three changes an admin makes to people. Profile changes go through the caller's own token, so the
// database's rules (profiles_guard_update, profiles_require_aal2) decide and the audit log names the
// admin; only Auth's admin API (invite, app_metadata, ban) gets the service key.
import { ApiFailure } from '../_shared/api-response.ts';
import type { Caller } from './caller.ts';
import {
  call,
  databaseRefusal,
  field,
  upstreamFailure,
  type Upstream,
  type UpstreamAnswer,
} from '../_shared/upstream.ts';

export const ROLES = ['telecaller', 'manager', 'admin', 'user'] as const;
export type Role = (typeof ROLES)[number];

/** Long enough to mean "until reactivated"; GoTrue takes a Go duration. */
const BAN_UNTIL_REACTIVATED = '876000h';

export interface Person {
  id: string;
  email: string | null;
  full_name: string;
  role: Role;
  is_active: boolean;
}

const PERSON_COLUMNS = 'id,email,full_name,role,is_active';

/** PATCHes one profile as the caller; the row as it is now, or the refusal the database gave. */
async function updateProfile(
  upstream: Upstream,
  caller: Caller,
  id: string,
  changes: Record<string, unknown>,
): Promise<Person> {
  if (id === caller.id) {
    throw new ApiFailure('CANNOT_CHANGE_SELF', 'Nobody can change their own role or activity.');
  }
  const answer = await call(
    upstream,
    'PATCH',
    `/rest/v1/profiles?id=eq.${encodeURIComponent(id)}&select=${PERSON_COLUMNS}`,
    caller.token,
    changes,
    { prefer: 'return=representation' },
  );
  if (answer.status === 200 && Array.isArray(answer.body)) {
    const row = answer.body[0] as Person | undefined;
    if (!row) throw new ApiFailure('USER_NOT_FOUND', `Nobody has the id ${id}.`);
    return row;
  }
  // The database's seat check (profiles_require_free_seat) names the seats in its message.
  throw (
    databaseRefusal(answer, ['SEAT_LIMIT_REACHED']) ?? upstreamFailure('change the profile', answer)
  );
}

/** Roles that take one of the team's seats (private.takes_seat in the team_seat_limits migration). */
const SEAT_ROLES: readonly Role[] = ['telecaller', 'manager'];

/**
 * Refuses an invitation that could not take a seat before Auth mails anyone. Only a first look: two
 * invitations racing for the last seat both pass it, and the database's check, under its lock, decides.
 */
async function requireFreeSeat(upstream: Upstream, caller: Caller, role: Role): Promise<void> {
  if (!SEAT_ROLES.includes(role)) return;
  const usage = await call(upstream, 'POST', '/rest/v1/rpc/seat_usage', caller.token, {});
  const row: unknown = Array.isArray(usage.body) ? usage.body[0] : undefined;
  const used = field(row, 'seats_used');
  const bought = field(row, 'seats_bought');
  if (usage.status !== 200 || typeof used !== 'number') {
    throw upstreamFailure('read the seats', usage);
  }
  if (typeof bought === 'number' && used >= bought) {
    throw new ApiFailure(
      'SEAT_LIMIT_REACHED',
      `All seats are taken: ${used} of ${bought} in use. Buy more seats or deactivate a telecaller or manager first.`,
    );
  }
}

/** Auth's own record of the person: the role tokens carry (app_metadata) and the ban. */
async function updateAuthUser(
  upstream: Upstream,
  id: string,
  changes: Record<string, unknown>,
): Promise<UpstreamAnswer> {
  const answer = await call(
    upstream,
    'PUT',
    `/auth/v1/admin/users/${encodeURIComponent(id)}`,
    upstream.serviceKey,
    changes,
  );
  if (answer.status !== 200) throw upstreamFailure('update the sign-in account', answer);
  return answer;
}

async function deleteAuthUser(upstream: Upstream, id: string): Promise<void> {
  const answer = await call(
    upstream,
    'DELETE',
    `/auth/v1/admin/users/${encodeURIComponent(id)}`,
    upstream.serviceKey,
  );
  if (answer.status !== 200 && answer.status !== 204) {
    throw upstreamFailure('withdraw the invitation', answer);
  }
}

export async function invitePerson(
  upstream: Upstream,
  caller: Caller,
  input: { email: string; full_name: string; role: Role; redirect_to?: string },
): Promise<Person> {
  await requireFreeSeat(upstream, caller, input.role);
  const query = input.redirect_to ? `?redirect_to=${encodeURIComponent(input.redirect_to)}` : '';
  const invited = await call(upstream, 'POST', `/auth/v1/invite${query}`, upstream.serviceKey, {
    email: input.email,
    data: { full_name: input.full_name },
  });
  if (invited.status === 422 && field(invited.body, 'error_code') === 'email_exists') {
    throw new ApiFailure('EMAIL_EXISTS', `${input.email} already has an account.`);
  }
  if (invited.status === 429) {
    throw new ApiFailure(
      'INVITE_TOO_SOON',
      `An invitation to ${input.email} was just sent: wait a moment before sending it again.`,
    );
  }
  if (invited.status === 422 || invited.status === 400) {
    const message = field(invited.body, 'msg') ?? field(invited.body, 'message');
    throw new ApiFailure('INVALID_REQUEST', String(message ?? 'Auth refused the invitation.'));
  }
  const id = field(invited.body, 'id');
  if (invited.status !== 200 || typeof id !== 'string') {
    throw upstreamFailure('send the invitation', invited);
  }
  let person: Person;
  try {
    person = await updateProfile(upstream, caller, id, {
      role: input.role,
      full_name: input.full_name,
    });
  } catch (error) {
    // The last seat went to a concurrent invitation: the account just made goes, so nobody is left
    // half-invited (the mailed link then leads nowhere).
    if (error instanceof ApiFailure && error.code === 'SEAT_LIMIT_REACHED') {
      // Logged, not thrown: the seat refusal is what the admin must see; a leftover account takes no seat.
      await deleteAuthUser(upstream, id).catch((failure: unknown) =>
        console.error(`withdrawing the invitation of ${id} failed`, failure),
      );
    }
    throw error;
  }
  await updateAuthUser(upstream, id, { app_metadata: { role: input.role } });
  const recorded = await call(
    upstream,
    'POST',
    '/rest/v1/rpc/record_person_invited',
    caller.token,
    {
      p_person: id,
    },
  );
  if (recorded.status >= 300) throw upstreamFailure('record the invitation', recorded);
  return person;
}

export async function setRole(
  upstream: Upstream,
  caller: Caller,
  input: { user_id: string; role: Role },
): Promise<Person> {
  const person = await updateProfile(upstream, caller, input.user_id, { role: input.role });
  await updateAuthUser(upstream, input.user_id, { app_metadata: { role: input.role } });
  return person;
}

/** Deactivated: profiles.is_active false (no new leads) and banned in Auth (no sign-in, no refresh). */
export async function setActive(
  upstream: Upstream,
  caller: Caller,
  input: { user_id: string; active: boolean },
): Promise<Person> {
  const person = await updateProfile(upstream, caller, input.user_id, { is_active: input.active });
  await updateAuthUser(upstream, input.user_id, {
    ban_duration: input.active ? 'none' : BAN_UNTIL_REACTIVATED,
  });
  return person;
}
