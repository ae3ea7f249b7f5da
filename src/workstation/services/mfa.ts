// mfa:*: the signed-in person's TOTP factor through supabase-js's auth.mfa on the session's own client.
// A verified code makes auth-js save the aal2 session in the SecretStore, where the Session reads its
// tokens, so the core keeps the upgraded session exactly as it keeps any other.
import { isAuthApiError, isAuthRetryableFetchError, type AuthError } from '@supabase/supabase-js';
import { decodeJwt } from 'jose';
import type { MfaStatus } from '../../contract/operations/mfa.js';
import { failure, type Failure } from '../../domain/failure.js';
import { offline } from './online-call.js';
import type { FeatureHandlers, ServiceContext } from './service-context.js';

/** Shown in authenticator apps beside the account. */
const FACTOR_NAME = 'TalentG Workstation';

/** auth-js's refusal as one of the contract's codes. */
export function authFailure(what: string, error: AuthError): Failure {
  if (isAuthRetryableFetchError(error)) {
    return offline(error.message);
  }
  if (isAuthApiError(error) && error.code === 'mfa_verification_failed') {
    return failure(
      'MFA_CODE_WRONG',
      'That code is not right: type the code your authenticator shows now.',
    );
  }
  if (isAuthApiError(error) && error.code === 'mfa_factor_not_found') {
    return failure(
      'MFA_FACTOR_NOT_FOUND',
      'That authenticator is not enrolled any more: enrol again.',
    );
  }
  return failure('INTERNAL_ERROR', `The server could not ${what}.`, {
    status: error.status,
    code: error.code,
    message: error.message,
  });
}

export function mfaHandlers(
  context: ServiceContext,
): FeatureHandlers<'mfa:status' | 'mfa:enroll' | 'mfa:verify'> {
  const { session } = context.workstation;
  const mfa = session.client.auth.mfa;

  const status = async (): Promise<MfaStatus | Failure> => {
    const token = await session.accessTokenFresh();
    if (!token.ok) return token;
    const factors = await mfa.listFactors();
    if (factors.error) return authFailure('read your authenticators', factors.error);
    const level = decodeJwt(token.accessToken).aal === 'aal2' ? 'aal2' : 'aal1';
    return { level, factor_id: factors.data.totp[0]?.id ?? null };
  };

  return {
    'mfa:status': status,
    'mfa:enroll': async () => {
      const token = await session.accessTokenFresh();
      if (!token.ok) return token;
      // An enrolment left unverified (the dialog closed) holds the name; it has no secret anyone uses.
      const factors = await mfa.listFactors();
      if (factors.error) return authFailure('read your authenticators', factors.error);
      for (const stale of factors.data.all.filter((factor) => factor.status === 'unverified')) {
        const removed = await mfa.unenroll({ factorId: stale.id });
        if (removed.error) return authFailure('replace the unfinished enrolment', removed.error);
      }
      const enrolled = await mfa.enroll({ factorType: 'totp', friendlyName: FACTOR_NAME });
      if (enrolled.error) return authFailure('enrol the authenticator', enrolled.error);
      return {
        factor_id: enrolled.data.id,
        uri: enrolled.data.totp.uri,
        secret: enrolled.data.totp.secret,
      };
    },
    'mfa:verify': async ({ factor_id, code }) => {
      const token = await session.accessTokenFresh();
      if (!token.ok) return token;
      const verified = await mfa.challengeAndVerify({ factorId: factor_id, code });
      if (verified.error) return authFailure('check the code', verified.error);
      return status();
    },
  };
}
