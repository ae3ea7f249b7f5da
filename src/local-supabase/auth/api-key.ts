import type { IncomingMessage, ServerResponse } from 'node:http';
import { sendJson } from '../http.js';
import { JwtError, verifyJwt } from '../jwt.js';

/** The roles a project API key carries: the gateway lets only these through. */
const API_KEY_ROLES = new Set(['anon', 'service_role']);

/** The gateway reads the key from the `apikey` header or, as Kong's key-auth does, the `apikey` query parameter. */
function apiKeyOf(req: IncomingMessage, query: URLSearchParams): string | undefined {
  const header = req.headers.apikey;
  if (typeof header === 'string' && header.length > 0) return header;
  return query.get('apikey') || undefined;
}

/**
 * The Supabase gateway's check in front of Auth: a request needs the project's anon or service_role key.
 * Answers the hosted gateway's 401 bodies and returns false when the request must stop here.
 */
export async function passesApiKeyCheck(
  req: IncomingMessage,
  res: ServerResponse,
  query: URLSearchParams,
  jwtSecret: string,
): Promise<boolean> {
  const key = apiKeyOf(req, query);
  if (!key) {
    sendJson(res, 401, {
      message: 'No API key found in request',
      hint: 'No `apikey` request header or url param was found.',
    });
    return false;
  }
  try {
    const claims = await verifyJwt(key, jwtSecret);
    if (API_KEY_ROLES.has(claims.role)) return true;
  } catch (error) {
    if (!(error instanceof JwtError)) throw error;
  }
  sendJson(res, 401, {
    message: 'Invalid API key',
    hint: 'Double check your Supabase `anon` or `service_role` API key.',
  });
  return false;
}
