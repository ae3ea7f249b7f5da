import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { SqlClient } from '../db/index.js';
import { sendJson } from '../http.js';
import { clientMeta, type AuthCall } from './auth-call.js';
import { sessionResponse } from './access-token.js';
import { requireUser } from './authenticate.js';
import { AuthError, badRequest, unprocessable } from './errors.js';
import { factorTotp, loadFactor } from './mfa-factors.js';
import { readJsonBody } from './request-body.js';
import { elevateSession, rotateSessionRefreshToken, sessionAmr } from './sessions.js';
import { findUserById, isUuid } from './user-queries.js';

/** GoTrue's default MFA challenge_expiry_duration. */
const CHALLENGE_EXPIRY_SECONDS = 300;

function requireVerifyEnabled(call: AuthCall): void {
  if (!call.settings.mfa.totpVerifyEnabled) {
    throw unprocessable('mfa_totp_verify_not_enabled', 'MFA verification is disabled for TOTP');
  }
}

/** POST /factors/:id/challenge: a challenge to answer with the current code within five minutes. */
export async function challengeFactorEndpoint(call: AuthCall): Promise<void> {
  const { user } = await requireUser(call);
  const factor = await loadFactor(call, user.id);
  requireVerifyEnabled(call);
  const id = randomUUID();
  const created = await call.ctx.db.transaction(async (tx) => {
    const inserted = await tx.query<{ expires_at: string }>(
      `insert into auth.mfa_challenges (id, factor_id, created_at, ip_address)
       values ($1, $2, now(), $3::inet)
       returning floor(extract(epoch from created_at))::bigint::text as expires_at`,
      [id, factor.id, clientMeta(call).ip ?? '0.0.0.0'],
    );
    await tx.query(
      `update auth.mfa_factors set last_challenged_at = clock_timestamp() where id = $1`,
      [factor.id],
    );
    return inserted.rows[0];
  });
  sendJson(call.res, 200, {
    id,
    type: 'totp',
    expires_at: Number(created?.expires_at ?? 0) + CHALLENGE_EXPIRY_SECONDS,
  });
}

const invalidCode = () => unprocessable('mfa_verification_failed', 'Invalid TOTP code entered');

/** The 30 s time step a code belongs to (one step either side of now is accepted, as GoTrue does). */
function acceptedStep(secret: string | null, code: string): number {
  if (secret === null) throw invalidCode();
  const totp = factorTotp(secret);
  const delta = totp.validate({ token: code, window: 1 });
  if (delta === null) throw invalidCode();
  return totp.counter() + delta;
}

/**
 * A TOTP code is good once: a code of a time step at or before one this factor already accepted is
 * refused like a wrong code, so a code read over a shoulder or off a log cannot be replayed within its
 * window. The accepted step is kept on the verified challenge (its otp_code, unused for TOTP); the factor's
 * row is locked so two verifications racing with one code cannot both pass.
 */
async function refuseReplay(tx: SqlClient, factorId: string, step: number): Promise<void> {
  await tx.query(`select 1 from auth.mfa_factors where id = $1 for update`, [factorId]);
  const used = await tx.query<{ last: string | null }>(
    `select max(otp_code::bigint)::text as last from auth.mfa_challenges
      where factor_id = $1 and verified_at is not null and otp_code ~ '^[0-9]+$'`,
    [factorId],
  );
  const last = used.rows[0]?.last;
  if (last != null && step <= Number(last)) throw invalidCode();
}

const VerifyFactorBody = z.object({
  challenge_id: z.string().nullish(),
  code: z.string().nullish(),
});

/**
 * POST /factors/:id/verify: a correct code for a live challenge verifies the factor and raises the caller's
 * session to aal2 (amr gains totp); the answer is a new session, as supabase-js's mfa.verify expects.
 */
export async function verifyFactorEndpoint(call: AuthCall): Promise<void> {
  const { user, sessionId } = await requireUser(call);
  const factor = await loadFactor(call, user.id);
  requireVerifyEnabled(call);
  const body = await readJsonBody(call.req, VerifyFactorBody);
  const challengeId = body.challenge_id ?? '';
  if (!sessionId) throw badRequest('validation_failed', 'MFA verification needs a session');
  const { db, config } = call.ctx;
  const challenge = isUuid(challengeId)
    ? (
        await db.query<{ expired: string }>(
          `select (created_at + make_interval(secs => $3::double precision) < now())::text as expired
           from auth.mfa_challenges where id = $1 and factor_id = $2 and verified_at is null`,
          [challengeId, factor.id, CHALLENGE_EXPIRY_SECONDS],
        )
      ).rows[0]
    : undefined;
  if (!challenge) {
    throw new AuthError(
      404,
      'mfa_factor_not_found',
      'MFA factor with the provided challenge ID not found',
    );
  }
  if (challenge.expired === 'true') {
    await db.query(`delete from auth.mfa_challenges where id = $1`, [challengeId]);
    throw unprocessable(
      'mfa_challenge_expired',
      `MFA challenge ${challengeId} has expired, verify against another challenge or create a new challenge.`,
    );
  }
  const step = acceptedStep(factor.secret, (body.code ?? '').trim());
  const { refreshToken, amr, signedIn } = await db.transaction(async (tx) => {
    await refuseReplay(tx, factor.id, step);
    await tx.query(
      `update auth.mfa_challenges set verified_at = now(), otp_code = $2 where id = $1`,
      [challengeId, String(step)],
    );
    await tx.query(
      `update auth.mfa_factors set status = 'verified', updated_at = now() where id = $1`,
      [factor.id],
    );
    await elevateSession(tx, sessionId, factor.id, 'totp');
    return {
      refreshToken: await rotateSessionRefreshToken(tx, user.id, sessionId),
      amr: await sessionAmr(tx, sessionId),
      signedIn: (await findUserById(tx, user.id)) ?? user,
    };
  });
  sendJson(call.res, 200, await sessionResponse(config, signedIn, sessionId, refreshToken, amr));
}
