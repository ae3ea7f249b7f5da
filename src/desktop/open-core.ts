// The core as the desktop app opens it, in main or in the utility process: one Workstation under the
// user's data directory with the given secret store, composed by hostCore like every other host.
import { hostCore, type HostedCore } from '../workstation/host-core';
import type { SecretStore } from '../workstation/session';
import { Workstation } from '../workstation/workstation';
import type { CoreStartConfig } from './core-relay';

export async function openDesktopCore(
  config: CoreStartConfig,
  secretStore: SecretStore,
): Promise<HostedCore> {
  const workstation = await Workstation.open({
    dataDir: config.dataDir,
    url: config.url,
    anonKey: config.anonKey,
    secretStore,
  });
  return hostCore(workstation, config.autoSync === undefined ? {} : { autoSync: config.autoSync });
}
