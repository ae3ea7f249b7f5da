// Where the core keeps session secrets: injected, so Electron can back it with safeStorage.
import { randomUUID } from 'node:crypto';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';

export interface SecretStore {
  get(key: string): Promise<string | null>;
  set(key: string, value: string): Promise<void>;
  delete(key: string): Promise<void>;
}

/** Keys become file names, so only a plain name is allowed: no separators, no `..`, no hidden files. */
const KEY_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;

function checkKey(key: string): void {
  if (!KEY_PATTERN.test(key) || key.includes('..')) {
    throw new Error(`secret store key "${key}" is not a plain name ([A-Za-z0-9._-], at most 128)`);
  }
}

/** For tests and for a core that must forget everything when it stops. */
export class MemorySecretStore implements SecretStore {
  private readonly values = new Map<string, string>();

  async get(key: string): Promise<string | null> {
    checkKey(key);
    return this.values.get(key) ?? null;
  }

  async set(key: string, value: string): Promise<void> {
    checkKey(key);
    this.values.set(key, value);
  }

  async delete(key: string): Promise<void> {
    checkKey(key);
    this.values.delete(key);
  }

  keys(): string[] {
    return [...this.values.keys()];
  }
}

/**
 * One file per key, mode 0600. NOT encrypted: for the headless CLI and tests only; the app injects safeStorage.
 * A write goes to a temp file that is renamed over the key, so a crash leaves the old value or the new one.
 */
export class FileSecretStore implements SecretStore {
  constructor(readonly dir: string) {}

  private fileOf(key: string): string {
    checkKey(key);
    return path.join(this.dir, key);
  }

  async get(key: string): Promise<string | null> {
    try {
      return await readFile(this.fileOf(key), 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw error;
    }
  }

  async set(key: string, value: string): Promise<void> {
    const file = this.fileOf(key);
    await mkdir(this.dir, { recursive: true, mode: 0o700 });
    const temp = path.join(this.dir, `.${key}.${randomUUID()}.tmp`);
    try {
      // flush: the bytes are on disk before the rename makes them the key's value.
      await writeFile(temp, value, { encoding: 'utf8', mode: 0o600, flush: true });
      await rename(temp, file);
    } catch (error) {
      await rm(temp, { force: true });
      throw error;
    }
  }

  async delete(key: string): Promise<void> {
    await rm(this.fileOf(key), { force: true });
  }
}
