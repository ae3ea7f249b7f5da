import { randomUUID } from 'node:crypto';
import type { Session, SupabaseClient } from '@supabase/supabase-js';
import type { ContractTarget } from '../../support/contract-target.js';
import { clientFor } from '../../support/stack.js';

/** The demo floor from supabase/seed.sql (DESIGN.md section 7). */
export const DEMO_PASSWORD = 'talentg-demo';
export type DemoUser = 'admin' | 'manager' | 'tc1' | 'tc2' | 'user';

export const demoEmail = (user: DemoUser): string => `${user}@talentg.test`;

export interface SignedIn {
  client: SupabaseClient;
  session: Session;
  userId: string;
}

/** A fresh supabase-js client signed in with the demo password, as the workstation's login does. */
export async function signIn(target: ContractTarget, user: DemoUser): Promise<SignedIn> {
  const client = clientFor(target, target.anonKey);
  const { data, error } = await client.auth.signInWithPassword({
    email: demoEmail(user),
    password: DEMO_PASSWORD,
  });
  if (error || !data.session) {
    throw new Error(`sign-in as ${demoEmail(user)} on ${target.name} failed: ${error?.message}`);
  }
  return { client, session: data.session, userId: data.session.user.id };
}

export const serviceClient = (target: ContractTarget): SupabaseClient =>
  clientFor(target, target.serviceRoleKey);

export const anonClient = (target: ContractTarget): SupabaseClient =>
  clientFor(target, target.anonKey);

/** A name no earlier run used, so the suite re-runs against a hosted project without clashes. */
export const uniqueName = (prefix: string): string => `${prefix}-${randomUUID().slice(0, 8)}`;

/** A phone number in E.164 no seed lead has (+91 99 then ten random digits). */
export const uniquePhone = (): string =>
  `+9199${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`;
