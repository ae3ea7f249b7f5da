import type { IncomingMessage } from 'node:http';
import { decodeJwt, decodeProtectedHeader } from 'jose';
import { requestToken } from '../../http.js';
import { JwtError, verifiedClaims, verifyJwt, type JwtClaims } from '../../jwt.js';
import { fail, ok, restError, type RestError, type Result } from '../errors.js';

// PostgREST's answers for a token it cannot use (Error.hs JwtError), with its WWW-Authenticate header.
function jwtError(
  code: 'PGRST301' | 'PGRST303',
  message: string,
  details: string | null = null,
): RestError {
  return restError(401, code, message, details, null, {
    'www-authenticate': `Bearer error="invalid_token", error_description=${JSON.stringify(message)}`,
  });
}

const NO_KEY = (): RestError =>
  jwtError(
    'PGRST301',
    'No suitable key or wrong key type',
    'None of the keys was able to decode the JWT',
  );

function classify(error: JwtError): RestError {
  if (error.reason === 'expired') return jwtError('PGRST303', 'JWT expired');
  const message = error.message;
  if (/"nbf"/.test(message)) return jwtError('PGRST303', 'JWT not yet valid');
  if (/signature/i.test(message)) return NO_KEY();
  if (/claims set|payload/i.test(message)) return jwtError('PGRST303', 'Parsing claims failed');
  return jwtError('PGRST301', 'JWT cryptographic operation failed');
}

/**
 * The request's claims: from the bearer token, else the apikey header, else anonymous. Failures answer
 * as PostgREST does (401 with PGRST301/PGRST303), before anything about the request is looked at.
 */
export async function authenticate(
  req: IncomingMessage,
  secret: string,
): Promise<Result<JwtClaims>> {
  // HTTP strips trailing spaces, so PostgREST's `Bearer ` with an empty token arrives as a bare `Bearer`.
  const bareBearer = /^bearer\s*$/i.test(req.headers.authorization ?? '');
  const token = bareBearer ? '' : requestToken(req);
  if (token === undefined) return ok({ role: 'anon' });
  if (token === '') return fail(jwtError('PGRST301', 'Empty JWT is sent in Authorization header'));
  // A token verified before passed every check below; only its expiry needs checking again.
  const known = verifiedClaims(token, secret);
  if (known) return ok(known);
  const parts = token.split('.').length;
  if (parts !== 3) return fail(jwtError('PGRST301', `Expected 3 parts in JWT; got ${parts}`));
  let alg: unknown;
  try {
    alg = decodeProtectedHeader(token).alg;
  } catch (_error) {
    return fail(jwtError('PGRST301', 'JWT cryptographic operation failed'));
  }
  if (alg === 'none') {
    return fail(
      jwtError(
        'PGRST301',
        'Wrong or unsupported encoding algorithm',
        "JWT is unsecured but expected 'alg' was not 'none'",
      ),
    );
  }
  if (alg !== 'HS256') return fail(NO_KEY());
  try {
    return ok(await verifyJwt(token, secret));
  } catch (error) {
    if (!(error instanceof JwtError)) throw error;
    // verifyJwt checks the role after the signature; PostgREST gives a token without one the anonymous role.
    if (error.message === 'JWT has no role claim') return ok({ ...decodeJwt(token), role: 'anon' });
    return fail(classify(error));
  }
}
