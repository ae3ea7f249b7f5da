import type { IncomingMessage } from 'node:http';
import { verifyJwt, type JwtClaims } from '../jwt.js';
import { storageErrors } from './errors.js';

/** Who is asking: the verified token's claims, or anon when a route lets an unauthenticated caller through. */
export interface Caller {
  claims: JwtClaims;
  authenticated: boolean;
}

const ANONYMOUS: Caller = { claims: { role: 'anon' }, authenticated: false };

/** storage-api reads only the Authorization header (not apikey); a bad token is AccessDenied unless `optional`. */
export async function callerOf(
  req: IncomingMessage,
  jwtSecret: string,
  mode: 'required' | 'optional' = 'required',
): Promise<Caller> {
  const token = (req.headers.authorization ?? '').replace(/^bearer\s+/i, '').trim();
  try {
    if (!token) throw new Error('Missing authorization header');
    return { claims: await verifyJwt(token, jwtSecret), authenticated: true };
  } catch (error) {
    if (mode === 'optional') return ANONYMOUS;
    throw storageErrors.accessDenied((error as Error).message);
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** storage-api records `sub` as owner_id, and also as owner when it is a UUID. */
export function ownerOf(caller: Caller): { owner: string | null; ownerId: string | null } {
  const sub = typeof caller.claims.sub === 'string' ? caller.claims.sub : null;
  return { owner: sub && UUID.test(sub) ? sub : null, ownerId: sub };
}
