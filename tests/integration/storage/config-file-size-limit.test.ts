// config.toml's [storage] file_size_limit caps every upload, as storage-api's FILE_SIZE_LIMIT does under
// `supabase start`: a bucket without a limit of its own takes it, and no bucket may allow more.
import { rm } from 'node:fs/promises';
import type { SupabaseClient } from '@supabase/supabase-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningStack } from '../../../src/local-supabase/stack.js';
import { projectWithConfig } from '../../support/project-dir.js';
import { clientFor, startTestStack } from '../../support/stack.js';

let projectDir: string;
let stack: RunningStack;
let admin: SupabaseClient;

beforeAll(async () => {
  projectDir = await projectWithConfig('[storage]\nenabled = true\nfile_size_limit = "2KiB"\n');
  stack = await startTestStack({ projectDir, migrations: false });
  admin = clientFor(stack, stack.serviceRoleKey);
}, 120_000);
afterAll(async () => {
  await stack?.close();
  if (projectDir) await rm(projectDir, { recursive: true, force: true });
});

describe('[storage] file_size_limit from config.toml', () => {
  it('refuses an upload past it with 413 in a bucket without a limit of its own, and takes one at it', async () => {
    expect((await admin.storage.createBucket('docs', { public: false })).error).toBeNull();
    const tooBig = await admin.storage
      .from('docs')
      .upload('big.bin', Buffer.alloc(2049), { contentType: 'application/octet-stream' });
    expect(tooBig.error).toMatchObject({ statusCode: '413' });
    const fits = await admin.storage
      .from('docs')
      .upload('fits.bin', Buffer.alloc(2048), { contentType: 'application/octet-stream' });
    expect(fits.error).toBeNull();
    const { rows } = await stack.db.query<{ name: string }>(
      `select name from storage.objects where bucket_id = 'docs'`,
    );
    expect(rows).toEqual([{ name: 'fits.bin' }]);
  });

  it('refuses a bucket whose own limit is above it', async () => {
    const created = await admin.storage.createBucket('roomy', {
      public: false,
      fileSizeLimit: '3KB',
    });
    expect(created.error).toMatchObject({ statusCode: '413' });
    expect((await admin.storage.getBucket('roomy')).data).toBeNull();
  });
});
