// Makes this app the OS handler of talentg:// links (installers register it too, for a fresh machine).
import { resolve } from 'node:path';
import { app } from 'electron';
import { LEAD_LINK_SCHEME } from '../../src/desktop/lead-links';

export function registerLeadLinkScheme(): void {
  // Run from source (`electron .`), the OS must be told to start Electron with this app's entry.
  if (process.defaultApp && process.argv[1] !== undefined) {
    app.setAsDefaultProtocolClient(LEAD_LINK_SCHEME, process.execPath, [resolve(process.argv[1])]);
  } else {
    app.setAsDefaultProtocolClient(LEAD_LINK_SCHEME);
  }
}
