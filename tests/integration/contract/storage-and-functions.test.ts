import { afterAll, describe, expect, it } from 'vitest';
import { contractTargets } from '../../support/contract-target.js';
import { anonClient, serviceClient, signIn, uniqueName } from './demo-users.js';

const targets = await contractTargets();
afterAll(() => Promise.all(targets.map((target) => target.close())));

describe.each(targets)('storage on $name', (target) => {
  it('service key: create a bucket, upload, list, download, sign a URL, fetch it, remove', async () => {
    const storage = serviceClient(target).storage;
    const bucket = uniqueName('contract-recordings');
    const created = await storage.createBucket(bucket, { public: false });
    expect(created.error).toBeNull();
    expect(created.data).toEqual({ name: bucket });
    const files = storage.from(bucket);
    const path = 'calls/2026/first call.txt';
    const body = 'Rang out after 25 seconds';
    try {
      const uploaded = await files.upload(path, Buffer.from(body), { contentType: 'text/plain' });
      expect(uploaded.error).toBeNull();
      expect(uploaded.data).toMatchObject({ path, fullPath: `${bucket}/${path}` });

      const listed = await files.list('calls/2026');
      expect(listed.error).toBeNull();
      expect(listed.data!.map((entry) => entry.name)).toEqual(['first call.txt']);
      expect(listed.data![0]!.metadata).toMatchObject({
        size: body.length,
        mimetype: 'text/plain',
      });

      const downloaded = await files.download(path);
      expect(downloaded.error).toBeNull();
      expect(await downloaded.data!.text()).toBe(body);

      const signed = await files.createSignedUrl(path, 60);
      expect(signed.error).toBeNull();
      // The signed URL works with no key at all, as a player in the renderer fetches it.
      const response = await fetch(signed.data!.signedUrl);
      expect(response.status).toBe(200);
      expect(await response.text()).toBe(body);

      // Private bucket: the same object is not readable anonymously without the signature.
      const anonymous = await anonClient(target).storage.from(bucket).download(path);
      expect(anonymous.data).toBeNull();
      expect(anonymous.error).not.toBeNull();

      const removed = await files.remove([path]);
      expect(removed.error).toBeNull();
      expect(removed.data!.map((entry) => entry.name)).toEqual([path]);
      expect((await files.list('calls/2026')).data).toEqual([]);
      const gone = await files.download(path);
      expect(gone.data).toBeNull();
      expect(gone.error).not.toBeNull();
    } finally {
      await files.remove([path]);
      expect((await storage.deleteBucket(bucket)).error).toBeNull();
    }
  });
});

describe.each(targets)('edge functions on $name', (target) => {
  it('invoke("health") answers ok with the caller’s role, for anon and for a signed-in telecaller', async () => {
    const anon = await anonClient(target).functions.invoke('health');
    expect(anon.error).toBeNull();
    expect(anon.data).toMatchObject({ status: 'ok', role: 'anon', time: expect.any(String) });

    const tc1 = await signIn(target, 'tc1');
    const signedIn = await tc1.client.functions.invoke('health');
    expect(signedIn.error).toBeNull();
    expect(signedIn.data).toMatchObject({ status: 'ok', role: 'authenticated' });
  });
});
