import { afterAll, beforeAll, expect, it } from 'vitest';
import { FileSecretStore } from './secret-store.js';
import { AUTH_STORAGE_KEY } from './session-client.js';
import {
  DEMO_PASSWORD,
  TC1,
  goOffline,
  ownProfileWith,
  startSessionBench,
  type SessionBench,
} from '../../../tests/support/session-rig.js';

// Access tokens live 3 s on this stack, so one really expires while the test is offline.
const JWT_EXPIRY_SECONDS = 3;

let bench: SessionBench;
beforeAll(async () => {
  bench = await startSessionBench({ jwtExpiry: JWT_EXPIRY_SECONDS });
}, 120_000);
afterAll(() => bench?.close());

it('an access token that expires while offline is refreshed on reconnect, also after a restart', async () => {
  const dir = await bench.tempDir();
  const options = { refreshMarginSeconds: 1 };
  const session = bench.session(dir, options);
  expect(await session.signIn(TC1.email, DEMO_PASSWORD)).toMatchObject({ ok: true });
  const before = await session.accessTokenFresh();
  if (!before.ok) throw new Error(before.message);

  goOffline(bench.proxy);
  // Wait for the server itself to refuse the token, asked directly rather than through the dead link.
  await expect
    .poll(
      async () =>
        (await ownProfileWith(bench.stack.url, bench.stack.anonKey, before.accessToken)).status,
      { timeout: 10_000, interval: 250 },
    )
    .toBe(401);

  expect(await session.accessTokenFresh()).toMatchObject({ ok: false, code: 'OFFLINE' });
  expect(session.state()).toMatchObject({ status: 'signed_in', user: { id: TC1.id } });
  const storedWhileOffline = await new FileSecretStore(dir).get(AUTH_STORAGE_KEY);
  expect(storedWhileOffline).toContain(before.accessToken);

  // The workstation restarts while still offline: the session comes back, still waiting for the network.
  const restarted = bench.session(dir, options);
  expect(await restarted.restore()).toMatchObject({ status: 'signed_in', user: { id: TC1.id } });
  expect(await restarted.ensureFresh()).toBe('offline');

  bench.proxy.mode('pass');
  const after = await restarted.accessTokenFresh();
  if (!after.ok) throw new Error(after.message);
  expect(after.accessToken).not.toBe(before.accessToken);
  expect(after.expiresAt).toBeGreaterThan(Date.now() / 1000);
  expect(await ownProfileWith(bench.proxy.url, bench.stack.anonKey, after.accessToken)).toEqual({
    status: 200,
    body: [{ id: TC1.id, role: 'telecaller' }],
  });
  expect(await new FileSecretStore(dir).get(AUTH_STORAGE_KEY)).toContain(after.accessToken);
});
