// The workstation core as the desktop app hosts it: the same src/workstation the CLI and tests run,
// with the OS keychain (safeStorage) behind its SecretStore and the user's data directory from Electron.
import { join } from 'node:path';
import { app, safeStorage, type WebContents } from 'electron';
import type { Invoke } from '../../src/contract/answer-invoke';
import { EVENT_CHANNEL } from '../../src/contract/bridge';
import { invokeHandlers } from '../../src/contract/dispatch';
import { closeServices, createEventSource, createHandlers } from '../../src/workstation/services';
import { FileSecretStore, SealedSecretStore } from '../../src/workstation/session';
import { Workstation } from '../../src/workstation/workstation';

export interface Backend {
  readonly url: string;
  readonly anonKey: string;
}

export interface HostedCore {
  readonly invoke: Invoke;
  /** Sends every core event to the window until the returned function is called. */
  forwardEventsTo(webContents: WebContents): () => void;
  close(): Promise<void>;
}

export async function startCore(backend: Backend): Promise<HostedCore> {
  const dataDir = app.getPath('userData');
  if (!safeStorage.isEncryptionAvailable()) {
    console.warn('[talentg] no OS keychain: session tokens are sealed with the platform fallback');
  }
  const workstation = await Workstation.open({
    dataDir,
    url: backend.url,
    anonKey: backend.anonKey,
    secretStore: new SealedSecretStore(new FileSecretStore(join(dataDir, 'secrets')), safeStorage, (key) =>
      console.warn(`[talentg] secret ${key} could not be unsealed; signing in again restores it`),
    ),
  });
  if (workstation.session.currentUser()) workstation.startSync();
  const events = createEventSource(workstation);
  return {
    invoke: invokeHandlers(createHandlers(workstation, { autoSync: true }), {
      logCrash: (op, error) => console.error(`[talentg] operation ${op} crashed`, error),
    }),
    forwardEventsTo: (webContents) =>
      events.subscribe((event) => {
        if (!webContents.isDestroyed()) webContents.send(EVENT_CHANNEL, event);
      }),
    close: async () => {
      events.close();
      await closeServices(workstation);
      await workstation.close();
    },
  };
}
