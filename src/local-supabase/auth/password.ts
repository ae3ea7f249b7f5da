import bcrypt from 'bcryptjs';
import { AuthError, badRequest } from './errors.js';

/** GoTrue's bcrypt cost (Go's bcrypt.DefaultCost). */
const BCRYPT_COST = 10;
/** bcrypt reads only 72 bytes; GoTrue refuses longer passwords rather than silently truncating them. */
const MAX_PASSWORD_BYTES = 72;
/** The Supabase CLI's default minimum_password_length. */
export const MIN_PASSWORD_LENGTH = 6;

/**
 * A bcrypt hash as GoTrue and pgcrypto write it. bcryptjs writes `$2b$`; the algorithm is the same,
 * and `$2a$` keeps the hashes checkable with pgcrypto's crypt() in SQL.
 */
export async function hashPassword(password: string): Promise<string> {
  const hash = await bcrypt.hash(password, BCRYPT_COST);
  return hash.replace(/^\$2b\$/, '$2a$');
}

// Compared against when no user matches, so an unknown email costs as much time as a wrong password.
let decoyHash: Promise<string> | undefined;

/** True when `password` matches the stored bcrypt hash; a missing or malformed hash never matches. */
export async function verifyPassword(
  password: string,
  hash: string | null | undefined,
): Promise<boolean> {
  if (!hash || !/^\$2[abxy]\$\d\d\$/.test(hash)) {
    decoyHash ??= bcrypt.hash('talentg-decoy-password', BCRYPT_COST);
    await bcrypt.compare(password, await decoyHash);
    return false;
  }
  return bcrypt.compare(password, hash);
}

/** GoTrue's strength check (checkPasswordStrength): a 400 for over-long passwords, a 422 weak_password for short ones. */
export function passwordStrengthError(password: string): AuthError | undefined {
  const bytes = Buffer.byteLength(password, 'utf8');
  if (bytes > MAX_PASSWORD_BYTES) {
    return badRequest(
      'validation_failed',
      `Password cannot be longer than ${MAX_PASSWORD_BYTES} characters`,
    );
  }
  if (bytes < MIN_PASSWORD_LENGTH) {
    return new AuthError(
      422,
      'weak_password',
      `Password should be at least ${MIN_PASSWORD_LENGTH} characters.`,
      ['length'],
    );
  }
  return undefined;
}
