// admin-users: what managing people needs the service key for (inviting, the role tokens carry,
// banning), for an active admin at aal2 only. The service key comes from the function's environment and
// never leaves it. POST { action: 'invite' | 'set-role' | 'set-active' | 'reset-mfa', ... }; answers the
// envelope.
import { ApiFailure, success } from '../_shared/api-response.ts';
import { bearerToken, jwtClaims } from '../_shared/jwt-claims.ts';
import { callerLimitsFromEnv, spendCallerLimits } from '../_shared/rate-limit.ts';
import { served } from '../_shared/request-log.ts';
import { requireAdminAtAal2 } from './caller.ts';
import { resetSecondFactor } from './mfa-reset.ts';
import { invitePerson, setActive, setRole } from './people.ts';
import { readPeopleRequest } from './request-body.ts';
import { upstreamFromEnv } from '../_shared/upstream.ts';

const upstream = upstreamFromEnv();
// Managing people is a few requests an hour; a script guessing or looping is stopped long before Auth feels it.
const limits = callerLimitsFromEnv('ADMIN_USERS', {
  perAddress: { limit: 300, windowSeconds: 60 },
  perUser: { limit: 120, windowSeconds: 60 },
});

Deno.serve(
  served('admin-users', async (request, party) => {
    // The platform verified the token (verify_jwt), so its subject is who to count; before any other check.
    const subject = jwtClaims(bearerToken(request) ?? '')?.sub;
    if (typeof subject === 'string') party.user = subject;
    await spendCallerLimits(upstream, 'admin-users', party, limits);
    if (request.method !== 'POST') {
      throw new ApiFailure('INVALID_REQUEST', 'admin-users takes POST with a JSON body.');
    }
    // The caller first: nobody learns anything about the body's validity without being an admin at aal2.
    const caller = await requireAdminAtAal2(upstream, request);
    party.user = caller.id;
    const body = await readPeopleRequest(request);
    switch (body.action) {
      case 'invite':
        return success(await invitePerson(upstream, caller, body));
      case 'set-role':
        return success(await setRole(upstream, caller, body));
      case 'set-active':
        return success(await setActive(upstream, caller, body));
      case 'reset-mfa':
        return success(await resetSecondFactor(upstream, caller, body));
    }
  }),
);
