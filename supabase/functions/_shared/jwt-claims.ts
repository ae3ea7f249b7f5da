// The claims of a JWT the platform has already verified (verify_jwt): only decoded here, never checked.

/** The payload of `token` as an object, or undefined when it is not a JWT with a JSON object payload. */
export function jwtClaims(token: string): Record<string, unknown> | undefined {
  const payload = token.split('.')[1] ?? '';
  try {
    const claims: unknown = JSON.parse(
      atob(
        payload
          .replace(/-/g, '+')
          .replace(/_/g, '/')
          .padEnd(Math.ceil(payload.length / 4) * 4, '='),
      ),
    );
    return typeof claims === 'object' && claims !== null
      ? (claims as Record<string, unknown>)
      : undefined;
  } catch (_error) {
    return undefined;
  }
}

/** The token of an `Authorization: Bearer <token>` header, or undefined without one. */
export function bearerToken(request: Request): string | undefined {
  return /^Bearer\s+(\S+)$/i.exec(request.headers.get('authorization') ?? '')?.[1];
}
