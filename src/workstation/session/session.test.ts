import { copyFile, readdir, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { SessionState } from '../../contract/operations/session.js';
import { sessionStateSchema } from '../../contract/operations/session.js';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { clientFor } from '../../../tests/support/stack.js';
import { FileSecretStore } from './secret-store.js';
import { AUTH_STORAGE_KEY } from './session-client.js';
import {
  DEMO_PASSWORD,
  TC1,
  TC2,
  goOffline,
  ownProfileWith,
  startSessionBench,
  subjectOf,
  type SessionBench,
} from '../../../tests/support/session-rig.js';
import { SESSION_RECORD_KEY } from './session-record.js';

let bench: SessionBench;
beforeAll(async () => {
  bench = await startSessionBench();
}, 120_000);
afterAll(() => bench?.close());
afterEach(() => bench.proxy.mode('pass'));

/** The refresh token the session holds on disk, to ask the server about it directly. */
async function storedRefreshToken(dir: string): Promise<string> {
  const stored = await new FileSecretStore(dir).get(AUTH_STORAGE_KEY);
  return (JSON.parse(stored ?? '{}') as { refresh_token: string }).refresh_token;
}

/** Whether the server still honours a refresh token, asked straight at the stack (not through the proxy). */
async function serverAccepts(refreshToken: string): Promise<boolean> {
  const { error } = await clientFor(bench.stack, bench.stack.anonKey).auth.refreshSession({
    refresh_token: refreshToken,
  });
  return error === null;
}

describe('sign-in and restore', () => {
  it('signs in: the user, their role and name from profiles, persisted 0600 in the FileSecretStore', async () => {
    const dir = await bench.tempDir();
    const session = bench.session(dir);
    const changes: SessionState[] = [];
    session.onChange((state) => changes.push(state));

    const answer = await session.signIn(TC1.email, DEMO_PASSWORD);
    expect(answer).toMatchObject({
      ok: true,
      user: { id: TC1.id, email: TC1.email, full_name: 'Priya Raman', role: 'telecaller' },
    });
    const state = session.state();
    expect(sessionStateSchema.parse(state)).toEqual(state);
    expect(state).toMatchObject({ status: 'signed_in', user: { id: TC1.id } });
    expect(changes).toEqual([state]);
    expect((await readdir(dir)).sort()).toEqual([AUTH_STORAGE_KEY, SESSION_RECORD_KEY]);
    for (const file of await readdir(dir)) {
      expect((await stat(path.join(dir, file))).mode & 0o777).toBe(0o600);
    }
    const token = await session.accessTokenFresh();
    expect(token.ok && subjectOf(token.accessToken)).toBe(TC1.id);
  });

  it('a new Session on the same directory restores it with no network at all', async () => {
    const dir = await bench.tempDir();
    const first = bench.session(dir);
    const signedIn = await first.signIn(TC1.email, DEMO_PASSWORD);
    const token = await first.accessTokenFresh();
    expect(token.ok).toBe(true);

    goOffline(bench.proxy);
    const connectionsBefore = bench.proxy.counters().connections;
    const restored = bench.session(dir);
    expect(restored.state()).toEqual({ status: 'signed_out' });
    expect(await restored.restore()).toEqual(first.state());
    expect(restored.currentUser()).toEqual(signedIn.ok && signedIn.user);
    expect(await restored.accessTokenFresh()).toEqual(token);
    expect(bench.proxy.counters().connections).toBe(connectionsBefore);

    // Back online, the restored client's own requests carry the restored token.
    bench.proxy.mode('pass');
    const { data, error } = await restored.client.auth.getUser();
    expect(error).toBeNull();
    expect(data.user?.id).toBe(TC1.id);
  });

  it('takes the role from profiles, which RLS decides on, over the role in app_metadata', async () => {
    const admin = clientFor(bench.stack, bench.stack.serviceRoleKey).auth.admin;
    const email = `role-check-${Date.now()}@talentg.test`;
    const created = await admin.createUser({
      email,
      password: 'role-check-password',
      email_confirm: true,
      app_metadata: { role: 'telecaller' },
    });
    expect(created.error).toBeNull();
    // An admin moved them on since: the profile says manager, the token's app_metadata still telecaller.
    await bench.stack.db.query(`update public.profiles set role = 'manager' where id = $1`, [
      created.data.user!.id,
    ]);
    const session = bench.session(await bench.tempDir());
    const answer = await session.signIn(email, 'role-check-password');
    expect(answer).toMatchObject({ ok: true, user: { role: 'manager' } });

    // With profiles unreachable the token's app_metadata is the fallback.
    const noProfiles: typeof fetch = (input, init) =>
      String(input instanceof Request ? input.url : input).includes('/rest/v1/profiles')
        ? Promise.reject(new TypeError('fetch failed'))
        : fetch(input, init);
    const fallback = bench.session(await bench.tempDir(), { fetch: noProfiles });
    expect(await fallback.signIn(email, 'role-check-password')).toMatchObject({
      ok: true,
      user: { role: 'telecaller' },
    });
  });

  it('a wrong password is SIGN_IN_FAILED and leaves nothing in the store', async () => {
    const dir = await bench.tempDir();
    const session = bench.session(dir);
    const answer = await session.signIn(TC1.email, 'not-the-password');
    expect(answer).toMatchObject({
      ok: false,
      code: 'SIGN_IN_FAILED',
      message: 'Wrong email or password.',
    });
    expect(session.state()).toEqual({ status: 'signed_out' });
    expect(await readdir(dir)).toEqual([]);
  });

  it('signing in with the server unreachable is OFFLINE, at once when refused and after the deadline when silent', async () => {
    const session = bench.session(await bench.tempDir(), { authTimeoutMs: 500 });
    goOffline(bench.proxy);
    const refusedAt = performance.now();
    expect(await session.signIn(TC1.email, DEMO_PASSWORD)).toMatchObject({
      ok: false,
      code: 'OFFLINE',
    });
    expect(performance.now() - refusedAt).toBeLessThan(1_500);

    bench.proxy.mode('blackhole');
    const silentAt = performance.now();
    expect(await session.signIn(TC1.email, DEMO_PASSWORD)).toMatchObject({
      ok: false,
      code: 'OFFLINE',
    });
    expect(performance.now() - silentAt).toBeGreaterThanOrEqual(450);
    expect(session.state()).toEqual({ status: 'signed_out' });
  });
});

describe('sign-out', () => {
  it('ends only this device’s session on the server and deletes only the tokens and the record', async () => {
    const dir = await bench.tempDir();
    await writeFile(path.join(dir, 'cache.sqlite'), 'outbox lives here');
    await new FileSecretStore(dir).set('other-secret', 'kept');
    const session = bench.session(dir);
    await session.signIn(TC2.email, DEMO_PASSWORD);
    const refreshToken = await storedRefreshToken(dir);
    const otherDevice = clientFor(bench.stack, bench.stack.anonKey);
    expect(
      (await otherDevice.auth.signInWithPassword({ email: TC2.email, password: DEMO_PASSWORD }))
        .error,
    ).toBeNull();

    expect(await session.signOut()).toEqual({ status: 'signed_out' });
    expect(session.currentUser()).toBeNull();
    expect((await readdir(dir)).sort()).toEqual(['cache.sqlite', 'other-secret']);
    expect(await session.accessTokenFresh()).toMatchObject({ ok: false, code: 'NOT_SIGNED_IN' });
    expect(await serverAccepts(refreshToken)).toBe(false);
    // scope local: the same user's other device is still signed in.
    expect((await otherDevice.auth.refreshSession()).error).toBeNull();
  });

  it('offline, sign-out still happens locally at once', async () => {
    const dir = await bench.tempDir();
    const session = bench.session(dir);
    await session.signIn(TC2.email, DEMO_PASSWORD);
    goOffline(bench.proxy);
    const startedAt = performance.now();
    expect(await session.signOut()).toEqual({ status: 'signed_out' });
    expect(performance.now() - startedAt).toBeLessThan(1_500);
    expect(await readdir(dir)).toEqual([]);
    expect(await bench.session(dir).restore()).toEqual({ status: 'signed_out' });
  });
});

describe('offline and revoked', () => {
  it('a refresh that cannot reach the server is OFFLINE and keeps the session and its tokens', async () => {
    const dir = await bench.tempDir();
    const session = bench.session(dir);
    await session.signIn(TC1.email, DEMO_PASSWORD);
    const stored = await new FileSecretStore(dir).get(AUTH_STORAGE_KEY);
    goOffline(bench.proxy);
    const answer = await session.refreshNow();
    expect(answer).toMatchObject({ ok: false, code: 'OFFLINE', details: { status: 0 } });
    expect(await session.ensureFresh()).toBe('ok');
    expect(await session.forceRefresh()).toBe('offline');
    expect(session.state()).toMatchObject({ status: 'signed_in', user: { id: TC1.id } });
    expect(await new FileSecretStore(dir).get(AUTH_STORAGE_KEY)).toBe(stored);

    bench.proxy.mode('pass');
    const back = await session.refreshNow();
    expect(back.ok).toBe(true);
  });

  it('a session ended on the server by the user elsewhere (logout scope global) is SESSION_REVOKED and keeps the user id', async () => {
    const dir = await bench.tempDir();
    const session = bench.session(dir);
    await session.signIn(TC1.email, DEMO_PASSWORD);
    const changes: SessionState[] = [];
    session.onChange((state) => changes.push(state));

    const elsewhere = clientFor(bench.stack, bench.stack.anonKey);
    await elsewhere.auth.signInWithPassword({ email: TC1.email, password: DEMO_PASSWORD });
    expect((await elsewhere.auth.signOut({ scope: 'global' })).error).toBeNull();

    // GoTrue leaves issued access tokens valid until they expire; the refresh is where the end shows.
    expect((await session.accessTokenFresh()).ok).toBe(true);
    const answer = await session.refreshNow();
    expect(answer).toMatchObject({
      ok: false,
      code: 'SESSION_REVOKED',
      details: { user_id: TC1.id, status: 400 },
    });
    expect(session.state()).toMatchObject({ status: 'expired', user: { id: TC1.id } });
    expect(session.currentUser()?.id).toBe(TC1.id);
    expect(changes).toEqual([session.state()]);
    expect(await readdir(dir)).toEqual([SESSION_RECORD_KEY]);
    expect(await session.ensureFresh()).toBe('revoked');

    // Known across a restart too, so the core keeps this user's outbox.
    const restarted = bench.session(dir);
    expect(await restarted.restore()).toMatchObject({ status: 'expired', user: { id: TC1.id } });

    // Signing in again as the same user brings the session back.
    expect(await restarted.signIn(TC1.email, DEMO_PASSWORD)).toMatchObject({ ok: true });
    expect(restarted.state()).toMatchObject({ status: 'signed_in', user: { id: TC1.id } });
  });

  it('an admin sign-out is found by the next due refresh, without a forced one', async () => {
    const dir = await bench.tempDir();
    let skewMs = 0;
    const session = bench.session(dir, { now: () => Date.now() + skewMs });
    await session.signIn(TC2.email, DEMO_PASSWORD);
    const token = await session.accessTokenFresh();
    if (!token.ok) throw new Error(token.message);
    const admin = clientFor(bench.stack, bench.stack.serviceRoleKey).auth.admin;
    expect((await admin.signOut(token.accessToken, 'global')).error).toBeNull();

    // The token now looks a minute from expiry: accessTokenFresh refreshes and hears the refusal.
    skewMs = (token.expiresAt - 60) * 1000 - Date.now();
    expect(await session.accessTokenFresh()).toMatchObject({ ok: false, code: 'SESSION_REVOKED' });
    expect(session.currentUser()?.id).toBe(TC2.id);
  });

  it('concurrent callers share one refresh instead of rotating the token twice', async () => {
    const dir = await bench.tempDir();
    const session = bench.session(dir);
    await session.signIn(TC1.email, DEMO_PASSWORD);
    const before = await storedRefreshToken(dir);
    const answers = await Promise.all([
      session.refreshNow(),
      session.refreshNow(),
      session.refreshNow(),
    ]);
    const tokens = new Set(answers.map((answer) => answer.ok && answer.accessToken));
    expect(tokens.size).toBe(1);
    const after = await storedRefreshToken(dir);
    expect(after).not.toBe(before);
    const rotations = await bench.stack.db.query<{ n: string }>(
      `select count(*)::text as n from auth.refresh_tokens where parent = $1`,
      [before],
    );
    expect(rotations.rows[0]?.n).toBe('1');
  });
});

describe('two users', () => {
  it('two directories keep two users apart: each restores its own user and token', async () => {
    const dirOne = await bench.tempDir();
    const dirTwo = await bench.tempDir();
    await bench.session(dirOne).signIn(TC1.email, DEMO_PASSWORD);
    await bench.session(dirTwo).signIn(TC2.email, DEMO_PASSWORD);

    goOffline(bench.proxy);
    for (const [dir, user] of [
      [dirOne, TC1],
      [dirTwo, TC2],
    ] as const) {
      const session = bench.session(dir);
      expect(await session.restore()).toMatchObject({ status: 'signed_in', user: { id: user.id } });
      const token = await session.accessTokenFresh();
      expect(token.ok && subjectOf(token.accessToken)).toBe(user.id);
    }
  });

  it('a second user signing in on the same store replaces the first user’s tokens and ends their session', async () => {
    const dir = await bench.tempDir();
    const session = bench.session(dir);
    await session.signIn(TC1.email, DEMO_PASSWORD);
    const firstRefresh = await storedRefreshToken(dir);

    expect(await session.signIn(TC2.email, DEMO_PASSWORD)).toMatchObject({
      ok: true,
      user: { id: TC2.id },
    });
    expect(await serverAccepts(firstRefresh)).toBe(false);
    const restored = bench.session(dir);
    expect(await restored.restore()).toMatchObject({ status: 'signed_in', user: { id: TC2.id } });
    const token = await restored.accessTokenFresh();
    expect(token.ok && subjectOf(token.accessToken)).toBe(TC2.id);
  });

  it('tokens of another user found beside a record are never used for the recorded user', async () => {
    const dirOne = await bench.tempDir();
    const dirTwo = await bench.tempDir();
    await bench.session(dirOne).signIn(TC1.email, DEMO_PASSWORD);
    await bench.session(dirTwo).signIn(TC2.email, DEMO_PASSWORD);
    await copyFile(path.join(dirTwo, AUTH_STORAGE_KEY), path.join(dirOne, AUTH_STORAGE_KEY));

    const session = bench.session(dirOne);
    expect(await session.restore()).toMatchObject({ status: 'expired', user: { id: TC1.id } });
    expect(await readdir(dirOne)).toEqual([SESSION_RECORD_KEY]);
    expect(await session.accessTokenFresh()).toMatchObject({ ok: false, code: 'SESSION_REVOKED' });
  });
});

describe('requests through the session client', () => {
  it('the refreshed token is the one the server accepts for REST', async () => {
    const session = bench.session(await bench.tempDir());
    await session.signIn(TC1.email, DEMO_PASSWORD);
    const token = await session.refreshNow();
    if (!token.ok) throw new Error(token.message);
    const profile = await ownProfileWith(bench.proxy.url, bench.stack.anonKey, token.accessToken);
    expect(profile).toEqual({ status: 200, body: [{ id: TC1.id, role: 'telecaller' }] });
  });
});
