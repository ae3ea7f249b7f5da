import { z } from 'zod';
import { sendJson } from '../http.js';
import { formatPhone } from './addresses.js';
import { clientMeta, enforceRateLimit, type AuthCall } from './auth-call.js';
import { sessionResponse } from './access-token.js';
import { badRequest } from './errors.js';
import { passwordStrengthError, verifyPassword } from './password.js';
import { readJsonBody } from './request-body.js';
import { exchangeRefreshToken, sessionAmr, startSession } from './sessions.js';
import { findUserByEmail, findUserById, findUserByPhone } from './user-queries.js';

// Go decodes JSON null into a zero value, so every field accepts null as "absent".
const PasswordGrantBody = z.object({
  email: z.string().nullish(),
  phone: z.string().nullish(),
  password: z.string().nullish(),
});

const RefreshGrantBody = z.object({ refresh_token: z.string().nullish() });

const INVALID_LOGIN = 'Invalid login credentials';

async function passwordGrant(call: AuthCall): Promise<void> {
  const body = await readJsonBody(call.req, PasswordGrantBody);
  const email = body.email ?? '';
  const phone = body.phone ?? '';
  const password = body.password ?? '';
  if (email && phone) {
    throw badRequest(
      'validation_failed',
      'Only an email address or phone number should be provided on login.',
    );
  }
  if (!email && !phone) throw badRequest('validation_failed', 'missing email or phone');
  const { db } = call.ctx;
  const user = email
    ? await findUserByEmail(db, email)
    : await findUserByPhone(db, formatPhone(phone));
  if (!user?.encrypted_password) {
    await verifyPassword(password, undefined);
    throw badRequest('invalid_credentials', INVALID_LOGIN);
  }
  if (user.is_banned === 'true') throw badRequest('user_banned', 'User is banned');
  if (!(await verifyPassword(password, user.encrypted_password))) {
    throw badRequest('invalid_credentials', INVALID_LOGIN);
  }
  if (email && !user.email_confirmed_at)
    throw badRequest('email_not_confirmed', 'Email not confirmed');
  if (phone && !user.phone_confirmed_at)
    throw badRequest('phone_not_confirmed', 'Phone not confirmed');

  const weak = passwordStrengthError(password);
  const meta = clientMeta(call);
  const { signedIn, sessionId, refreshToken, amr } = await db.transaction(async (tx) => {
    const started = await startSession(tx, user.id, 'password', meta);
    return {
      ...started,
      signedIn: (await findUserById(tx, user.id)) ?? user,
      amr: await sessionAmr(tx, started.sessionId),
    };
  });
  // GoTrue still signs in with a password that today's rules call weak, and says so.
  const extra =
    weak?.code === 'weak_password'
      ? { weak_password: { message: weak.message, reasons: weak.weakPasswordReasons ?? [] } }
      : {};
  sendJson(
    call.res,
    200,
    await sessionResponse(call.ctx.config, signedIn, sessionId, refreshToken, amr, extra),
  );
}

async function refreshTokenGrant(call: AuthCall): Promise<void> {
  const body = await readJsonBody(call.req, RefreshGrantBody);
  const token = body.refresh_token ?? '';
  if (token.length < 12) throw badRequest('validation_failed', 'Refresh token is not valid');
  const meta = clientMeta(call);
  const { db, config } = call.ctx;
  const outcome = await db.transaction(async (tx) => {
    const exchanged = await exchangeRefreshToken(
      tx,
      token,
      call.settings.refreshTokenReuseSeconds,
      meta,
    );
    return exchanged.kind === 'issued'
      ? { ...exchanged, amr: await sessionAmr(tx, exchanged.sessionId) }
      : exchanged;
  });
  if (outcome.kind === 'reused') {
    throw badRequest('refresh_token_already_used', 'Invalid Refresh Token: Already Used');
  }
  sendJson(
    call.res,
    200,
    await sessionResponse(
      config,
      outcome.user,
      outcome.sessionId,
      outcome.refreshToken,
      outcome.amr,
    ),
  );
}

/** POST /token: the password and refresh_token grants, each counted against its own per-address limit. */
export async function tokenEndpoint(call: AuthCall): Promise<void> {
  const grantType = call.query.get('grant_type');
  if (grantType === 'password') {
    enforceRateLimit(call, 'signInOrSignUp');
    await passwordGrant(call);
  } else if (grantType === 'refresh_token') {
    enforceRateLimit(call, 'tokenRefresh');
    await refreshTokenGrant(call);
  } else {
    throw badRequest('invalid_credentials', 'unsupported_grant_type');
  }
}
