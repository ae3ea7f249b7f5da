// Liveness of the Edge Functions runtime, for the workstation's `doctor` and for monitoring.
// No remote imports: it must boot offline, on the embedded stack and on a Supabase project alike.
import { jwtClaims } from '../_shared/jwt-claims.ts';

/** The role claim of the caller's JWT. The platform has already verified the token (verify_jwt), so it is only decoded here. */
function callerRole(request: Request): string | null {
  const token = request.headers.get('authorization')?.replace(/^Bearer\s+/i, '') ?? '';
  const role = jwtClaims(token)?.role;
  return typeof role === 'string' ? role : null;
}

Deno.serve((request: Request) =>
  Response.json({
    status: 'ok',
    time: new Date().toISOString(),
    region: Deno.env.get('SB_REGION') ?? 'local',
    role: callerRole(request),
  }),
);
