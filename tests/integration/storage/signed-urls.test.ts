import type { SupabaseClient } from '@supabase/supabase-js';
import { SignJWT, decodeJwt } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningStack } from '../../../src/local-supabase/stack.js';
import { clientFor } from '../../support/stack.js';
import { startStorageStack } from './storage-fixture.js';

let stack: RunningStack;
let admin: SupabaseClient;

/** A signed-URL token as the stack would mint it, but with any claims and key the test chooses. */
function mintToken(
  claims: Record<string, unknown>,
  secret: string,
  expiresAt: number,
): Promise<string> {
  return new SignJWT(claims)
    .setProtectedHeader({ alg: 'HS256' })
    .setIssuedAt()
    .setExpirationTime(expiresAt)
    .sign(new TextEncoder().encode(secret));
}

const now = () => Math.floor(Date.now() / 1000);

beforeAll(async () => {
  stack = await startStorageStack();
  admin = clientFor(stack, stack.serviceRoleKey);
  expect((await admin.storage.createBucket('recordings')).error).toBeNull();
  for (const name of ['calls/2026/a.txt', 'calls/2026/b c.txt']) {
    const { error } = await admin.storage
      .from('recordings')
      .upload(name, Buffer.from(`bytes of ${name}`), {
        contentType: 'text/plain',
      });
    expect(error).toBeNull();
  }
}, 120_000);

afterAll(async () => {
  await stack?.close();
});

describe('signed URLs', () => {
  it('creates a signed URL whose token is a stack-signed JWT naming the object, and serves it without a key', async () => {
    const { data, error } = await admin.storage
      .from('recordings')
      .createSignedUrl('calls/2026/a.txt', 120);
    expect(error).toBeNull();
    const url = new URL(data!.signedUrl);
    expect(url.pathname).toBe('/storage/v1/object/sign/recordings/calls/2026/a.txt');
    const claims = decodeJwt(url.searchParams.get('token')!);
    expect(claims).toMatchObject({ url: 'recordings/calls/2026/a.txt', scope: 'download' });
    expect(claims.exp! - claims.iat!).toBe(120);

    const response = await fetch(data!.signedUrl);
    expect(response.status).toBe(200);
    expect(await response.text()).toBe('bytes of calls/2026/a.txt');
    expect(response.headers.get('expires')).toBe(new Date(claims.exp! * 1000).toUTCString());
  });

  it('adds a download disposition when asked', async () => {
    const { data } = await admin.storage
      .from('recordings')
      .createSignedUrl('calls/2026/a.txt', 60, { download: 'call.txt' });
    const response = await fetch(data!.signedUrl);
    expect(response.headers.get('content-disposition')).toBe(
      "attachment; filename=call.txt; filename*=UTF-8''call.txt",
    );
  });

  it('signs a batch, answering an error for paths that do not exist', async () => {
    const { data, error } = await admin.storage
      .from('recordings')
      .createSignedUrls(['calls/2026/a.txt', 'calls/2026/b c.txt', 'calls/none.txt'], 60);
    expect(error).toBeNull();
    expect(data?.map((entry) => [entry.path, entry.error])).toEqual([
      ['calls/2026/a.txt', null],
      ['calls/2026/b c.txt', null],
      ['calls/none.txt', 'Either the object does not exist or you do not have access to it'],
    ]);
    const response = await fetch(data![1]!.signedUrl!);
    expect(await response.text()).toBe('bytes of calls/2026/b c.txt');
  });

  it('refuses an expired token', async () => {
    const token = await mintToken(
      { url: 'recordings/calls/2026/a.txt', scope: 'download' },
      stack.jwtSecret,
      now() - 5,
    );
    const response = await fetch(
      `${stack.url}/storage/v1/object/sign/recordings/calls/2026/a.txt?token=${token}`,
    );
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ statusCode: '400', code: 'InvalidJWT' });
  });

  it('refuses a token signed with another secret', async () => {
    const token = await mintToken(
      { url: 'recordings/calls/2026/a.txt', scope: 'download' },
      'y'.repeat(40),
      now() + 60,
    );
    const response = await fetch(
      `${stack.url}/storage/v1/object/sign/recordings/calls/2026/a.txt?token=${token}`,
    );
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ code: 'InvalidJWT' });
  });

  it('refuses a valid token used for another object, an upload-scoped token, and a plain API key', async () => {
    const { data } = await admin.storage.from('recordings').createSignedUrl('calls/2026/a.txt', 60);
    const token = new URL(data!.signedUrl).searchParams.get('token')!;
    const other = await fetch(
      `${stack.url}/storage/v1/object/sign/recordings/calls/2026/b%20c.txt?token=${token}`,
    );
    expect(await other.json()).toMatchObject({ statusCode: '400', code: 'InvalidSignature' });

    const upload = await mintToken(
      { url: 'recordings/calls/2026/a.txt', scope: 'upload' },
      stack.jwtSecret,
      now() + 60,
    );
    const scoped = await fetch(
      `${stack.url}/storage/v1/object/sign/recordings/calls/2026/a.txt?token=${upload}`,
    );
    expect(await scoped.json()).toMatchObject({ code: 'InvalidSignature' });

    const apiKey = await fetch(
      `${stack.url}/storage/v1/object/sign/recordings/calls/2026/a.txt?token=${stack.serviceRoleKey}`,
    );
    expect(apiKey.status).toBe(400);
    expect(await apiKey.json()).toMatchObject({ code: 'InvalidSignature' });
  });

  it('refuses a request without a token', async () => {
    const response = await fetch(`${stack.url}/storage/v1/object/sign/recordings/calls/2026/a.txt`);
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ statusCode: '400', code: 'InvalidRequest' });
  });
});
