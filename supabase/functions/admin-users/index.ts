// admin-users: what managing people needs the service key for (inviting, the role tokens carry,
// banning), for an active admin at aal2 only. The service key comes from the function's environment and
// never leaves it. POST { action: 'invite' | 'set-role' | 'set-active', ... }; answers the envelope.
import { Refusal, refused, success } from './answer.ts';
import { requireAdminAtAal2 } from './caller.ts';
import { invitePerson, setActive, setRole } from './people.ts';
import { readPeopleRequest } from './request-body.ts';
import { upstreamFromEnv } from './upstream.ts';

const upstream = upstreamFromEnv();

async function handle(request: Request): Promise<Response> {
  if (request.method !== 'POST') {
    throw new Refusal('INVALID_REQUEST', 'admin-users takes POST with a JSON body.');
  }
  // The caller first: nobody learns anything about the body's validity without being an admin at aal2.
  const caller = await requireAdminAtAal2(upstream, request);
  const body = await readPeopleRequest(request);
  switch (body.action) {
    case 'invite':
      return success(await invitePerson(upstream, caller, body));
    case 'set-role':
      return success(await setRole(upstream, caller, body));
    case 'set-active':
      return success(await setActive(upstream, caller, body));
  }
}

Deno.serve(async (request: Request) => {
  try {
    return await handle(request);
  } catch (error) {
    if (error instanceof Refusal) return refused(error);
    // Never a stack trace to the caller; the log keeps it.
    console.error('admin-users:', error);
    return refused(new Refusal('UPSTREAM_FAILED', 'The server could not manage people just now.'));
  }
});
