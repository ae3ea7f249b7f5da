import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningStack } from '../../../src/local-supabase/stack.js';
import { clientFor, startTestStack } from '../../support/stack.js';
import { seedUser, type SeededUser } from './auth-fixtures.js';

const REUSE_SECONDS = 2;

let stack: RunningStack;
let person: SeededUser;

beforeAll(async () => {
  stack = await startTestStack({
    migrations: false,
    auth: { refreshTokenReuseInterval: REUSE_SECONDS },
  });
  person = await seedUser(stack, 'reuse@talentg.test', 'reuse-password');
}, 120_000);
afterAll(async () => {
  await stack?.close();
});

/** A fresh supabase-js client per call: one client deduplicates its own concurrent refreshes. */
const refresh = (refreshToken: string) =>
  clientFor(stack, stack.anonKey).auth.refreshSession({ refresh_token: refreshToken });

async function signIn() {
  const { data, error } = await clientFor(stack, stack.anonKey).auth.signInWithPassword(person);
  expect(error).toBeNull();
  return data.session!;
}

/** Signs in and refreshes twice: [first, second, current] refresh tokens of one session. */
async function threeGenerations(): Promise<{
  tokens: [string, string, string];
  accessToken: string;
}> {
  const first = await signIn();
  const second = (await refresh(first.refresh_token)).data.session!;
  const third = (await refresh(second.refresh_token)).data.session!;
  return {
    tokens: [first.refresh_token, second.refresh_token, third.refresh_token],
    accessToken: third.access_token,
  };
}

describe('refresh-token rotation with reuse detection', () => {
  it('answers concurrent refreshes with one token with the same new token, both successfully', async () => {
    const session = await signIn();
    const [a, b, c] = await Promise.all([
      refresh(session.refresh_token),
      refresh(session.refresh_token),
      refresh(session.refresh_token),
    ]);
    for (const result of [a, b, c]) expect(result.error).toBeNull();
    const issued = new Set([a, b, c].map((result) => result.data.session!.refresh_token));
    expect(issued.size).toBe(1);
    expect(issued.has(session.refresh_token)).toBe(false);
    const children = await stack.db.query('select 1 from auth.refresh_tokens where parent = $1', [
      session.refresh_token,
    ]);
    expect(children.rows).toHaveLength(1);
  });

  it('gives a client that lost the answer the current token again, even after the reuse interval (as GoTrue)', async () => {
    const session = await signIn();
    const child = (await refresh(session.refresh_token)).data.session!.refresh_token;
    await sleep(REUSE_SECONDS * 1000 + 300);
    const again = await refresh(session.refresh_token);
    expect(again.error).toBeNull();
    expect(again.data.session!.refresh_token).toBe(child);
  });

  it('still accepts an older rotated token inside the reuse interval', async () => {
    const { tokens } = await threeGenerations();
    const reused = await refresh(tokens[0]);
    expect(reused.error).toBeNull();
  });

  it('ends the whole session when an older rotated token comes back after the reuse interval', async () => {
    const { tokens, accessToken } = await threeGenerations();
    await sleep(REUSE_SECONDS * 1000 + 300);

    const replay = await refresh(tokens[0]);
    expect(replay.data.session).toBeNull();
    expect(replay.error).toMatchObject({
      status: 400,
      code: 'refresh_token_already_used',
      message: 'Invalid Refresh Token: Already Used',
    });

    const current = await refresh(tokens[2]);
    expect(current.error).toMatchObject({ status: 400, code: 'refresh_token_not_found' });
    const user = await clientFor(stack, stack.anonKey).auth.getUser(accessToken);
    expect(user.error?.name).toBe('AuthSessionMissingError');
  });

  it('refuses a token that was never issued with 400 refresh_token_not_found, and a short one as invalid', async () => {
    const unknown = await refresh('abcdefghijklmnopqrstuvwxyz012345');
    expect(unknown.error).toMatchObject({
      status: 400,
      code: 'refresh_token_not_found',
      message: 'Invalid Refresh Token: Refresh Token Not Found',
    });
    const short = await refresh('abc');
    expect(short.error).toMatchObject({
      status: 400,
      code: 'validation_failed',
      message: 'Refresh token is not valid',
    });
  });

  it('refuses to refresh for a user banned after signing in', async () => {
    const session = await signIn();
    await stack.db.query(
      "update auth.users set banned_until = now() + interval '1 hour' where id = $1",
      [person.id],
    );
    try {
      const result = await refresh(session.refresh_token);
      expect(result.error).toMatchObject({ status: 400, code: 'user_banned' });
    } finally {
      await stack.db.query('update auth.users set banned_until = null where id = $1', [person.id]);
    }
  });
});
