import type { SupabaseClient } from '@supabase/supabase-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningStack } from '../../../src/local-supabase/stack.js';
import { clientFor } from '../../support/stack.js';
import { clientAs, startStorageStack, userToken } from './storage-fixture.js';

let stack: RunningStack;
let admin: SupabaseClient;
let alice: { id: string; client: SupabaseClient };
let bob: { id: string; client: SupabaseClient };

beforeAll(async () => {
  stack = await startStorageStack();
  admin = clientFor(stack, stack.serviceRoleKey);
  expect((await admin.storage.createBucket('private')).error).toBeNull();
  const a = await userToken(stack);
  const b = await userToken(stack);
  alice = { id: a.id, client: clientAs(stack, a.token) };
  bob = { id: b.id, client: clientAs(stack, b.token) };
  const seeded = await bob.client.storage
    .from('private')
    .upload(`${b.id}/cv.txt`, Buffer.from('bob private'));
  expect(seeded.error).toBeNull();
}, 120_000);

afterAll(async () => {
  await stack?.close();
});

describe('RLS on storage.objects decides (policy: own auth.uid() folder)', () => {
  it('lets a user write, read, list and sign under their own folder, recording them as owner', async () => {
    const path = `${alice.id}/notes/today.txt`;
    const upload = await alice.client.storage
      .from('private')
      .upload(path, Buffer.from('alice notes'));
    expect(upload.error).toBeNull();
    expect(await (await alice.client.storage.from('private').download(path)).data?.text()).toBe(
      'alice notes',
    );
    const listed = await alice.client.storage.from('private').list(`${alice.id}/notes`);
    expect(listed.data?.map((entry) => entry.name)).toEqual(['today.txt']);
    expect((await alice.client.storage.from('private').createSignedUrl(path, 60)).error).toBeNull();
    const owner = await stack.db.query<{ owner: string }>(
      `select owner::text as owner from storage.objects where bucket_id = 'private' and name = $1`,
      [path],
    );
    expect(owner.rows[0]?.owner).toBe(alice.id);
  });

  it('refuses a write into another user’s folder with storage-api’s RLS error', async () => {
    const { error } = await alice.client.storage
      .from('private')
      .upload(`${bob.id}/planted.txt`, Buffer.from('x'));
    expect(error).toMatchObject({
      statusCode: '403',
      message: 'new row violates row-level security policy',
    });
    const upsert = await alice.client.storage
      .from('private')
      .upload(`${bob.id}/cv.txt`, Buffer.from('overwritten'), { upsert: true });
    expect(upsert.error).not.toBeNull();
    expect(
      await (await bob.client.storage.from('private').download(`${bob.id}/cv.txt`)).data?.text(),
    ).toBe('bob private');
  });

  it('hides another user’s objects from download, list, info and signing', async () => {
    const download = await alice.client.storage.from('private').download(`${bob.id}/cv.txt`);
    expect(download.error).toMatchObject({ statusCode: '404' });
    expect((await alice.client.storage.from('private').list(bob.id)).data).toEqual([]);
    expect(
      (await alice.client.storage.from('private').info(`${bob.id}/cv.txt`)).error,
    ).toMatchObject({
      statusCode: '404',
    });
    expect(
      (await alice.client.storage.from('private').createSignedUrl(`${bob.id}/cv.txt`, 60)).error,
    ).toMatchObject({
      statusCode: '404',
    });
    const batch = await alice.client.storage
      .from('private')
      .createSignedUrls([`${bob.id}/cv.txt`], 60);
    expect(batch.data?.[0]).toMatchObject({
      signedUrl: null,
      error: expect.stringContaining('do not have access'),
    });
  });

  it('keeps another user’s objects from being removed, moved or copied', async () => {
    const removed = await alice.client.storage.from('private').remove([`${bob.id}/cv.txt`]);
    expect(removed.data).toEqual([]);
    const moved = await alice.client.storage
      .from('private')
      .move(`${bob.id}/cv.txt`, `${alice.id}/stolen.txt`);
    expect(moved.error).toMatchObject({ statusCode: '404' });
    const copied = await alice.client.storage
      .from('private')
      .copy(`${bob.id}/cv.txt`, `${alice.id}/stolen.txt`);
    expect(copied.error).toMatchObject({ statusCode: '404' });
    expect(
      await (await admin.storage.from('private').download(`${bob.id}/cv.txt`)).data?.text(),
    ).toBe('bob private');
  });

  it('refuses moving one’s own object into another user’s folder (UPDATE WITH CHECK)', async () => {
    const path = `${alice.id}/move-me.txt`;
    expect(
      (await alice.client.storage.from('private').upload(path, Buffer.from('mine'))).error,
    ).toBeNull();
    const moved = await alice.client.storage.from('private').move(path, `${bob.id}/gift.txt`);
    expect(moved.error).toMatchObject({ statusCode: '403' });
    expect(await (await alice.client.storage.from('private').download(path)).data?.text()).toBe(
      'mine',
    );
  });

  it('gives the anon key nothing in a private bucket without anon policies', async () => {
    const anon = clientFor(stack, stack.anonKey);
    expect((await anon.storage.from('private').download(`${bob.id}/cv.txt`)).error).toMatchObject({
      statusCode: '404',
    });
    const upload = await anon.storage
      .from('private')
      .upload(`${bob.id}/anon.txt`, Buffer.from('x'));
    expect(upload.error).toMatchObject({ statusCode: '403' });
  });

  it('refuses a token signed with another secret as AccessDenied', async () => {
    const forged = clientAs(
      stack,
      await userToken({ ...stack, jwtSecret: 'x'.repeat(40) }).then((t) => t.token),
    );
    const { error } = await forged.storage.from('private').list(bob.id);
    expect(error).toMatchObject({ statusCode: '403' });
  });
});
