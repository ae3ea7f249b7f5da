import { FunctionsHttpError, type SupabaseClient } from '@supabase/supabase-js';
import { Secret, TOTP } from 'otpauth';
import type { RunningStack } from '../../../src/local-supabase/stack.js';
import { clientFor } from '../../support/stack.js';

export const DEMO_PASSWORD = 'talentg-demo';

/** A supabase-js client signed in as `email` (aal1, password only). */
export async function signedIn(
  stack: RunningStack,
  email: string,
  password = DEMO_PASSWORD,
): Promise<SupabaseClient> {
  const client = clientFor(stack, stack.anonKey);
  const { error } = await client.auth.signInWithPassword({ email, password });
  if (error) throw error;
  return client;
}

/**
 * The code an authenticator app shows for a base32 secret (GoTrue's TOTP: SHA1, 6 digits, 30 s), `steps`
 * periods from now: Auth refuses a step already used, and accepts the next one (a clock a little ahead).
 */
export function totpCode(secret: string, steps = 0): string {
  return new TOTP({ secret: Secret.fromBase32(secret), digits: 6, period: 30 }).generate({
    timestamp: Date.now() + steps * 30_000,
  });
}

/** Enrols a TOTP factor and verifies it, which raises the client's session to aal2. */
export async function raiseToAal2(client: SupabaseClient): Promise<void> {
  const enrolled = await client.auth.mfa.enroll({ factorType: 'totp', friendlyName: 'Phone' });
  if (enrolled.error) throw enrolled.error;
  const verified = await client.auth.mfa.challengeAndVerify({
    factorId: enrolled.data.id,
    code: totpCode(enrolled.data.totp.secret),
  });
  if (verified.error) throw verified.error;
}

export interface FunctionAnswer {
  status: number;
  body: {
    success: boolean;
    data?: Record<string, unknown>;
    error?: { code: string; message: string };
  };
}

/** Calls admin-users through supabase-js with the client's session, and reads any answer's envelope. */
export async function adminUsers(
  client: SupabaseClient,
  body: Record<string, unknown>,
): Promise<FunctionAnswer> {
  const { data, error } = await client.functions.invoke('admin-users', { body });
  if (error instanceof FunctionsHttpError) {
    const response = error.context as Response;
    return { status: response.status, body: (await response.json()) as FunctionAnswer['body'] };
  }
  if (error) throw error;
  return { status: 200, body: data as FunctionAnswer['body'] };
}
