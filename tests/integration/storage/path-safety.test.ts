import { request } from 'node:http';
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningStack } from '../../../src/local-supabase/stack.js';
import { clientFor } from '../../support/stack.js';
import { startStorageStack } from './storage-fixture.js';

let stack: RunningStack;

/** Sends a path byte for byte (fetch would normalise dot segments before they reach the server). */
function rawRequest(
  method: string,
  rawPath: string,
  body?: string,
): Promise<{ status: number; json: unknown }> {
  const url = new URL(stack.url);
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: url.hostname,
        port: url.port,
        method,
        path: rawPath,
        headers: { authorization: `Bearer ${stack.serviceRoleKey}`, 'content-type': 'text/plain' },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          resolve({ status: res.statusCode ?? 0, json: text ? JSON.parse(text) : null });
        });
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

beforeAll(async () => {
  stack = await startStorageStack();
  expect(
    (await clientFor(stack, stack.serviceRoleKey).storage.createBucket('box')).error,
  ).toBeNull();
}, 120_000);

afterAll(async () => {
  await stack?.close();
});

describe('object paths never leave the storage directory', () => {
  const escapes = [
    '/storage/v1/object/box/..%2F..%2Fescaped.txt',
    '/storage/v1/object/box/%2e%2e%2f%2e%2e%2fescaped.txt',
    '/storage/v1/object/box/ok/..%2F..%2F..%2Fescaped.txt',
    '/storage/v1/object/box/%2Fescaped.txt',
    '/storage/v1/object/box//escaped.txt',
    '/storage/v1/object/box/nul%00.txt',
    '/storage/v1/object/box/back%5C..%5Cescaped.txt',
    '/storage/v1/object/box/bad%ZZescape.txt',
  ];

  it.each(escapes)(
    'refuses an upload to %s with InvalidKey (HTTP 400), writing nothing',
    async (rawPath) => {
      const { status, json } = await rawRequest('POST', rawPath, 'payload');
      expect(status).toBe(400);
      expect(json).toMatchObject({ statusCode: '400', code: 'InvalidKey' });
    },
  );

  it('refuses traversal in downloads, signing, moves and bucket names', async () => {
    expect(
      (await rawRequest('GET', '/storage/v1/object/box/..%2F..%2Fetc%2Fpasswd')).json,
    ).toMatchObject({
      code: 'InvalidKey',
    });
    expect(
      (await rawRequest('POST', '/storage/v1/object/sign/box/..%2Fx', '{"expiresIn":60}')).json,
    ).toMatchObject({
      code: 'InvalidKey',
    });
    const move = await rawRequest(
      'POST',
      '/storage/v1/object/move',
      JSON.stringify({ bucketId: 'box', sourceKey: 'a.txt', destinationKey: '../../escaped.txt' }),
    );
    expect(move.json).toMatchObject({ code: 'InvalidKey' });
    const bucket = await rawRequest(
      'POST',
      '/storage/v1/object/..%2F..%2Ftmp/escaped.txt',
      'payload',
    );
    expect(bucket.json).toMatchObject({ statusCode: '400', code: 'InvalidBucketName' });
  });

  it('left nothing outside the storage directory and no object rows behind', async () => {
    for (const where of [
      path.join(stack.config.storageDir, '..'),
      path.join(stack.config.storageDir, '..', '..'),
    ]) {
      await expect(stat(path.join(where, 'escaped.txt'))).rejects.toMatchObject({ code: 'ENOENT' });
    }
    const rows = await stack.db.query<{ n: string }>(
      'select count(*)::text as n from storage.objects',
    );
    expect(rows.rows[0]?.n).toBe('0');
    const temp = await readdir(path.join(stack.config.storageDir, '#tmp')).catch(() => []);
    expect(temp).toEqual([]);
  });

  it('still stores a key with allowed special characters', async () => {
    const { status, json } = await rawRequest(
      'POST',
      "/storage/v1/object/box/a%20b/c:(d)!'e'.txt",
      'fine',
    );
    expect(status).toBe(200);
    expect(json).toMatchObject({ Key: "box/a b/c:(d)!'e'.txt" });
  });
});
