import type { SupabaseClient } from '@supabase/supabase-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signJwt } from '../../../src/local-supabase/jwt.js';
import type { RunningStack } from '../../../src/local-supabase/stack.js';
import { clientFor } from '../../support/stack.js';
import { clientAs, startStorageStack, userToken } from './storage-fixture.js';

let stack: RunningStack;
let admin: SupabaseClient;

beforeAll(async () => {
  stack = await startStorageStack();
  admin = clientFor(stack, stack.serviceRoleKey);
  await admin.storage.createBucket('hidden');
  await admin.storage.from('hidden').upload('kept.txt', Buffer.from('x'));
}, 120_000);

afterAll(async () => {
  await stack?.close();
});

async function tokenWithRole(role: string): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  return signJwt({ sub: 'nobody', role, iat: now, exp: now + 600 }, stack.jwtSecret);
}

describe('storage refuses without telling more than the caller may know', () => {
  it('answers a token whose role is postgres with 403 Unauthorized on every kind of route, not 500', async () => {
    const headers = { authorization: `Bearer ${await tokenWithRole('postgres')}` };
    const answers = await Promise.all([
      fetch(`${stack.url}/storage/v1/bucket`, { headers }),
      fetch(`${stack.url}/storage/v1/bucket/hidden`, { headers }),
      fetch(`${stack.url}/storage/v1/bucket/hidden`, { method: 'DELETE', headers }),
      fetch(`${stack.url}/storage/v1/object/list/hidden`, {
        method: 'POST',
        headers: { ...headers, 'content-type': 'application/json' },
        body: JSON.stringify({ prefix: '' }),
      }),
      fetch(`${stack.url}/storage/v1/object/hidden/kept.txt`, { headers }),
    ]);
    for (const answer of answers) {
      expect(answer.status).toBe(400);
      expect(await answer.json()).toMatchObject({
        statusCode: '403',
        code: 'AccessDenied',
        error: 'Unauthorized',
      });
    }
  });

  it('answers deleting a bucket the caller cannot see with 404 Bucket not found, not 409 not empty', async () => {
    const { token } = await userToken(stack);
    const user = clientAs(stack, token);
    expect((await user.storage.deleteBucket('hidden')).error).toMatchObject({
      statusCode: '404',
      message: 'Bucket not found',
    });
    expect((await user.storage.deleteBucket('never-made')).error).toMatchObject({
      statusCode: '404',
      message: 'Bucket not found',
    });
    // The service role still sees it, so it hears that the bucket is not empty.
    expect((await admin.storage.deleteBucket('hidden')).error).toMatchObject({
      statusCode: '409',
    });
  });
});
