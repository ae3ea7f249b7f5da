// The one composition of the core that every host uses (Electron IPC, the web host, tests): handlers,
// events and the closing order, over one Workstation.
import type { Invoke } from '../contract/answer-invoke.js';
import { invokeHandlers } from '../contract/dispatch.js';
import type { CoreEvent } from '../contract/events.js';
import {
  closeServices,
  createEventSource,
  createHandlers,
  type ServiceDeps,
} from './services/index.js';
import type { Workstation } from './workstation.js';

export interface HostCoreOptions extends ServiceDeps {
  /** Where a handler's crash goes; callers only ever see INTERNAL_ERROR. */
  readonly logCrash?: (op: string, error: unknown) => void;
  /** Parse every result with the contract before answering (tests). */
  readonly checkResults?: boolean;
  /** How often sync health is looked at between the engine's own reports (ms; 0 turns it off). */
  readonly pollMs?: number;
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
  const handlers = createHandlers(workstation, { ...options, autoSync });
  const events = createEventSource(workstation, {
    ...(options.now === undefined ? {} : { now: options.now }),
    ...(options.pollMs === undefined ? {} : { pollMs: options.pollMs }),
  });
  // A person restored from a cached session works (and syncs) at once, without signing in again.
  if (autoSync && workstation.session.currentUser()) workstation.startSync();
  let closed: Promise<void> | null = null;
  return {
    invoke: invokeHandlers(handlers, {
      logCrash,
      ...(options.checkResults === undefined ? {} : { checkResults: options.checkResults }),
    }),
    subscribe: (listener) => events.subscribe(listener),
    close: () => {
      closed ??= (async () => {
        events.close();
        await closeServices(workstation);
        await workstation.close();
      })();
      return closed;
    },
  };
}
