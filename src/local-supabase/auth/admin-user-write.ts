import { randomBytes, randomUUID } from 'node:crypto';
import { z } from 'zod';
import { sendJson } from '../http.js';
import { validateEmail, validatePhone } from './addresses.js';
import { loadPathUser } from './admin-users.js';
import type { AuthCall } from './auth-call.js';
import { requireAdmin } from './authenticate.js';
import { AuthError, badRequest, unprocessable } from './errors.js';
import { parseGoDuration } from './go-duration.js';
import { hashPassword, passwordStrengthError } from './password.js';
import { readJsonBody } from './request-body.js';
import { endSessions } from './sessions.js';
import { userJson, type JsonObject } from './user-json.js';
import { emailTaken, findUserById, isUuid, phoneTaken } from './user-queries.js';
import {
  confirmEmail,
  confirmPhone,
  insertUser,
  mergeAppMetadata,
  mergeUserMetadata,
  setAddress,
  setBan,
  setPasswordHash,
  setRole,
} from './user-writes.js';

const AdminUserBody = z.object({
  id: z.string().nullish(),
  role: z.string().nullish(),
  email: z.string().nullish(),
  phone: z.string().nullish(),
  password: z.string().nullish(),
  password_hash: z.string().nullish(),
  email_confirm: z.boolean().nullish(),
  phone_confirm: z.boolean().nullish(),
  user_metadata: z.record(z.string(), z.unknown()).nullish(),
  app_metadata: z.record(z.string(), z.unknown()).nullish(),
  ban_duration: z.string().nullish(),
});

type AdminUserBody = z.infer<typeof AdminUserBody>;

const EMAIL_EXISTS = 'A user with this email address has already been registered';
const NIL_UUID = '00000000-0000-0000-0000-000000000000';

/** Seconds to ban for, 0 to lift a ban ("none"), undefined to leave it as it is. */
function banSeconds(body: AdminUserBody): number | undefined {
  if (!body.ban_duration) return undefined;
  if (body.ban_duration === 'none') return 0;
  try {
    return parseGoDuration(body.ban_duration);
  } catch (error) {
    throw badRequest(
      'validation_failed',
      `invalid format for ban duration: ${(error as Error).message}`,
    );
  }
}

async function checkAddressesFree(
  call: AuthCall,
  email?: string,
  phone?: string,
  userId?: string,
): Promise<void> {
  if (email && (await emailTaken(call.ctx.db, email, userId)))
    throw unprocessable('email_exists', EMAIL_EXISTS);
  if (phone && (await phoneTaken(call.ctx.db, phone, userId))) {
    throw unprocessable('phone_exists', 'Phone number already registered by another user');
  }
}

/** The stored hash for a new user: the given bcrypt hash, a hash of the given password, or of a random one. */
async function newPasswordHash(body: AdminUserBody): Promise<string> {
  if (body.password && body.password_hash) {
    throw badRequest('validation_failed', 'Only a password or a password hash should be provided');
  }
  if (body.password_hash) {
    if (!/^\$2[abxy]\$\d\d\$[./A-Za-z0-9]{53}$/.test(body.password_hash)) {
      throw badRequest('validation_failed', 'password_hash must be a bcrypt hash');
    }
    return body.password_hash;
  }
  if (body.password && Buffer.byteLength(body.password) > 72) {
    throw badRequest('validation_failed', 'bcrypt: password length exceeds 72 bytes');
  }
  // GoTrue gives a user created without a password a random one nobody knows.
  return hashPassword(body.password || randomBytes(32).toString('base64url'));
}

function newUserId(body: AdminUserBody): string {
  if (!body.id) return randomUUID();
  if (!isUuid(body.id))
    throw badRequest('validation_failed', 'ID must conform to the uuid v4 format');
  if (body.id === NIL_UUID) throw badRequest('validation_failed', 'ID cannot be a nil uuid');
  return body.id.toLowerCase();
}

/** POST /admin/users: GoTrue's adminUserCreate; email_confirm / phone_confirm mark the addresses confirmed. */
export async function createUserEndpoint(call: AuthCall): Promise<void> {
  await requireAdmin(call);
  const body = await readJsonBody(call.req, AdminUserBody);
  if (!body.email && !body.phone) {
    throw badRequest('validation_failed', 'Cannot create a user without either an email or phone');
  }
  const email = body.email ? validateEmail(body.email) : undefined;
  const phone = body.phone ? validatePhone(body.phone) : undefined;
  await checkAddressesFree(call, email, phone);
  const id = newUserId(body);
  const ban = banSeconds(body);
  const passwordHash = await newPasswordHash(body);
  const providers = [...(email ? ['email'] : []), ...(phone ? ['phone'] : [])];
  const created = await call.ctx.db
    .transaction(async (tx) => {
      await insertUser(tx, {
        id,
        email,
        phone,
        passwordHash,
        role: body.role?.trim() || 'authenticated',
        appMetadata: { provider: providers[0], providers },
        userMetadata: body.user_metadata ?? {},
        emailConfirmed: false,
        phoneConfirmed: false,
      });
      if (body.app_metadata) await mergeAppMetadata(tx, id, body.app_metadata);
      if (body.email_confirm) await confirmEmail(tx, id);
      if (body.phone_confirm) await confirmPhone(tx, id);
      if (ban !== undefined) await setBan(tx, id, ban);
      return findUserById(tx, id);
    })
    .catch((error: unknown) => {
      if ((error as { code?: unknown })?.code === '23505')
        throw unprocessable('email_exists', EMAIL_EXISTS);
      process.stderr.write(
        `auth: admin create failed: ${(error as Error)?.message ?? String(error)}\n`,
      );
      throw new AuthError(500, 'unexpected_failure', 'Database error creating new user');
    });
  if (!created) throw new Error(`user ${id} vanished inside its own create transaction`);
  sendJson(call.res, 200, userJson(created));
}

/** PUT /admin/users/:id: GoTrue's adminUserUpdate; a new password signs the user out everywhere. */
export async function updateUserByIdEndpoint(call: AuthCall): Promise<void> {
  await requireAdmin(call);
  const user = await loadPathUser(call);
  const body = await readJsonBody(call.req, AdminUserBody);
  const email = body.email ? validateEmail(body.email) : undefined;
  const phone = body.phone ? validatePhone(body.phone) : undefined;
  await checkAddressesFree(call, email, phone, user.id);
  const ban = banSeconds(body);
  let passwordHash: string | undefined;
  if (body.password !== undefined && body.password !== null) {
    const weak = passwordStrengthError(body.password);
    if (weak) throw weak;
    passwordHash = await hashPassword(body.password);
  }
  const updated = await call.ctx.db.transaction(async (tx) => {
    if (body.role) await setRole(tx, user.id, body.role);
    if (body.email_confirm) await confirmEmail(tx, user.id);
    if (body.phone_confirm) await confirmPhone(tx, user.id);
    if (passwordHash) {
      await setPasswordHash(tx, user.id, passwordHash);
      await endSessions(tx, 'global', user.id, undefined);
    }
    if (email) await setAddress(tx, user.id, 'email', email, body.email_confirm === true);
    if (phone) await setAddress(tx, user.id, 'phone', phone, body.phone_confirm === true);
    if (body.app_metadata) await mergeAppMetadata(tx, user.id, body.app_metadata as JsonObject);
    if (body.user_metadata) await mergeUserMetadata(tx, user.id, body.user_metadata as JsonObject);
    if (ban !== undefined) await setBan(tx, user.id, ban);
    return findUserById(tx, user.id);
  });
  sendJson(call.res, 200, userJson(updated ?? user));
}
