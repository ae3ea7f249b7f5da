// The workstation core as the desktop app hosts it: src/workstation's one composition (hostCore), with
// the OS keychain (safeStorage) behind its SecretStore and the user's data directory from Electron.
import { join } from 'node:path';
import { app, safeStorage, type WebContents } from 'electron';
import { EVENT_CHANNEL } from '../../src/contract/bridge';
import { hostCore, type HostedCore } from '../../src/workstation/host-core';
import { FileSecretStore, SealedSecretStore } from '../../src/workstation/session';
import { Workstation } from '../../src/workstation/workstation';

export interface Backend {
  readonly url: string;
  readonly anonKey: string;
}

export type { HostedCore };

export async function startCore(backend: Backend): Promise<HostedCore> {
  const dataDir = app.getPath('userData');
  if (!safeStorage.isEncryptionAvailable()) {
    console.warn('[talentg] no OS keychain: session tokens are sealed with the platform fallback');
  }
  const workstation = await Workstation.open({
    dataDir,
    url: backend.url,
    anonKey: backend.anonKey,
    secretStore: new SealedSecretStore(
      new FileSecretStore(join(dataDir, 'secrets')),
      safeStorage,
      (key) =>
        console.warn(`[talentg] secret ${key} could not be unsealed; signing in again restores it`),
    ),
  });
  return hostCore(workstation);
}

/** Sends every core event to the window until the returned function is called. */
export function forwardEventsTo(core: HostedCore, webContents: WebContents): () => void {
  return core.subscribe((event) => {
    if (!webContents.isDestroyed()) webContents.send(EVENT_CHANNEL, event);
  });
}
