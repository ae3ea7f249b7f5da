import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningStack } from '../../../src/local-supabase/stack.js';
import { clientFor, startTestStack } from '../../support/stack.js';

// The repository's own supabase/functions/health, served from the real project directory: the
// database, Auth and Storage each checked. A second stack points the Auth check at a server that never
// answers and the Storage check at a closed port, as a service that is down looks from the function.

let stack: RunningStack;
let broken: RunningStack;
let silent: Server;

/** A port nothing listens on: bound, then released. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

beforeAll(async () => {
  // Takes requests and never answers them: the check must give up on its own.
  silent = createServer(() => undefined);
  await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
  const silentPort = (silent.address() as AddressInfo).port;
  [stack, broken] = await Promise.all([
    startTestStack(),
    startTestStack({
      functionsEnv: {
        HEALTH_TIMEOUT_MS: '300',
        HEALTH_AUTH_URL: `http://127.0.0.1:${silentPort}`,
        HEALTH_STORAGE_URL: `http://127.0.0.1:${await closedPort()}`,
      },
    }),
  ]);
}, 120_000);

afterAll(async () => {
  await Promise.all([stack?.close(), broken?.close()]);
  silent?.closeAllConnections();
  await new Promise<void>((resolve) => (silent ? silent.close(() => resolve()) : resolve()));
});

interface Check {
  status: 'ok' | 'down';
  latency_ms: number;
  error?: string;
}

describe('supabase/functions/health', () => {
  it('answers supabase.functions.invoke with status, time, region and the caller’s role', async () => {
    const before = Date.now();
    const { data, error } = await clientFor(stack, stack.anonKey).functions.invoke('health');
    expect(error).toBeNull();
    expect(data).toMatchObject({ status: 'ok', region: 'local', role: 'anon' });
    const time = Date.parse((data as { time: string }).time);
    expect(time).toBeGreaterThanOrEqual(before - 1000);
    expect(time).toBeLessThanOrEqual(Date.now() + 1000);

    const asService = await clientFor(stack, stack.serviceRoleKey).functions.invoke('health', {
      method: 'GET',
    });
    expect(asService.data).toMatchObject({ status: 'ok', role: 'service_role' });
  });

  it('checks the database, Auth and Storage and answers 200 with each one’s latency', async () => {
    const response = await fetch(`${stack.url}/functions/v1/health`, {
      headers: { authorization: `Bearer ${stack.anonKey}` },
    });
    expect(response.status).toBe(200);
    const { checks } = (await response.json()) as { checks: Record<string, Check> };
    expect(Object.keys(checks).sort()).toEqual(['auth', 'database', 'storage']);
    for (const check of Object.values(checks)) {
      expect(check.status).toBe('ok');
      expect(check.latency_ms).toBeGreaterThanOrEqual(0);
    }
  });

  it('answers 503 naming what is down: a refused connection, and a service that does not answer in time', async () => {
    const response = await fetch(`${broken.url}/functions/v1/health`, {
      headers: { authorization: `Bearer ${broken.anonKey}` },
    });
    expect(response.status).toBe(503);
    const body = (await response.json()) as { status: string; checks: Record<string, Check> };
    expect(body.status).toBe('down');
    expect(body.checks.database).toMatchObject({ status: 'ok' });
    expect(body.checks.auth).toMatchObject({ status: 'down', error: 'no answer within 300 ms' });
    expect(body.checks.auth!.latency_ms).toBeGreaterThanOrEqual(290);
    expect(body.checks.storage).toMatchObject({ status: 'down', error: expect.any(String) });
  });
});
