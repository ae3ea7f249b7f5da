// Secrets encrypted before they reach another store: the desktop app seals with Electron's safeStorage
// (the OS keychain), so a copied data directory holds no usable token.
import type { SecretStore } from './secret-store.js';

/** Electron's safeStorage has exactly this shape; tests pass a node:crypto one. */
export interface SecretCipher {
  encryptString(plain: string): Buffer;
  decryptString(sealed: Buffer): string;
}

export class SealedSecretStore implements SecretStore {
  constructor(
    private readonly inner: SecretStore,
    private readonly cipher: SecretCipher,
    private readonly onUnreadable: (key: string, error: unknown) => void = () => {},
  ) {}

  async get(key: string): Promise<string | null> {
    const sealed = await this.inner.get(key);
    if (sealed === null) return null;
    try {
      return this.cipher.decryptString(Buffer.from(sealed, 'base64'));
    } catch (error) {
      // Another OS user or a reset keychain: the secret is gone, so the person signs in again;
      // their cache and outbox are kept under their user id and are found after that sign-in.
      this.onUnreadable(key, error);
      return null;
    }
  }

  async set(key: string, value: string): Promise<void> {
    await this.inner.set(key, this.cipher.encryptString(value).toString('base64'));
  }

  async delete(key: string): Promise<void> {
    await this.inner.delete(key);
  }
}
