// `talentg workstation doctor`: each thing the core needs, checked in the order a person would fix them.
import { accessSync, constants, existsSync } from 'node:fs';
import path from 'node:path';
import type { Workstation } from '../workstation/workstation.js';

interface Check {
  readonly name: string;
  readonly ok: boolean;
  readonly detail: string;
}

export interface DoctorTarget {
  readonly dataDir: string;
  readonly url: string;
  readonly anonKey: string;
}

/** The nearest directory of `dir` that exists. */
function existingAncestor(dir: string): string {
  let current = path.resolve(dir);
  while (!existsSync(current) && path.dirname(current) !== current) current = path.dirname(current);
  return current;
}

/** What undici's "fetch failed" hides: the refused connection, the unknown host, the time-out. */
function networkCause(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  if (error.name === 'TimeoutError') return 'no answer within 5 s';
  const cause = error.cause;
  if (cause instanceof Error) {
    const code = (cause as NodeJS.ErrnoException).code;
    return code === undefined ? cause.message : `${code} (${cause.message})`;
  }
  return error.message;
}

async function probe(name: string, run: () => Promise<string>): Promise<Check> {
  try {
    return { name, ok: true, detail: await run() };
  } catch (error) {
    return { name, ok: false, detail: (error as Error).message };
  }
}

export async function runDoctor(workstation: Workstation, target: DoctorTarget): Promise<number> {
  const checks: Check[] = [];
  checks.push(
    await probe('data directory', async () => {
      if (!existsSync(target.dataDir)) {
        // login creates it; what matters now is that it can be created.
        const parent = existingAncestor(target.dataDir);
        accessSync(parent, constants.W_OK);
        return `${target.dataDir} does not exist yet; login creates it (${parent} is writable)`;
      }
      accessSync(target.dataDir, constants.W_OK);
      return `${target.dataDir} is writable`;
    }),
  );
  checks.push(
    await probe('server', async () => {
      const health = new URL('/auth/v1/health', target.url);
      const response = await fetch(health, {
        headers: { apikey: target.anonKey },
        signal: AbortSignal.timeout(5_000),
      }).catch((error: unknown) => {
        throw new Error(`${health.href} cannot be reached: ${networkCause(error)}`);
      });
      if (!response.ok)
        throw new Error(`${target.url} answered ${response.status} to /auth/v1/health`);
      return `${target.url} is up`;
    }),
  );
  const user = workstation.session.currentUser();
  checks.push({
    name: 'session',
    ok: workstation.session.state().status === 'signed_in',
    detail: user
      ? `${user.email} (${user.role}), ${workstation.session.state().status}`
      : 'nobody signed in: run login',
  });
  if (user) {
    checks.push(
      await probe('cache', async () => {
        const health = workstation.cache.health();
        return `${workstation.cache.path}: ${health.pending} pending, ${health.dead_letters} dead letters`;
      }),
    );
    checks.push(
      await probe('token', async () => {
        const token = await workstation.session.accessTokenFresh();
        if (!token.ok) throw new Error(`${token.code}: ${token.message}`);
        return `valid until ${new Date(token.expiresAt * 1000).toISOString()}`;
      }),
    );
    checks.push(
      await probe('database', async () => {
        const { data, error } = await workstation.session.client
          .rpc('sync_database')
          .abortSignal(AbortSignal.timeout(10_000));
        if (error) throw new Error(`sync_database answered: ${error.message}`);
        const bound = workstation.cache.databaseId();
        if (bound !== null && bound !== data) {
          throw new Error(
            `the cache was filled from database ${bound}, the server is ${String(data)}: run adopt-server to set it aside`,
          );
        }
        return bound === null ? `${String(data)} (not yet synced)` : `${bound}, the cache's`;
      }),
    );
    checks.push(
      await probe('sync functions', async () => {
        const { error, status } = await workstation.session.client
          .rpc('sync_pull', { p_cursor: workstation.cache.getCursor(), p_limit: 1 })
          .abortSignal(AbortSignal.timeout(10_000));
        if (error) throw new Error(`sync_pull answered ${status}: ${error.message}`);
        return 'sync_pull answers';
      }),
    );
  }
  for (const check of checks)
    console.log(`${check.ok ? 'ok  ' : 'FAIL'} ${check.name}: ${check.detail}`);
  return checks.every((check) => check.ok) ? 0 : 1;
}
