// The workstation's network, as a switch the test holds: a TCP proxy between the workstation core and
// the stack. Cut refuses new connections and breaks the open ones (REST pools, the Realtime socket),
// as a pulled cable does; restore lets everything through again.
import { portOf, startFaultProxy, type FaultProxy } from '../../support/fault-proxy.js';

export interface NetworkLink {
  /** Hand this to the workstation instead of the stack's URL. */
  readonly url: string;
  readonly isCut: boolean;
  cut(): void;
  restore(): void;
  close(): Promise<void>;
}

export async function startNetworkLink(targetUrl: string): Promise<NetworkLink> {
  const proxy: FaultProxy = await startFaultProxy({ targetPort: portOf(targetUrl) });
  let isCut = false;
  return {
    url: proxy.url,
    get isCut() {
      return isCut;
    },
    cut() {
      isCut = true;
      proxy.mode('drop');
      proxy.cutAll();
    },
    restore() {
      isCut = false;
      proxy.mode('pass');
    },
    close: () => proxy.close(),
  };
}
