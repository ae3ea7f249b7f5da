// Signs the release CLI in as an admin at aal2: the database lets only such a session write releases
// rows and the releases bucket (migrations admin_aal2, release_bucket). The CLI never holds the service key.
import { createClient, type SupabaseClient } from '@supabase/supabase-js';
import { decodeJwt } from 'jose';
import { Secret, TOTP } from 'otpauth';
import WebSocket from 'ws';
import { failure, isFailure, type Failure } from '../domain/failure.js';
import { authFailure } from '../workstation/services/mfa.js';
import { offline } from '../workstation/services/online-call.js';

export interface AdminCredentials {
  readonly url: string;
  readonly anonKey: string;
  readonly email: string;
  readonly password: string;
  /** The code the admin's authenticator shows now. */
  readonly totp?: string;
  /** The factor's base32 secret, for a release pipeline that holds it instead of a phone. */
  readonly totpSecret?: string;
}

export interface AdminSession {
  readonly client: SupabaseClient;
  /** The project URL without a trailing slash. */
  readonly url: string;
  readonly userId: string;
}

/** A client like the workstation's on Node 20 (ws for realtime), keeping its session in memory only. */
function releaseClient(url: string, anonKey: string): SupabaseClient {
  return createClient(url, anonKey, {
    auth: { persistSession: false, autoRefreshToken: false, detectSessionInUrl: false },
    realtime: { transport: WebSocket as never },
  });
}

function codeFrom(credentials: AdminCredentials): string | Failure<'AAL2_REQUIRED'> {
  if (credentials.totp !== undefined) return credentials.totp.trim();
  if (credentials.totpSecret !== undefined) {
    try {
      return new TOTP({ secret: Secret.fromBase32(credentials.totpSecret.trim()) }).generate();
    } catch {
      return failure('AAL2_REQUIRED', 'The --totp-secret is not a base32 TOTP secret.');
    }
  }
  return failure(
    'AAL2_REQUIRED',
    'Publishing needs a second factor: pass --totp <code from your authenticator> (or --totp-secret).',
  );
}

/** Raises the session to aal2 with the admin's verified TOTP factor. */
async function raiseToAal2(
  client: SupabaseClient,
  credentials: AdminCredentials,
): Promise<true | Failure> {
  const factors = await client.auth.mfa.listFactors();
  if (factors.error) return authFailure('read your authenticators', factors.error);
  const factor = factors.data.totp[0];
  if (factor === undefined) {
    return failure(
      'AAL2_REQUIRED',
      'This admin has no authenticator enrolled: enrol one in the app (Settings, Two-step sign-in) first.',
    );
  }
  const code = codeFrom(credentials);
  if (isFailure(code)) return code;
  const verified = await client.auth.mfa.challengeAndVerify({ factorId: factor.id, code });
  if (verified.error) return authFailure('check the code', verified.error);
  return true;
}

/** Signs in, checks the person is an admin, and raises the session to aal2. */
export async function signInAdmin(credentials: AdminCredentials): Promise<AdminSession | Failure> {
  const url = credentials.url.replace(/\/+$/, '');
  const client = releaseClient(url, credentials.anonKey);
  const signedIn = await client.auth.signInWithPassword({
    email: credentials.email,
    password: credentials.password,
  });
  if (signedIn.error) {
    if (signedIn.error.status === undefined || signedIn.error.status === 0)
      return offline(signedIn.error.message);
    return failure(
      'SIGN_IN_FAILED',
      `Could not sign in as ${credentials.email}: wrong email or password.`,
    );
  }
  const userId = signedIn.data.user.id;
  const profile = await client.from('profiles').select('role').eq('id', userId).maybeSingle();
  if (profile.error)
    return failure('INTERNAL_ERROR', 'Could not read your profile.', profile.error);
  if (profile.data?.role !== 'admin') {
    return failure('NOT_ADMIN', `${credentials.email} is no admin; only admins publish releases.`);
  }
  if (decodeJwt(signedIn.data.session.access_token).aal !== 'aal2') {
    const raised = await raiseToAal2(client, credentials);
    if (isFailure(raised)) return raised;
  }
  return { client, url, userId };
}
