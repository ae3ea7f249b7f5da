// The workstation core as the desktop app hosts it: in a utility process of its own (core-process.ts),
// relayed by src/desktop/core-relay, with the OS keychain (safeStorage) sealing its secrets here in main.
import { join } from 'node:path';
import { app, safeStorage, utilityProcess } from 'electron';
import {
  relayCore,
  type ChildMessage,
  type ChildPort,
  type RelayedCore,
} from '../../src/desktop/core-relay';
import {
  FileSecretStore,
  SealedSecretStore,
  type SecretStore,
} from '../../src/workstation/session';

export interface Backend {
  readonly url: string;
  readonly anonKey: string;
}

export type { RelayedCore };

function sealedSecrets(dataDir: string): SecretStore {
  if (!safeStorage.isEncryptionAvailable()) {
    console.warn('[talentg] no OS keychain: session tokens are sealed with the platform fallback');
  }
  return new SealedSecretStore(new FileSecretStore(join(dataDir, 'secrets')), safeStorage, (key) =>
    console.warn(`[talentg] secret ${key} could not be unsealed; signing in again restores it`),
  );
}

/** Starts the core in a utility process next to this file's bundle (electron.vite.config.ts builds it). */
export function startCore(
  backend: Backend,
  mainDir: string,
  onCrash: (code: number | null) => void,
): Promise<RelayedCore> {
  const dataDir = app.getPath('userData');
  const child = utilityProcess.fork(join(mainDir, 'core-process.js'), [], {
    serviceName: 'TalentG core',
    stdio: 'inherit',
  });
  const port: ChildPort = {
    postMessage: (message) => child.postMessage(message),
    onMessage: (listener) =>
      void child.on('message', (message) => listener(message as ChildMessage)),
    onExit: (listener) => void child.on('exit', (code) => listener(code)),
    kill: () => void child.kill(),
  };
  return relayCore(
    port,
    { dataDir, url: backend.url, anonKey: backend.anonKey },
    sealedSecrets(dataDir),
    onCrash,
  );
}
