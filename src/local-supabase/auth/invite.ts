import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { SqlClient } from '../db/index.js';
import { sendJson } from '../http.js';
import { validateEmail } from './addresses.js';
import { enforceEmailRateLimit, type AuthCall } from './auth-call.js';
import { issueLink, requestedRedirect, sendLinkMail } from './auth-mail.js';
import { requireAdmin } from './authenticate.js';
import { unprocessable } from './errors.js';
import { checkSendFrequency } from './one-time-tokens.js';
import { readJsonBody } from './request-body.js';
import { userJson, type JsonObject, type UserRow } from './user-json.js';
import { findUserByEmail, findUserById } from './user-queries.js';
import { insertUser, markInvited } from './user-writes.js';

const InviteBody = z.object({
  email: z.string().nullish(),
  data: z.record(z.string(), z.unknown()).nullish(),
});

export const EMAIL_EXISTS = 'A user with this email address has already been registered';

/** An invited user as GoTrue creates one: an email identity, no password until the invite is accepted. */
export async function createInvitedUser(
  tx: SqlClient,
  email: string,
  data: JsonObject,
  passwordHash = '',
): Promise<string> {
  const id = randomUUID();
  await insertUser(tx, {
    id,
    email,
    passwordHash,
    role: 'authenticated',
    appMetadata: { provider: 'email', providers: ['email'] },
    userMetadata: data,
    emailConfirmed: false,
    phoneConfirmed: false,
    identityExtra: data,
  });
  return id;
}

/** The user an invite is for: a confirmed one is refused, an unconfirmed one is invited again. */
export async function inviteTarget(call: AuthCall, email: string): Promise<UserRow | undefined> {
  const existing = await findUserByEmail(call.ctx.db, email);
  if (existing?.email_confirmed_at) throw unprocessable('email_exists', EMAIL_EXISTS);
  return existing;
}

/** POST /invite (service role): creates the user if needed and mails an invite link with its code. */
export async function inviteEndpoint(call: AuthCall): Promise<void> {
  await requireAdmin(call);
  const body = await readJsonBody(call.req, InviteBody);
  const email = validateEmail(body.email ?? '');
  const redirectTo = requestedRedirect(call);
  const existing = await inviteTarget(call, email);
  if (existing) {
    await checkSendFrequency(
      call.ctx.db,
      existing.id,
      'confirmation',
      call.settings.emailMaxFrequencySeconds,
    );
  }
  enforceEmailRateLimit(call);
  const { user, link } = await call.ctx.db.transaction(async (tx) => {
    const id = existing?.id ?? (await createInvitedUser(tx, email, body.data ?? {}));
    await markInvited(tx, id);
    const issued = await issueLink(call, tx, { id, email }, 'invite', redirectTo);
    return { user: await findUserById(tx, id), link: issued };
  });
  if (!user) throw new Error(`invited user ${email} vanished inside its own transaction`);
  sendLinkMail(call, email, link);
  sendJson(call.res, 200, userJson(user));
}
