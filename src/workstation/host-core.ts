// The one composition of the core that every host uses (Electron IPC, the web host, tests): handlers,
// events and the closing order, over one Workstation.
import type { Invoke } from '../contract/answer-invoke.js';
import { invokeHandlers } from '../contract/dispatch.js';
import type { CoreEvent } from '../contract/events.js';
import { createServices, type ServiceDeps } from './services/index.js';
import type { Workstation } from './workstation.js';

export interface HostCoreOptions extends ServiceDeps {
  /** Where a handler's crash goes; callers only ever see INTERNAL_ERROR. */
  readonly logCrash?: (op: string, error: unknown) => void;
  /** Parse every result with the contract before answering (tests). */
  readonly checkResults?: boolean;
}

export interface HostedCore {
  /** Runs one operation of the contract with untrusted arguments; always answers an envelope. */
  readonly invoke: Invoke;
  /** Calls `listener` with every core event until the returned function is called. */
  subscribe(listener: (event: CoreEvent) => void): () => void;
  /** Stops events and background sync, leaves the floor, closes the cache; the host calls it once. */
  close(): Promise<void>;
}

export function hostCore(workstation: Workstation, options: HostCoreOptions = {}): HostedCore {
  const logCrash =
    options.logCrash ??
    ((op: string, error: unknown) => console.error(`[talentg] operation ${op} crashed`, error));
  const autoSync = options.autoSync ?? true;
  const services = createServices(workstation, { ...options, autoSync });
  // A person restored from a cached session works (and syncs) at once, without signing in again.
  if (autoSync && workstation.session.currentUser()) workstation.startSync();
  let closed: Promise<void> | null = null;
  return {
    invoke: invokeHandlers(services.handlers, {
      logCrash,
      ...(options.checkResults === undefined ? {} : { checkResults: options.checkResults }),
    }),
    subscribe: (listener) => services.events.subscribe(listener),
    close: () => {
      closed ??= (async () => {
        await services.close();
        await workstation.close();
      })();
      return closed;
    },
  };
}
