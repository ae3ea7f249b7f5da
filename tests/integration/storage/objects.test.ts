import { readdir } from 'node:fs/promises';
import path from 'node:path';
import type { SupabaseClient } from '@supabase/supabase-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningStack } from '../../../src/local-supabase/stack.js';
import { clientFor } from '../../support/stack.js';
import { startStorageStack } from './storage-fixture.js';

let stack: RunningStack;
let admin: SupabaseClient;

/** Every file under the bucket's directory, relative to it: what Storage keeps on disk. */
async function filesOnDisk(bucket: string): Promise<string[]> {
  const dir = path.join(stack.config.storageDir, bucket);
  const entries = await readdir(dir, { recursive: true, withFileTypes: true }).catch(() => []);
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(dir, path.join(entry.parentPath, entry.name)))
    .sort();
}

beforeAll(async () => {
  stack = await startStorageStack();
  admin = clientFor(stack, stack.serviceRoleKey);
  const { error } = await admin.storage.createBucket('docs', { public: false });
  expect(error).toBeNull();
}, 120_000);

afterAll(async () => {
  await stack?.close();
});

describe('storage objects through supabase-js', () => {
  it('uploads a Blob as multipart and downloads the same bytes and content type', async () => {
    const upload = await admin.storage
      .from('docs')
      .upload('reports/q1.csv', new Blob(['lead,calls\nA,3\n'], { type: 'text/csv' }));
    expect(upload.error).toBeNull();
    expect(upload.data).toMatchObject({ path: 'reports/q1.csv', fullPath: 'docs/reports/q1.csv' });
    expect(upload.data?.id).toMatch(/^[0-9a-f-]{36}$/);

    const download = await admin.storage.from('docs').download('reports/q1.csv');
    expect(download.error).toBeNull();
    expect(await download.data?.text()).toBe('lead,calls\nA,3\n');
    expect(download.data?.type).toBe('text/csv');
  });

  it('uploads raw bytes with the content type and cache control storage-js sends', async () => {
    const bytes = Buffer.from([0, 1, 2, 250, 251, 252]);
    const upload = await admin.storage.from('docs').upload('bin/blob.dat', bytes, {
      contentType: 'application/octet-stream',
      cacheControl: '60',
    });
    expect(upload.error).toBeNull();

    const response = await fetch(`${stack.url}/storage/v1/object/docs/bin/blob.dat`, {
      headers: { authorization: `Bearer ${stack.serviceRoleKey}` },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('max-age=60');
    expect(response.headers.get('etag')).toMatch(/^"[0-9a-f]{32}"$/);
    expect(Buffer.from(await response.arrayBuffer())).toEqual(bytes);

    const info = await admin.storage.from('docs').info('bin/blob.dat');
    expect(info.error).toBeNull();
    expect(info.data).toMatchObject({
      name: 'bin/blob.dat',
      size: 6,
      contentType: 'application/octet-stream',
    });
    expect((await admin.storage.from('docs').exists('bin/blob.dat')).data).toBe(true);
    expect((await admin.storage.from('docs').exists('bin/none.dat')).data).toBe(false);
  });

  it('refuses a second upload to the same path unless upsert is set, then replaces the bytes', async () => {
    await admin.storage
      .from('docs')
      .upload('notes/today.txt', Buffer.from('first'), { contentType: 'text/plain' });
    const again = await admin.storage.from('docs').upload('notes/today.txt', Buffer.from('second'));
    expect(again.error).toMatchObject({
      statusCode: '409',
      message: 'The resource already exists',
    });
    expect(await (await admin.storage.from('docs').download('notes/today.txt')).data?.text()).toBe(
      'first',
    );

    const upsert = await admin.storage
      .from('docs')
      .upload('notes/today.txt', Buffer.from('second'), {
        upsert: true,
        contentType: 'text/plain',
      });
    expect(upsert.error).toBeNull();
    expect(await (await admin.storage.from('docs').download('notes/today.txt')).data?.text()).toBe(
      'second',
    );

    const update = await admin.storage.from('docs').update('notes/today.txt', Buffer.from('third'));
    expect(update.error).toBeNull();
    expect(await (await admin.storage.from('docs').download('notes/today.txt')).data?.text()).toBe(
      'third',
    );
    // Replaced versions leave the disk once the new row commits: one file remains for the key.
    expect(
      (await filesOnDisk('docs')).filter((file) => file.startsWith('notes/today.txt/')),
    ).toHaveLength(1);
  });

  it('lists one folder level with sub-folders first-class and files with metadata', async () => {
    for (const name of [
      'team/a.txt',
      'team/b.txt',
      'team/sub/c.txt',
      'team/sub/deeper/d.txt',
      'other/e.txt',
    ]) {
      const { error } = await admin.storage
        .from('docs')
        .upload(name, Buffer.from(name), { contentType: 'text/plain' });
      expect(error).toBeNull();
    }
    const { data, error } = await admin.storage.from('docs').list('team');
    expect(error).toBeNull();
    expect(data?.map((entry) => [entry.name, entry.id === null])).toEqual([
      ['a.txt', false],
      ['b.txt', false],
      ['sub', true],
    ]);
    expect(data?.[0]?.metadata).toMatchObject({ size: 10, mimetype: 'text/plain' });

    const paged = await admin.storage.from('docs').list('team', { limit: 1, offset: 1 });
    expect(paged.data?.map((entry) => entry.name)).toEqual(['b.txt']);
    const searched = await admin.storage.from('docs').list('team', { search: 'B' });
    expect(searched.data?.map((entry) => entry.name)).toEqual(['b.txt']);
    const descending = await admin.storage
      .from('docs')
      .list('team', { sortBy: { column: 'name', order: 'desc' } });
    expect(descending.data?.map((entry) => entry.name)).toEqual(['sub', 'b.txt', 'a.txt']);
    const root = await admin.storage.from('docs').list();
    expect(root.data?.map((entry) => entry.name)).toEqual(
      expect.arrayContaining(['team', 'other', 'bin']),
    );
  });

  it('moves an object: the old path is gone, the new one has the bytes, and the disk follows', async () => {
    await admin.storage.from('docs').upload('inbox/call.txt', Buffer.from('recording notes'));
    const moved = await admin.storage.from('docs').move('inbox/call.txt', 'archive/2026/call.txt');
    expect(moved.error).toBeNull();
    expect(moved.data).toMatchObject({ message: 'Successfully moved' });

    const old = await admin.storage.from('docs').download('inbox/call.txt');
    expect(old.error).toMatchObject({ statusCode: '404' });
    expect(
      await (await admin.storage.from('docs').download('archive/2026/call.txt')).data?.text(),
    ).toBe('recording notes');
    const files = await filesOnDisk('docs');
    expect(files.some((file) => file.startsWith('inbox/'))).toBe(false);
    expect(files.filter((file) => file.startsWith('archive/2026/call.txt/'))).toHaveLength(1);
  });

  it('copies an object into another bucket and keeps the source', async () => {
    await admin.storage.createBucket('backup');
    await admin.storage
      .from('docs')
      .upload('keep/me.txt', Buffer.from('twice'), { contentType: 'text/plain' });
    const copied = await admin.storage
      .from('docs')
      .copy('keep/me.txt', 'me-copy.txt', { destinationBucket: 'backup' });
    expect(copied.error).toBeNull();
    expect(copied.data).toEqual({ path: 'backup/me-copy.txt' });
    expect(await (await admin.storage.from('backup').download('me-copy.txt')).data?.text()).toBe(
      'twice',
    );
    expect(await (await admin.storage.from('docs').download('keep/me.txt')).data?.text()).toBe(
      'twice',
    );
    const again = await admin.storage
      .from('docs')
      .copy('keep/me.txt', 'me-copy.txt', { destinationBucket: 'backup' });
    expect(again.error).toMatchObject({ statusCode: '409' });
  });

  it('removes objects by path: rows answered back, bytes deleted, unknown paths ignored', async () => {
    await admin.storage.from('docs').upload('trash/1.txt', Buffer.from('1'));
    await admin.storage.from('docs').upload('trash/2.txt', Buffer.from('2'));
    const removed = await admin.storage
      .from('docs')
      .remove(['trash/1.txt', 'trash/2.txt', 'trash/never.txt']);
    expect(removed.error).toBeNull();
    expect(removed.data?.map((row) => row.name).sort()).toEqual(['trash/1.txt', 'trash/2.txt']);
    expect((await admin.storage.from('docs').list('trash')).data).toEqual([]);
    expect((await filesOnDisk('docs')).some((file) => file.startsWith('trash/'))).toBe(false);
  });

  it('serves byte ranges (206 with Content-Range) and refuses an unsatisfiable one', async () => {
    await admin.storage
      .from('docs')
      .upload('range/digits.txt', Buffer.from('0123456789'), { contentType: 'text/plain' });
    const url = `${stack.url}/storage/v1/object/docs/range/digits.txt`;
    const auth = { authorization: `Bearer ${stack.serviceRoleKey}` };
    const middle = await fetch(url, { headers: { ...auth, range: 'bytes=2-5' } });
    expect(middle.status).toBe(206);
    expect(middle.headers.get('content-range')).toBe('bytes 2-5/10');
    expect(await middle.text()).toBe('2345');
    const suffix = await fetch(url, { headers: { ...auth, range: 'bytes=-3' } });
    expect(await suffix.text()).toBe('789');
    const beyond = await fetch(url, { headers: { ...auth, range: 'bytes=20-' } });
    expect(beyond.status).toBe(400);
    expect(await beyond.json()).toMatchObject({ code: 'InvalidRange' });
  });

  it('answers a missing object with storage-api’s not-found error body and HTTP 400', async () => {
    const response = await fetch(`${stack.url}/storage/v1/object/docs/does/not/exist.txt`, {
      headers: { authorization: `Bearer ${stack.serviceRoleKey}` },
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({
      statusCode: '404',
      code: 'NoSuchKey',
      error: 'not_found',
      message: 'Object not found',
    });
  });

  it('enforces a bucket’s file size limit and allowed MIME types', async () => {
    const created = await admin.storage.createBucket('avatars', {
      public: false,
      fileSizeLimit: '1KB',
      allowedMimeTypes: ['image/*'],
    });
    expect(created.error).toBeNull();
    const tooBig = await admin.storage
      .from('avatars')
      .upload('big.png', Buffer.alloc(1001), { contentType: 'image/png' });
    expect(tooBig.error).toMatchObject({ statusCode: '413' });
    const multipartTooBig = await admin.storage
      .from('avatars')
      .upload('big2.png', new Blob([Buffer.alloc(1001)], { type: 'image/png' }));
    expect(multipartTooBig.error).toMatchObject({ statusCode: '413' });
    const wrongType = await admin.storage
      .from('avatars')
      .upload('notes.txt', Buffer.from('text'), { contentType: 'text/plain' });
    expect(wrongType.error).toMatchObject({
      statusCode: '415',
      message: 'mime type text/plain is not supported',
    });
    const fits = await admin.storage
      .from('avatars')
      .upload('me.png', Buffer.alloc(1000), { contentType: 'image/png' });
    expect(fits.error).toBeNull();
    expect(await filesOnDisk('avatars')).toHaveLength(1);
  });
});
