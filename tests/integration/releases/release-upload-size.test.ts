// Installers are 100-250 MB: the releases bucket takes files up to 1 GiB, the project's global limit
// (supabase/config.toml, which caps every bucket, as on a hosted project) allows it, and a bucket with
// its own smaller limit still refuses a big file with Storage's 413 EntityTooLarge. The 60 MiB file is
// written and uploaded as a stream of 1 MiB chunks, never held whole.
import { createReadStream, createWriteStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningStack } from '../../../src/local-supabase/stack.js';
import { readProjectConfig } from '../../../src/local-supabase/project-config.js';
import { serviceClient } from '../../support/services-rig.js';
import {
  adminArgs,
  answer,
  closeReleaseRig,
  offeredAt,
  openReleaseRig,
  rowsOf,
  talentg,
} from './release-fixtures.js';

const REPO_ROOT = fileURLToPath(new URL('../../..', import.meta.url));
const MIB = 1024 * 1024;
const SIZE = 60 * MIB;

let stack: RunningStack;
let dir: string;

/** A file of `bytes` written one reused 1 MiB chunk at a time. */
async function bigFile(name: string, bytes: number): Promise<string> {
  const file = path.join(dir, name);
  const out = createWriteStream(file);
  const chunk = Buffer.alloc(MIB, 0x5a);
  for (let written = 0; written < bytes; written += MIB) {
    if (!out.write(chunk.subarray(0, Math.min(MIB, bytes - written)))) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
  return file;
}

beforeAll(async () => {
  ({ stack, dir } = await openReleaseRig());
}, 120_000);

afterAll(closeReleaseRig);

describe('upload size', () => {
  it("the project's global limit allows the releases bucket's own 1 GiB, and is not 50 MiB", async () => {
    const project = await readProjectConfig(REPO_ROOT);
    const bucket = await serviceClient(stack).storage.getBucket('releases');
    expect(bucket.data?.file_size_limit).toBe(1024 * MIB);
    expect(project.storage.fileSizeLimit).toBeGreaterThanOrEqual(1024 * MIB);
  });

  it('an admin at aal2 publishes a 60 MiB installer: streamed up, its row and its bytes stored', async () => {
    const file = await bigFile('TalentG-1.8.0.AppImage', SIZE);
    const run = await talentg([
      'release',
      'publish',
      ...(await adminArgs()),
      '--version',
      '1.8.0',
      '--channel',
      'stable',
      '--staged',
      '100',
      '--json',
      file,
    ]);
    expect(answer(run)).toMatchObject({ ok: true });
    expect(await rowsOf('1.8.0')).toEqual([
      expect.objectContaining({ file_name: 'TalentG-1.8.0.AppImage', size_bytes: SIZE }),
    ]);
    const listed = await serviceClient(stack)
      .storage.from('releases')
      .list('', { search: 'TalentG-1.8.0.AppImage' });
    expect(listed.data?.map((object) => object.metadata?.size)).toEqual([SIZE]);
    expect(await offeredAt(0.5)).toBe('1.8.0');
    expect((await stat(file)).size).toBe(SIZE);
  }, 120_000);

  it('a bucket with its own 50 MiB limit refuses the same 60 MiB with 413 EntityTooLarge', async () => {
    const service = serviceClient(stack);
    const created = await service.storage.createBucket('call-recordings', {
      public: false,
      fileSizeLimit: '50MiB',
    });
    expect(created.error).toBeNull();
    const file = await bigFile('recording.wav', SIZE);
    const refused = await service.storage
      .from('call-recordings')
      .upload('recording.wav', createReadStream(file), { contentType: 'audio/wav' });
    expect(refused.error).toMatchObject({
      statusCode: '413',
      message: 'The object exceeded the maximum allowed size',
    });
    const listed = await service.storage.from('call-recordings').list();
    expect(listed.data).toEqual([]);
  }, 120_000);
});
