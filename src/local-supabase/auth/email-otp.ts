import { z } from 'zod';
import { sendJson } from '../http.js';
import { validateEmail } from './addresses.js';
import { enforceEmailRateLimit, enforceRateLimit, type AuthCall } from './auth-call.js';
import { issueLink, requestedRedirect, sendLinkMail, slotOf, type LinkType } from './auth-mail.js';
import { badRequest, unprocessable } from './errors.js';
import { createInvitedUser } from './invite.js';
import { checkSendFrequency } from './one-time-tokens.js';
import { readJsonBody } from './request-body.js';
import type { UserRow } from './user-json.js';
import { findUserByEmail } from './user-queries.js';

const RecoverBody = z.object({ email: z.string().nullish() });

const ResendBody = z.object({ email: z.string().nullish(), type: z.string().nullish() });

const OtpBody = z.object({
  email: z.string().nullish(),
  phone: z.string().nullish(),
  data: z.record(z.string(), z.unknown()).nullish(),
  create_user: z.boolean().nullish(),
});

/** Issues the link and code for `type` to an existing user, within max_frequency and the hourly mail limit. */
async function mailLink(
  call: AuthCall,
  user: { id: string; email: string },
  type: LinkType,
  redirectTo: string,
): Promise<void> {
  const { db } = call.ctx;
  await checkSendFrequency(db, user.id, slotOf(type), call.settings.emailMaxFrequencySeconds);
  enforceEmailRateLimit(call);
  const link = await db.transaction((tx) => issueLink(call, tx, user, type, redirectTo));
  sendLinkMail(call, user.email, link);
}

/** POST /recover: mails a password-recovery link and code. An unknown address gets the same 200, as in GoTrue. */
export async function recoverEndpoint(call: AuthCall): Promise<void> {
  const body = await readJsonBody(call.req, RecoverBody);
  const email = validateEmail(body.email ?? '');
  const user = await findUserByEmail(call.ctx.db, email);
  if (user) await mailLink(call, { id: user.id, email }, 'recovery', requestedRedirect(call));
  sendJson(call.res, 200, {});
}

/** GoTrue's sign-up switches: [auth] enable_signup, then [auth.email] enable_signup. */
export function checkSignupsAllowed(call: AuthCall): void {
  if (!call.settings.signupEnabled) {
    throw unprocessable('signup_disabled', 'Signups not allowed for this instance');
  }
  if (!call.settings.emailSignupEnabled) {
    throw unprocessable('email_provider_disabled', 'Email signups are disabled');
  }
}

/**
 * POST /otp: mails a one-time code (otp_length digits) and a link. A confirmed user gets a magic link, a new
 * or unconfirmed one a sign-up confirmation; a new user is created only when create_user allows it.
 */
export async function otpEndpoint(call: AuthCall): Promise<void> {
  const body = await readJsonBody(call.req, OtpBody);
  if (body.phone) throw unprocessable('phone_provider_disabled', 'Unsupported phone provider');
  if (!body.email) throw badRequest('validation_failed', 'An email address is required');
  enforceRateLimit(call, 'signInOrSignUp');
  const email = validateEmail(body.email);
  const { db } = call.ctx;
  let user: Pick<UserRow, 'id' | 'email_confirmed_at'> | undefined = await findUserByEmail(
    db,
    email,
  );
  if (!user) {
    if (body.create_user === false) {
      throw unprocessable('otp_disabled', 'Signups not allowed for otp');
    }
    checkSignupsAllowed(call);
    const id = await db.transaction((tx) => createInvitedUser(tx, email, body.data ?? {}));
    user = { id, email_confirmed_at: null };
  }
  const type: LinkType = user.email_confirmed_at ? 'magiclink' : 'signup';
  await mailLink(call, { id: user.id, email }, type, requestedRedirect(call));
  sendJson(call.res, 200, {});
}

/**
 * POST /resend (auth.resend) for type signup: mails an unconfirmed user's confirmation link again. An
 * unknown or already confirmed address gets the same 200 with no mail, so the answer reveals nothing.
 */
export async function resendEndpoint(call: AuthCall): Promise<void> {
  const body = await readJsonBody(call.req, ResendBody);
  if (body.type !== 'signup') {
    throw badRequest(
      'validation_failed',
      'Only type signup can be resent: there is no email change or SMS here',
    );
  }
  const email = validateEmail(body.email ?? '');
  const user = await findUserByEmail(call.ctx.db, email);
  if (user && !user.email_confirmed_at) {
    await mailLink(call, { id: user.id, email }, 'signup', requestedRedirect(call));
  }
  sendJson(call.res, 200, {});
}
