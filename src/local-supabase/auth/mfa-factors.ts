import { randomUUID } from 'node:crypto';
import { Secret, TOTP } from 'otpauth';
import { renderSVG } from 'uqr';
import { z } from 'zod';
import type { SqlClient } from '../db/index.js';
import { sendJson } from '../http.js';
import type { AuthCall } from './auth-call.js';
import { requireUser } from './authenticate.js';
import { AuthError, badRequest, unprocessable } from './errors.js';
import { readJsonBody } from './request-body.js';
import { isUuid } from './user-queries.js';

export interface FactorRow {
  id: string;
  friendly_name: string;
  factor_type: string;
  status: string;
  secret: string | null;
}

const FACTOR_COLUMNS = `id::text as id, coalesce(friendly_name, '') as friendly_name,
  factor_type::text as factor_type, status::text as status, secret`;

async function userFactors(client: SqlClient, userId: string): Promise<FactorRow[]> {
  const result = await client.query<FactorRow>(
    `select ${FACTOR_COLUMNS} from auth.mfa_factors where user_id = $1 order by created_at`,
    [userId],
  );
  return result.rows;
}

/** Whether the user has a verified factor, which makes aal2 the level their sessions should reach. */
export async function hasVerifiedFactor(client: SqlClient, userId: string): Promise<boolean> {
  const result = await client.query(
    `select 1 from auth.mfa_factors where user_id = $1 and status = 'verified' limit 1`,
    [userId],
  );
  return result.rows.length > 0;
}

/** GoTrue's loadFactor: the :id factor of the signed-in user, else 404 mfa_factor_not_found. */
export async function loadFactor(call: AuthCall, userId: string): Promise<FactorRow> {
  const id = call.params.id ?? '';
  const result = isUuid(id)
    ? await call.ctx.db.query<FactorRow>(
        `select ${FACTOR_COLUMNS} from auth.mfa_factors where id = $1 and user_id = $2`,
        [id, userId],
      )
    : { rows: [] as FactorRow[] };
  const factor = result.rows[0];
  if (!factor) throw new AuthError(404, 'mfa_factor_not_found', 'Factor not found');
  return factor;
}

/** The TOTP every factor uses: RFC 6238 with GoTrue's parameters (SHA-1, 6 digits, 30 s). */
export function factorTotp(secret: string, issuer = '', label = ''): TOTP {
  return new TOTP({
    issuer,
    label,
    secret: Secret.fromBase32(secret),
    algorithm: 'SHA1',
    digits: 6,
    period: 30,
  });
}

const EnrollBody = z.object({
  factor_type: z.string().nullish(),
  friendly_name: z.string().nullish(),
  issuer: z.string().nullish(),
});

/**
 * POST /factors: enrols an unverified TOTP factor and answers its secret, otpauth:// URI and QR code (SVG;
 * supabase-js prefixes the data: URL). A user who has a verified factor must be at aal2 to add another.
 */
export async function enrollFactorEndpoint(call: AuthCall): Promise<void> {
  const { user, claims } = await requireUser(call);
  const body = await readJsonBody(call.req, EnrollBody);
  if (body.factor_type !== 'totp') {
    throw badRequest('validation_failed', 'factor_type needs to be totp');
  }
  const { mfa } = call.settings;
  if (!mfa.totpEnrollEnabled) {
    throw unprocessable('mfa_totp_enroll_not_enabled', 'MFA enroll is disabled for TOTP');
  }
  const { db } = call.ctx;
  const factors = await userFactors(db, user.id);
  if (factors.some((f) => f.status === 'verified') && claims.aal !== 'aal2') {
    throw unprocessable('insufficient_aal', 'AAL2 required to enroll a new factor');
  }
  if (factors.length >= mfa.maxEnrolledFactors) {
    throw unprocessable(
      'too_many_enrolled_mfa_factors',
      'Maximum number of verified factors reached, unenroll to continue',
    );
  }
  const friendlyName = body.friendly_name ?? '';
  if (friendlyName.trim() && factors.some((f) => f.friendly_name === friendlyName)) {
    throw unprocessable(
      'mfa_factor_name_conflict',
      `A factor with the friendly name "${friendlyName}" for this user already exists`,
    );
  }
  const issuer = body.issuer || new URL(call.settings.siteUrl).hostname;
  const secret = new Secret({ size: 20 }).base32;
  const uri = factorTotp(secret, issuer, user.email ?? user.phone ?? '').toString();
  const id = randomUUID();
  await db.query(
    `insert into auth.mfa_factors (id, user_id, friendly_name, factor_type, status, created_at, updated_at, secret)
     values ($1, $2, $3, 'totp', 'unverified', now(), now(), $4)`,
    [id, user.id, friendlyName, secret],
  );
  sendJson(call.res, 200, {
    id,
    type: 'totp',
    friendly_name: friendlyName,
    totp: { qr_code: renderSVG(uri), secret, uri },
  });
}

/** DELETE /factors/:id: a verified factor can be removed only from an aal2 session; sessions it raised fall to aal1. */
export async function unenrollFactorEndpoint(call: AuthCall): Promise<void> {
  const { user, claims } = await requireUser(call);
  const factor = await loadFactor(call, user.id);
  if (factor.status === 'verified' && claims.aal !== 'aal2') {
    throw unprocessable('insufficient_aal', 'AAL2 required to unenroll verified factor');
  }
  await call.ctx.db.transaction((tx) => removeFactor(tx, factor.id));
  sendJson(call.res, 200, { id: factor.id });
}

/** GoTrue's Destroy with DowngradeSessionsToAAL1: the sessions the factor raised fall to aal1, without its amr claim. */
export async function removeFactor(tx: SqlClient, factorId: string): Promise<void> {
  await tx.query(
    `delete from auth.mfa_amr_claims c using auth.sessions s
     where c.session_id = s.id and s.factor_id = $1 and c.authentication_method = 'totp'`,
    [factorId],
  );
  await tx.query(
    `update auth.sessions set aal = 'aal1', factor_id = null, updated_at = now() where factor_id = $1`,
    [factorId],
  );
  await tx.query(`delete from auth.mfa_factors where id = $1`, [factorId]);
}
