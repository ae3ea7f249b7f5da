import { mkdtemp, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { FileSecretStore, MemorySecretStore, type SecretStore } from './secret-store.js';

const dirs: string[] = [];
async function tempDir(): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'talentg-secrets-'));
  dirs.push(dir);
  return dir;
}
afterEach(async () => {
  await Promise.all(dirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

const stores: [string, () => Promise<SecretStore>][] = [
  ['MemorySecretStore', async () => new MemorySecretStore()],
  ['FileSecretStore', async () => new FileSecretStore(await tempDir())],
];

describe.each(stores)('%s', (_name, make) => {
  it('gives back what was set, null for an unknown key, null after delete', async () => {
    const store = await make();
    expect(await store.get('talentg-auth')).toBeNull();
    await store.set('talentg-auth', '{"access_token":"a"}');
    await store.set('talentg-auth', '{"access_token":"b"}');
    expect(await store.get('talentg-auth')).toBe('{"access_token":"b"}');
    await store.delete('talentg-auth');
    await store.delete('talentg-auth');
    expect(await store.get('talentg-auth')).toBeNull();
  });

  it('refuses keys that are not plain names, so a key can never reach outside the store', async () => {
    const store = await make();
    for (const key of ['../escape', 'a/b', '', '.hidden', 'a..b', 'x'.repeat(129)]) {
      await expect(store.set(key, 'v')).rejects.toThrow(/not a plain name/);
      await expect(store.get(key)).rejects.toThrow(/not a plain name/);
    }
  });
});

describe('FileSecretStore on disk', () => {
  it('writes one file per key, readable by the owner only (0600)', async () => {
    const dir = await tempDir();
    const store = new FileSecretStore(path.join(dir, 'nested'));
    await store.set('talentg-auth', 'secret');
    await store.set('talentg-session-user', 'who');
    const files = (await readdir(path.join(dir, 'nested'))).sort();
    expect(files).toEqual(['talentg-auth', 'talentg-session-user']);
    const mode = (await stat(path.join(dir, 'nested', 'talentg-auth'))).mode & 0o777;
    expect(mode).toBe(0o600);
  });

  it('replaces a value by rename: no temp file stays, a new reader sees the whole new value', async () => {
    const dir = await tempDir();
    const writer = new FileSecretStore(dir);
    const long = 'x'.repeat(200_000);
    await writer.set('talentg-auth', 'old');
    await Promise.all([writer.set('talentg-auth', long), writer.set('talentg-auth', long)]);
    expect(await new FileSecretStore(dir).get('talentg-auth')).toBe(long);
    expect(await readdir(dir)).toEqual(['talentg-auth']);
  });

  it('delete removes only its own key, never other files in the directory', async () => {
    const dir = await tempDir();
    await writeFile(path.join(dir, 'cache.sqlite'), 'not a secret');
    const store = new FileSecretStore(dir);
    await store.set('talentg-auth', 'secret');
    await store.delete('talentg-auth');
    expect(await readdir(dir)).toEqual(['cache.sqlite']);
  });
});
