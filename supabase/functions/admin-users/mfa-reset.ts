// Resetting the second factor of a person who lost their authenticator. The database's
// end_sessions_after_mfa_reset, called with the admin's own token, ends every session of theirs (refresh
// tokens included) and audits mfa_reset naming the admin; then Auth's admin API removes their TOTP
// factors (service key), which alone would only lower their sessions to aal1. They sign in with the
// password only.
import { ApiFailure, type ErrorCode } from '../_shared/api-response.ts';
import type { Caller } from './caller.ts';
import {
  call,
  databaseRefusal,
  field,
  upstreamFailure,
  type Upstream,
} from '../_shared/upstream.ts';

export interface MfaReset {
  user_id: string;
  /** TOTP factors removed; 0 means the person had none and nothing changed. */
  factors_removed: number;
  /** Sessions ended (each with its refresh tokens). */
  sessions_ended: number;
}

/** The database's refusals that keep their code (hint talentg:<CODE>); anything else is unexpected. */
const DATABASE_CODES: readonly ErrorCode[] = [
  'CANNOT_CHANGE_SELF',
  'USER_NOT_FOUND',
  'INVALID_REQUEST',
];

async function totpFactorIds(upstream: Upstream, userId: string): Promise<string[]> {
  const listed = await call(
    upstream,
    'GET',
    `/auth/v1/admin/users/${encodeURIComponent(userId)}/factors`,
    upstream.serviceKey,
  );
  if (listed.status === 404 && field(listed.body, 'error_code') === 'user_not_found') {
    throw new ApiFailure('USER_NOT_FOUND', `Nobody has the id ${userId}.`);
  }
  if (listed.status !== 200 || !Array.isArray(listed.body)) {
    throw upstreamFailure('read the second factors', listed);
  }
  return listed.body
    .filter((factor) => field(factor, 'factor_type') === 'totp')
    .map((factor) => field(factor, 'id'))
    .filter((id): id is string => typeof id === 'string');
}

async function deleteFactor(upstream: Upstream, userId: string, factorId: string): Promise<void> {
  const deleted = await call(
    upstream,
    'DELETE',
    `/auth/v1/admin/users/${encodeURIComponent(userId)}/factors/${encodeURIComponent(factorId)}`,
    upstream.serviceKey,
  );
  // 404: a concurrent reset removed it first, which is what was wanted.
  if (deleted.status !== 200 && deleted.status !== 404) {
    throw upstreamFailure('remove the second factor', deleted);
  }
}

async function endSessions(
  upstream: Upstream,
  caller: Caller,
  userId: string,
  factorsRemoved: number,
): Promise<number> {
  const ended = await call(
    upstream,
    'POST',
    '/rest/v1/rpc/end_sessions_after_mfa_reset',
    caller.token,
    { p_person: userId, p_factors_removed: factorsRemoved },
  );
  if (ended.status === 200 && typeof ended.body === 'number') return ended.body;
  throw (
    databaseRefusal(ended, DATABASE_CODES) ?? upstreamFailure("end the person's sessions", ended)
  );
}

export async function resetSecondFactor(
  upstream: Upstream,
  caller: Caller,
  input: { user_id: string },
): Promise<MfaReset> {
  // The admin's own factor is what their aal2 session stands on; another admin resets it.
  if (input.user_id === caller.id) {
    throw new ApiFailure(
      'CANNOT_CHANGE_SELF',
      'You cannot reset your own authenticator: another admin can, or remove it yourself from a verified session.',
    );
  }
  const factorIds = await totpFactorIds(upstream, input.user_id);
  if (factorIds.length === 0) {
    return { user_id: input.user_id, factors_removed: 0, sessions_ended: 0 };
  }
  // Signed out first (the database also checks the caller is an admin at aal2), then the factors go:
  // if removing one fails, the admin's retry still finds it and does both again, whereas the other
  // order would leave a retry with no factor to find and the old sessions alive at aal1.
  const sessionsEnded = await endSessions(upstream, caller, input.user_id, factorIds.length);
  for (const factorId of factorIds) await deleteFactor(upstream, input.user_id, factorId);
  return {
    user_id: input.user_id,
    factors_removed: factorIds.length,
    sessions_ended: sessionsEnded,
  };
}
