import { stat } from 'node:fs/promises';
import path from 'node:path';
import type { SupabaseClient } from '@supabase/supabase-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningStack } from '../../../src/local-supabase/stack.js';
import { clientFor } from '../../support/stack.js';
import { startStorageStack } from './storage-fixture.js';

let stack: RunningStack;
let admin: SupabaseClient;
let anon: SupabaseClient;

beforeAll(async () => {
  stack = await startStorageStack();
  admin = clientFor(stack, stack.serviceRoleKey);
  anon = clientFor(stack, stack.anonKey);
}, 120_000);

afterAll(async () => {
  await stack?.close();
});

describe('buckets', () => {
  it('creates, reads, lists and updates a bucket with the service role', async () => {
    const created = await admin.storage.createBucket('exports', {
      public: false,
      fileSizeLimit: '5MB',
      allowedMimeTypes: ['text/csv'],
    });
    expect(created).toEqual({ data: { name: 'exports' }, error: null });

    const got = await admin.storage.getBucket('exports');
    expect(got.data).toMatchObject({
      id: 'exports',
      name: 'exports',
      public: false,
      file_size_limit: 5_000_000,
      allowed_mime_types: ['text/csv'],
    });
    expect((await admin.storage.listBuckets()).data?.map((bucket) => bucket.id)).toContain(
      'exports',
    );

    const updated = await admin.storage.updateBucket('exports', {
      public: true,
      fileSizeLimit: null,
    });
    expect(updated.data).toEqual({ message: 'Successfully updated' });
    expect((await admin.storage.getBucket('exports')).data).toMatchObject({
      public: true,
      file_size_limit: null,
      allowed_mime_types: ['text/csv'],
    });
  });

  it('refuses a duplicate bucket, a bad name and an unknown one with storage-api errors', async () => {
    await admin.storage.createBucket('dup');
    expect((await admin.storage.createBucket('dup')).error).toMatchObject({ statusCode: '409' });
    expect((await admin.storage.createBucket('bad/name')).error).toMatchObject({
      statusCode: '400',
      message: 'Bucket name invalid',
    });
    expect((await admin.storage.createBucket('..')).error).toMatchObject({
      message: 'Bucket name invalid',
    });
    expect((await admin.storage.getBucket('nowhere')).error).toMatchObject({
      statusCode: '404',
      message: 'Bucket not found',
    });
  });

  it('lets RLS on storage.buckets decide: the anon key can neither create nor see buckets without policies', async () => {
    expect((await anon.storage.createBucket('sneaky')).error).toMatchObject({
      statusCode: '403',
      message: 'new row violates row-level security policy',
    });
    expect((await anon.storage.listBuckets()).data).toEqual([]);
    expect((await anon.storage.getBucket('exports')).error).toMatchObject({ statusCode: '404' });
  });

  it('refuses deleting a bucket that still has objects; empties it and then deletes it and its directory', async () => {
    await admin.storage.createBucket('temp');
    await admin.storage.from('temp').upload('a/b.txt', Buffer.from('x'));
    expect((await admin.storage.deleteBucket('temp')).error).toMatchObject({ statusCode: '409' });
    expect((await admin.storage.emptyBucket('temp')).error).toBeNull();
    expect((await admin.storage.from('temp').list('a')).data).toEqual([]);
    expect((await admin.storage.deleteBucket('temp')).data).toEqual({
      message: 'Successfully deleted',
    });
    await expect(stat(path.join(stack.config.storageDir, 'temp'))).rejects.toMatchObject({
      code: 'ENOENT',
    });
  });
});

describe('public buckets', () => {
  beforeAll(async () => {
    await admin.storage.createBucket('brand', { public: true });
    await admin.storage.createBucket('hidden', { public: false });
    await admin.storage
      .from('brand')
      .upload('logo.svg', Buffer.from('<svg/>'), { contentType: 'image/svg+xml' });
    await admin.storage.from('hidden').upload('secret.txt', Buffer.from('secret'));
  });

  it('serves public URLs to anyone, without a key', async () => {
    const { data } = anon.storage.from('brand').getPublicUrl('logo.svg');
    const response = await fetch(data.publicUrl);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('image/svg+xml');
    expect(await response.text()).toBe('<svg/>');
    const plain = await fetch(`${stack.url}/storage/v1/object/brand/logo.svg`);
    expect(await plain.text()).toBe('<svg/>');
  });

  it('serves nothing from a private bucket to a caller without a token', async () => {
    const { data } = anon.storage.from('hidden').getPublicUrl('secret.txt');
    const viaPublic = await fetch(data.publicUrl);
    expect(viaPublic.status).toBe(400);
    expect(await viaPublic.json()).toMatchObject({
      statusCode: '404',
      message: 'Bucket not found',
    });
    const viaPlain = await fetch(`${stack.url}/storage/v1/object/hidden/secret.txt`);
    expect(await viaPlain.json()).toMatchObject({ statusCode: '404', message: 'Bucket not found' });
    const viaAuthenticated = await fetch(
      `${stack.url}/storage/v1/object/authenticated/hidden/secret.txt`,
    );
    expect(await viaAuthenticated.json()).toMatchObject({
      statusCode: '403',
      code: 'AccessDenied',
    });
  });

  it('stops serving a bucket publicly once it is made private', async () => {
    await admin.storage.updateBucket('brand', { public: false });
    const response = await fetch(
      anon.storage.from('brand').getPublicUrl('logo.svg').data.publicUrl,
    );
    expect(await response.json()).toMatchObject({ statusCode: '404', message: 'Bucket not found' });
  });
});
