import { z } from 'zod';
import { sendJson } from '../http.js';
import { validateEmail, validatePhone } from './addresses.js';
import type { AuthCall } from './auth-call.js';
import { requireUser } from './authenticate.js';
import { AuthError, badRequest, forbidden, unprocessable } from './errors.js';
import { issueEmailChange, requestedRedirect, sendLinkMail } from './auth-mail.js';
import { hasVerifiedFactor } from './mfa-factors.js';
import { checkSendFrequency } from './one-time-tokens.js';
import { hashPassword, passwordStrengthError, verifyPassword } from './password.js';
import { readJsonBody } from './request-body.js';
import { endSessions } from './sessions.js';
import { userJson } from './user-json.js';
import { emailTaken, findUserById, phoneTaken } from './user-queries.js';
import { mergeUserMetadata, setAddress, setPasswordHash } from './user-writes.js';

const UserUpdateBody = z.object({
  email: z.string().nullish(),
  phone: z.string().nullish(),
  password: z.string().nullish(),
  data: z.record(z.string(), z.unknown()).nullish(),
  app_metadata: z.record(z.string(), z.unknown()).nullish(),
});

/** GET /user: the signed-in user, provided the token's session still exists (GoTrue checks it here). */
export async function getUserEndpoint(call: AuthCall): Promise<void> {
  const { claims, user } = await requireUser(call);
  const tokenAudience = Array.isArray(claims.aud) ? claims.aud[0] : claims.aud;
  const requested = call.req.headers['x-jwt-aud'];
  if (
    !tokenAudience ||
    (typeof requested === 'string' && requested !== '' && requested !== tokenAudience)
  ) {
    throw badRequest('validation_failed', "Token audience doesn't match request audience");
  }
  sendJson(call.res, 200, userJson(user));
}

/**
 * PUT /user: email, phone, password and user_metadata (`data`, merged key by key; null deletes a key).
 * A new phone applies at once; so does a new email under autoconfirm (enable_confirmations off), and with
 * confirmations on it is mailed for confirmation instead (to both addresses with double_confirm_changes)
 * and applies at /verify type email_change, as GoTrue does. A new password signs out the user's other
 * sessions. With a verified MFA factor, the email and password change only from an aal2 session.
 */
export async function updateUserEndpoint(call: AuthCall): Promise<void> {
  const { user, sessionId, claims } = await requireUser(call);
  const body = await readJsonBody(call.req, UserUpdateBody);
  const email = body.email ? validateEmail(body.email) : undefined;
  const phone = body.phone ? validatePhone(body.phone) : undefined;
  const password = body.password ?? undefined;
  if (password !== undefined) {
    const weak = passwordStrengthError(password);
    if (weak) throw weak;
  }
  if (body.app_metadata) {
    throw forbidden('not_admin', 'Updating app_metadata requires admin privileges');
  }
  const { db } = call.ctx;
  // A stolen aal1 session of someone with MFA must not take over the account.
  if (
    (password !== undefined || email !== undefined) &&
    claims.aal !== 'aal2' &&
    (await hasVerifiedFactor(db, user.id))
  ) {
    throw new AuthError(
      401,
      'insufficient_aal',
      'AAL2 session is required to update email or password when MFA is enabled.',
    );
  }
  const newEmail = email !== undefined && email !== user.email ? email : undefined;
  const newPhone = phone !== undefined && phone !== user.phone ? phone : undefined;
  if (newEmail && (await emailTaken(db, newEmail, user.id))) {
    throw unprocessable(
      'email_exists',
      'A user with this email address has already been registered',
    );
  }
  if (newPhone && (await phoneTaken(db, newPhone, user.id))) {
    throw unprocessable(
      'phone_exists',
      'A user with this phone number has already been registered',
    );
  }
  let passwordHash: string | undefined;
  if (password) {
    if (await verifyPassword(password, user.encrypted_password)) {
      throw unprocessable(
        'same_password',
        'New password should be different from the old password.',
      );
    }
    passwordHash = await hashPassword(password);
  }

  const mailChange = newEmail !== undefined && call.settings.emailConfirmations;
  if (mailChange) {
    await checkSendFrequency(
      db,
      user.id,
      'email_change_new',
      call.settings.emailMaxFrequencySeconds,
    );
  }
  const redirectTo = requestedRedirect(call);
  let changeMails: Awaited<ReturnType<typeof issueEmailChange>> = [];
  const updated = await db.transaction(async (tx) => {
    if (newEmail && mailChange)
      changeMails = await issueEmailChange(call, tx, user, newEmail, redirectTo);
    if (passwordHash) {
      await setPasswordHash(tx, user.id, passwordHash);
      await endSessions(tx, sessionId ? 'others' : 'global', user.id, sessionId);
    }
    if (body.data) await mergeUserMetadata(tx, user.id, body.data);
    if (newEmail && !mailChange) await setAddress(tx, user.id, 'email', newEmail, true);
    if (newPhone) await setAddress(tx, user.id, 'phone', newPhone, true);
    return findUserById(tx, user.id);
  });
  // Sent once the change is stored: a link never points at a token that was rolled back.
  for (const link of changeMails) sendLinkMail(call, link.to, link);
  sendJson(call.res, 200, userJson(updated ?? user));
}
