import { z } from 'zod';
import type { SqlClient } from '../db/index.js';
import { sendJson } from '../http.js';
import { validateEmail } from './addresses.js';
import type { AuthCall } from './auth-call.js';
import { issueLink, requestedRedirect, type LinkType } from './auth-mail.js';
import { requireAdmin } from './authenticate.js';
import { AuthError, badRequest, unprocessable } from './errors.js';
import { EMAIL_EXISTS, createInvitedUser, inviteTarget } from './invite.js';
import { hashPassword, passwordStrengthError } from './password.js';
import { readJsonBody } from './request-body.js';
import { userJson } from './user-json.js';
import { findUserByEmail, findUserById } from './user-queries.js';
import { markInvited } from './user-writes.js';

const GenerateLinkBody = z.object({
  type: z.string().nullish(),
  email: z.string().nullish(),
  password: z.string().nullish(),
  data: z.record(z.string(), z.unknown()).nullish(),
  redirect_to: z.string().nullish(),
});

const LINK_TYPES = new Set<string>(['signup', 'invite', 'magiclink', 'recovery']);

/** The user a link is for, created when the link type creates one (signup, invite). */
async function linkUserId(
  call: AuthCall,
  type: LinkType,
  email: string,
  body: z.infer<typeof GenerateLinkBody>,
): Promise<{ id: string; create?: (tx: SqlClient) => Promise<string> }> {
  if (type === 'invite') {
    const existing = await inviteTarget(call, email);
    return existing
      ? { id: existing.id }
      : { id: '', create: (tx) => createInvitedUser(tx, email, body.data ?? {}) };
  }
  const existing = await findUserByEmail(call.ctx.db, email);
  if (type === 'signup') {
    if (existing?.email_confirmed_at) throw unprocessable('email_exists', EMAIL_EXISTS);
    if (existing) return { id: existing.id };
    const password = body.password ?? '';
    if (!password) throw badRequest('validation_failed', 'Password is required for a signup link');
    const weak = passwordStrengthError(password);
    if (weak) throw weak;
    const hash = await hashPassword(password);
    return { id: '', create: (tx) => createInvitedUser(tx, email, body.data ?? {}, hash) };
  }
  if (!existing) throw new AuthError(404, 'user_not_found', 'User with this email not found');
  return { id: existing.id };
}

/**
 * POST /admin/generate_link (service role): the link and code a mail would carry, without sending it.
 * Answers the user with action_link, email_otp, hashed_token, verification_type and redirect_to beside it.
 */
export async function generateLinkEndpoint(call: AuthCall): Promise<void> {
  await requireAdmin(call);
  const body = await readJsonBody(call.req, GenerateLinkBody);
  const type = body.type ?? '';
  if (!LINK_TYPES.has(type)) {
    throw badRequest('validation_failed', `Invalid email action link type requested: ${type}`);
  }
  const linkType = type as LinkType;
  const email = validateEmail(body.email ?? '');
  const redirectTo = requestedRedirect(call, body.redirect_to);
  const target = await linkUserId(call, linkType, email, body);
  const { user, link } = await call.ctx.db.transaction(async (tx) => {
    const id = target.create ? await target.create(tx) : target.id;
    if (linkType === 'invite') await markInvited(tx, id);
    const issued = await issueLink(call, tx, { id, email }, linkType, redirectTo);
    return { user: await findUserById(tx, id), link: issued };
  });
  if (!user) throw new Error(`user ${email} vanished inside its own generate_link transaction`);
  sendJson(call.res, 200, {
    ...userJson(user),
    action_link: link.actionLink,
    email_otp: link.code,
    hashed_token: link.hashedToken,
    verification_type: link.type,
    redirect_to: link.redirectTo,
  });
}
