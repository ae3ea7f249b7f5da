// Liveness of the Edge Functions runtime, for the workstation's `doctor` and for monitoring.
// No remote imports: it must boot offline, on the embedded stack and on a Supabase project alike.

/** The role claim of the caller's JWT. The platform has already verified the token (verify_jwt), so it is only decoded here. */
function callerRole(request: Request): string | null {
  const token = request.headers.get('authorization')?.replace(/^Bearer\s+/i, '') ?? '';
  const payload = token.split('.')[1];
  if (!payload) return null;
  try {
    const json = atob(
      payload
        .replace(/-/g, '+')
        .replace(/_/g, '/')
        .padEnd(Math.ceil(payload.length / 4) * 4, '='),
    );
    const role = (JSON.parse(json) as { role?: unknown }).role;
    return typeof role === 'string' ? role : null;
  } catch (_error) {
    return null;
  }
}

Deno.serve((request: Request) =>
  Response.json({
    status: 'ok',
    time: new Date().toISOString(),
    region: Deno.env.get('SB_REGION') ?? 'local',
    role: callerRole(request),
  }),
);
