import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { sendJson } from '../http.js';
import { validateEmail, validatePhone } from './addresses.js';
import { clientMeta, enforceEmailRateLimit, enforceRateLimit, type AuthCall } from './auth-call.js';
import { issueLink, requestedRedirect, sendLinkMail } from './auth-mail.js';
import { sessionResponse } from './access-token.js';
import { checkSignupsAllowed } from './email-otp.js';
import { AuthError, badRequest, unprocessable } from './errors.js';
import { hashPassword, passwordStrengthError } from './password.js';
import { readJsonBody } from './request-body.js';
import { sessionAmr, startSession } from './sessions.js';
import { userJson } from './user-json.js';
import { findUserByEmail, findUserById, findUserByPhone } from './user-queries.js';
import { confirmEmail, confirmPhone, insertUser } from './user-writes.js';

const SignupBody = z.object({
  email: z.string().nullish(),
  phone: z.string().nullish(),
  password: z.string().nullish(),
  data: z.record(z.string(), z.unknown()).nullish(),
});

const USER_EXISTS = 'User already registered';

/** PostgreSQL's unique_violation: a concurrent sign-up took the address first. */
function isUniqueViolation(error: unknown): boolean {
  return (error as { code?: unknown })?.code === '23505';
}

/**
 * POST /signup with email or phone and a password. With confirmations off (the Supabase CLI's default)
 * the user is confirmed at once and signed in; with [auth.email] enable_confirmations an email sign-up
 * gets a confirmation mail instead. A taken address answers 422 user_already_exists.
 */
export async function signupEndpoint(call: AuthCall): Promise<void> {
  const body = await readJsonBody(call.req, SignupBody);
  if (!body.email && !body.phone) {
    throw unprocessable('anonymous_provider_disabled', 'Anonymous sign-ins are disabled');
  }
  enforceRateLimit(call, 'signInOrSignUp');
  const password = body.password ?? '';
  if (!password) throw badRequest('validation_failed', 'Signup requires a valid password');
  const weak = passwordStrengthError(password);
  if (weak) throw weak;
  if (body.email && body.phone) {
    throw badRequest(
      'validation_failed',
      'Only an email address or phone number should be provided on signup.',
    );
  }
  if (body.email) checkSignupsAllowed(call);
  else if (!call.settings.signupEnabled) {
    throw unprocessable('signup_disabled', 'Signups not allowed for this instance');
  }
  const provider = body.email ? 'email' : 'phone';
  const email = body.email ? validateEmail(body.email) : undefined;
  const phone = body.phone ? validatePhone(body.phone) : undefined;
  const { db, config } = call.ctx;
  const existing = email
    ? await findUserByEmail(db, email)
    : await findUserByPhone(db, phone ?? '');
  if (existing) throw unprocessable('user_already_exists', USER_EXISTS);

  const userId = randomUUID();
  const data = body.data ?? {};
  const passwordHash = await hashPassword(password);
  const meta = clientMeta(call);
  const confirmByMail = email !== undefined && call.settings.emailConfirmations;
  if (confirmByMail) enforceEmailRateLimit(call);
  const created = await db
    .transaction(async (tx) => {
      await insertUser(tx, {
        id: userId,
        email,
        phone,
        passwordHash,
        role: 'authenticated',
        appMetadata: { provider, providers: [provider] },
        userMetadata: data,
        emailConfirmed: false,
        phoneConfirmed: false,
        identityExtra: data,
      });
      if (confirmByMail) {
        const link = await issueLink(
          call,
          tx,
          { id: userId, email },
          'signup',
          requestedRedirect(call),
        );
        return { kind: 'unconfirmed' as const, link, user: await findUserById(tx, userId) };
      }
      if (email) await confirmEmail(tx, userId);
      else await confirmPhone(tx, userId);
      const { sessionId, refreshToken } = await startSession(tx, userId, 'password', meta);
      const user = await findUserById(tx, userId);
      if (!user) throw new Error(`user ${userId} vanished inside its own sign-up transaction`);
      return {
        kind: 'signed-in' as const,
        user,
        sessionId,
        refreshToken,
        amr: await sessionAmr(tx, sessionId),
      };
    })
    .catch((error: unknown) => {
      if (isUniqueViolation(error)) throw unprocessable('user_already_exists', USER_EXISTS);
      // GoTrue's answer when the insert fails, typically a project trigger on auth.users raising.
      process.stderr.write(
        `auth: sign-up insert failed: ${(error as Error)?.message ?? String(error)}\n`,
      );
      throw new AuthError(500, 'unexpected_failure', 'Database error saving new user');
    });
  if (created.kind === 'unconfirmed') {
    // With [auth.email] enable_confirmations GoTrue answers the user alone; the session comes from the mailed link.
    if (!created.user)
      throw new Error(`user ${userId} vanished inside its own sign-up transaction`);
    sendLinkMail(call, email ?? '', created.link);
    sendJson(call.res, 200, userJson(created.user));
    return;
  }
  sendJson(
    call.res,
    200,
    await sessionResponse(
      config,
      created.user,
      created.sessionId,
      created.refreshToken,
      created.amr,
    ),
  );
}
