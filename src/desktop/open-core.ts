// The core as the desktop app opens it, in main or in the utility process: one Workstation under the
// user's data directory with the given secret store, composed by hostCore like every other host.
import type { UpdateSession } from '../release/update-policy';
import { updateSessionOf } from '../release/update-session';
import { hostCore, type HostedCore } from '../workstation/host-core';
import type { SecretStore } from '../workstation/session';
import { Workstation } from '../workstation/workstation';
import type { CoreStartConfig } from './core-relay';

/** The core plus what only the shell asks of it, never the renderer: the updater's session. */
export interface DesktopCore extends HostedCore {
  /** The signed-in person's token and update channel for the releases bucket; null while signed out. */
  updateSession(): Promise<UpdateSession | null>;
}

export async function openDesktopCore(
  config: CoreStartConfig,
  secretStore: SecretStore,
): Promise<DesktopCore> {
  const workstation = await Workstation.open({
    dataDir: config.dataDir,
    url: config.url,
    anonKey: config.anonKey,
    secretStore,
  });
  const core = hostCore(
    workstation,
    config.autoSync === undefined ? {} : { autoSync: config.autoSync },
  );
  const backend = { url: config.url, anonKey: config.anonKey };
  return { ...core, updateSession: () => updateSessionOf(workstation.session, backend) };
}
