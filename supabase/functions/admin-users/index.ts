// admin-users: what managing people needs the service key for (inviting, the role tokens carry,
// banning), for an active admin at aal2 only. The service key comes from the function's environment and
// never leaves it. POST { action: 'invite' | 'set-role' | 'set-active', ... }; answers the envelope.
import { ApiFailure, success } from '../_shared/api-response.ts';
import { served } from '../_shared/request-log.ts';
import { requireAdminAtAal2 } from './caller.ts';
import { invitePerson, setActive, setRole } from './people.ts';
import { readPeopleRequest } from './request-body.ts';
import { upstreamFromEnv } from './upstream.ts';

const upstream = upstreamFromEnv();

Deno.serve(
  served('admin-users', async (request, party) => {
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
    }
  }),
);
