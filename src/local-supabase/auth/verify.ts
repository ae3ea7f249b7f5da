import { z } from 'zod';
import type { SqlClient } from '../db/index.js';
import { sendJson } from '../http.js';
import { validateEmail } from './addresses.js';
import { clientMeta, enforceRateLimit, type AuthCall } from './auth-call.js';
import { sessionResponse } from './access-token.js';
import { allowedRedirect } from './auth-mail.js';
import { AuthError, badRequest, forbidden, unprocessable } from './errors.js';
import { consumeToken, findUserByToken, tokenHash, type TokenSlot } from './one-time-tokens.js';
import { readJsonBody } from './request-body.js';
import { sessionAmr, startSession } from './sessions.js';
import type { UserRow } from './user-json.js';
import { emailTaken, findUserById } from './user-queries.js';
import { confirmEmail, setAddress } from './user-writes.js';

const VerifyBody = z.object({
  type: z.string().nullish(),
  token: z.string().nullish(),
  token_hash: z.string().nullish(),
  email: z.string().nullish(),
  phone: z.string().nullish(),
  redirect_to: z.string().nullish(),
});

/** Which token slots each verify type may consume; "email" is the code of signInWithOtp, either kind. */
const SLOTS: Record<string, TokenSlot[]> = {
  signup: ['confirmation'],
  invite: ['confirmation'],
  email: ['confirmation', 'recovery'],
  magiclink: ['recovery'],
  recovery: ['recovery'],
  email_change: ['email_change_current', 'email_change_new'],
};

/** GoTrue's answer when one side of a secure email change is confirmed and the other is still due. */
const OTHER_SIDE_DUE =
  'Confirmation link accepted. Please proceed to confirm link sent to the other email';

const EXPIRED = 'Token has expired or is invalid';

interface Verified {
  user: UserRow;
  sessionId: string;
  refreshToken: string;
  amr: Awaited<ReturnType<typeof sessionAmr>>;
}

/**
 * One side of an email change confirmed: the change applies once no other side is due (GoTrue's
 * emailChangeVerify); false while the other address has still to confirm.
 */
async function confirmEmailChange(tx: SqlClient, user: UserRow): Promise<boolean> {
  const due = await tx.query(
    `select 1 from auth.users where id = $1 and (email_change_token_new <> '' or email_change_token_current <> '')`,
    [user.id],
  );
  if (due.rows.length > 0) {
    await tx.query(`update auth.users set email_change_confirm_status = 1 where id = $1`, [
      user.id,
    ]);
    return false;
  }
  const newEmail = user.email_change ?? '';
  if (await emailTaken(tx, newEmail, user.id)) {
    throw unprocessable(
      'email_exists',
      'A user with this email address has already been registered',
    );
  }
  await setAddress(tx, user.id, 'email', newEmail, true);
  await tx.query(
    `update auth.users set email_change = '', email_change_sent_at = null, email_change_confirm_status = 0
      where id = $1`,
    [user.id],
  );
  return true;
}

/**
 * Consumes the token, confirms the address it went to, and starts a session (amr "otp", as GoTrue records
 * it); 'other-side-due' when it confirmed one side of a secure email change.
 */
async function verifyToken(
  call: AuthCall,
  type: string,
  hash: string,
): Promise<Verified | 'other-side-due'> {
  const slots = SLOTS[type];
  if (!slots) throw badRequest('validation_failed', `Verify requires a valid type, got "${type}"`);
  enforceRateLimit(call, 'tokenVerification');
  const meta = clientMeta(call);
  return call.ctx.db.transaction(async (tx: SqlClient) => {
    for (const slot of slots) {
      const user = await findUserByToken(tx, slot, hash, call.settings.otpExpirySeconds);
      if (!user) continue;
      if (user.is_banned === 'true') throw forbidden('user_banned', 'User is banned');
      await consumeToken(tx, user.id, slot);
      if (type === 'email_change') {
        if (!(await confirmEmailChange(tx, user))) return 'other-side-due';
      } else if (!user.email_confirmed_at) await confirmEmail(tx, user.id);
      const { sessionId, refreshToken } = await startSession(tx, user.id, 'otp', meta);
      const signedIn = (await findUserById(tx, user.id)) ?? user;
      return { user: signedIn, sessionId, refreshToken, amr: await sessionAmr(tx, sessionId) };
    }
    throw forbidden('otp_expired', EXPIRED);
  });
}

/** The token's hash from token_hash, from an emailed code plus its address, or (links) from token alone. */
function hashOf(body: z.infer<typeof VerifyBody>): string {
  if (body.token_hash) return body.token_hash;
  if (!body.token)
    throw badRequest('validation_failed', 'Verify requires either a token or a token hash');
  if (body.phone) throw badRequest('validation_failed', 'Phone verification is not enabled');
  return body.email ? tokenHash(validateEmail(body.email), body.token) : body.token;
}

/** POST /verify: a token (with its email) or a token_hash, answered with a session, as verifyOtp expects. */
export async function verifyPostEndpoint(call: AuthCall): Promise<void> {
  const body = await readJsonBody(call.req, VerifyBody);
  if (!body.type) throw badRequest('validation_failed', 'Verify requires a verification type');
  const verified = await verifyToken(call, body.type, hashOf(body));
  if (verified === 'other-side-due') {
    sendJson(call.res, 200, { msg: OTHER_SIDE_DUE });
    return;
  }
  const session = await sessionResponse(
    call.ctx.config,
    verified.user,
    verified.sessionId,
    verified.refreshToken,
    verified.amr,
  );
  sendJson(call.res, 200, session);
}

function redirect(call: AuthCall, to: string, fragment: Record<string, string>): void {
  const params = new URLSearchParams(fragment);
  call.res.writeHead(303, { location: `${to.split('#')[0]}#${params.toString()}` }).end();
}

/**
 * GET /verify?token=&type=&redirect_to=: the link in a mail. Redirects to redirect_to (or site_url) with
 * the session in the URL fragment, or with error, error_code and error_description there, as GoTrue does.
 */
export async function verifyGetEndpoint(call: AuthCall): Promise<void> {
  const type = call.query.get('type') ?? '';
  const hash = call.query.get('token') ?? '';
  const to = allowedRedirect(call, call.query.get('redirect_to'));
  let verified: Verified | 'other-side-due';
  try {
    verified = await verifyToken(call, type, hash);
  } catch (error) {
    if (!(error instanceof AuthError)) throw error;
    redirect(call, to, {
      error: error.status === 429 ? 'too_many_requests' : 'access_denied',
      error_code: error.code,
      error_description:
        error.code === 'otp_expired' ? 'Email link is invalid or has expired' : error.message,
    });
    return;
  }
  if (verified === 'other-side-due') {
    redirect(call, to, { message: OTHER_SIDE_DUE });
    return;
  }
  const session = await sessionResponse(
    call.ctx.config,
    verified.user,
    verified.sessionId,
    verified.refreshToken,
    verified.amr,
  );
  redirect(call, to, {
    access_token: String(session.access_token),
    expires_at: String(session.expires_at),
    expires_in: String(session.expires_in),
    refresh_token: String(session.refresh_token),
    token_type: 'bearer',
    type,
  });
}
