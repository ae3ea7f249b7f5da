import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { SealedSecretStore, type SecretCipher } from './sealed-secret-store.js';
import { FileSecretStore } from './secret-store.js';

/** AES-256-GCM with a key of its own: stands in for the OS keychain behind safeStorage. */
function keychain(key = randomBytes(32)): SecretCipher {
  return {
    encryptString(plain) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
      return Buffer.concat([iv, cipher.getAuthTag(), body]);
    },
    decryptString(sealed) {
      const decipher = createDecipheriv('aes-256-gcm', key, sealed.subarray(0, 12));
      decipher.setAuthTag(sealed.subarray(12, 28));
      return Buffer.concat([decipher.update(sealed.subarray(28)), decipher.final()]).toString('utf8');
    },
  };
}

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});
function tempDir(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'talentg-sealed-'));
  dirs.push(dir);
  return dir;
}

describe('SealedSecretStore', () => {
  it('round-trips a secret and never writes it in the clear', async () => {
    const dir = tempDir();
    const store = new SealedSecretStore(new FileSecretStore(dir), keychain());
    const token = 'eyJhbGciOiJIUzI1NiJ9.refresh-token-value';
    await store.set('talentg-auth', token);
    expect(await store.get('talentg-auth')).toBe(token);
    for (const file of readdirSync(dir)) {
      expect(readFileSync(path.join(dir, file), 'utf8')).not.toContain('refresh-token-value');
    }
    await store.delete('talentg-auth');
    expect(await store.get('talentg-auth')).toBeNull();
  });

  it('answers null, and says so, for a secret sealed by another keychain', async () => {
    const dir = tempDir();
    await new SealedSecretStore(new FileSecretStore(dir), keychain()).set('talentg-auth', 'token');
    const unreadable: string[] = [];
    const other = new SealedSecretStore(new FileSecretStore(dir), keychain(), (key) => unreadable.push(key));
    expect(await other.get('talentg-auth')).toBeNull();
    expect(unreadable).toEqual(['talentg-auth']);
  });
});
