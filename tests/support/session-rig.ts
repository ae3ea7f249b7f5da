// What the session tests share: a stack with the demo seed behind a fault proxy, and sessions on temp dirs.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { decodeJwt } from 'jose';
import type { RunningStack, StackOptions } from '../../src/local-supabase/stack.js';
import { portOf, startFaultProxy, type FaultProxy } from './fault-proxy.js';
import { startTestStack } from './stack.js';
import { FileSecretStore } from '../../src/workstation/session/secret-store.js';
import { Session, type SessionOptions } from '../../src/workstation/session/session.js';

export const DEMO_PASSWORD = 'talentg-demo';
/** supabase/seed.sql's fixed ids. */
export const TC1 = { id: '00000000-0000-4000-8000-000000000003', email: 'tc1@talentg.test' };
export const TC2 = { id: '00000000-0000-4000-8000-000000000004', email: 'tc2@talentg.test' };

export interface SessionBench {
  stack: RunningStack;
  proxy: FaultProxy;
  tempDir(): Promise<string>;
  /** A Session on a FileSecretStore in `dir`, reaching the stack through the proxy. */
  session(dir: string, options?: Partial<SessionOptions>): Session;
  close(): Promise<void>;
}

export async function startSessionBench(
  stackOptions: Partial<StackOptions> = {},
): Promise<SessionBench> {
  // Many sign-ins from one address in a few seconds: GoTrue's per-address limit would refuse them.
  const stack = await startTestStack({ seed: true, auth: { rateLimit: false }, ...stackOptions });
  const proxy = await startFaultProxy({ targetPort: portOf(stack.url) });
  const dirs: string[] = [];
  return {
    stack,
    proxy,
    async tempDir() {
      const dir = await mkdtemp(path.join(tmpdir(), 'talentg-session-'));
      dirs.push(dir);
      return dir;
    },
    session: (dir, options = {}) =>
      new Session({
        url: proxy.url,
        anonKey: stack.anonKey,
        secretStore: new FileSecretStore(dir),
        authTimeoutMs: 2_000,
        ...options,
      }),
    async close() {
      await proxy.close();
      await stack.close();
      await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })));
    },
  };
}

/** Goes offline the way a pulled cable does: new connections fail and pooled ones break. */
export function goOffline(proxy: FaultProxy): void {
  proxy.mode('drop');
  proxy.cutAll();
}

export function subjectOf(accessToken: string): string | undefined {
  return decodeJwt(accessToken).sub;
}

/** A raw REST call with a given bearer token, bypassing supabase-js (which would refresh on its own). */
export async function ownProfileWith(
  baseUrl: string,
  anonKey: string,
  accessToken: string,
): Promise<{ status: number; body: unknown }> {
  const res = await fetch(
    `${baseUrl}/rest/v1/profiles?select=id,role&id=eq.${subjectOf(accessToken)}`,
    {
      headers: { apikey: anonKey, authorization: `Bearer ${accessToken}` },
    },
  );
  return { status: res.status, body: await res.json() };
}
