import type { TalentgBridge } from '../../src/contract/bridge';

declare global {
  interface Window {
    /** Present in the desktop app (preload); absent in browser mode, which uses the web-host socket. */
    talentg?: TalentgBridge;
  }
}
