// What the handlers and the event source of one workstation share: local-write signals and the floor presence.
// Kept per Workstation so createHandlers(workstation) and createEventSource(workstation) meet without wiring.
import type { CACHE_TABLES } from '../../contract/events.js';
import type { Presence } from '../../contract/operations/presence.js';
import type { SyncProgress as EngineProgress } from '../sync/engine.js';
import type { Workstation } from '../workstation.js';
import { FloorPresence } from './floor-presence.js';

export type CacheTable = (typeof CACHE_TABLES)[number];

export type HubSignal =
  /** A handler committed a local write: which tables and leads it touched. */
  | {
      readonly kind: 'local-write';
      readonly tables: readonly CacheTable[];
      readonly lead_ids: readonly string[];
    }
  /** A sign-in or sign-out through the handlers finished: the cache may belong to someone else now. */
  | { readonly kind: 'user-switched' }
  /** sync:now finished a round: counts and phase may have moved. */
  | { readonly kind: 'sync-round' }
  /** The engine's own progress (the event source subscribes to Workstation.onProgress). */
  | { readonly kind: 'engine-progress'; readonly progress: EngineProgress }
  /** presence:set changed what the person shows. */
  | { readonly kind: 'presence'; readonly presence: Presence };

export interface ServicesHub {
  readonly presence: FloorPresence;
  signal(signal: HubSignal): void;
  onSignal(listener: (signal: HubSignal) => void): () => void;
  /** Leaves the floor channel and forgets this workstation's shared state. */
  close(): Promise<void>;
}

const hubs = new WeakMap<Workstation, ServicesHub>();

function createHub(workstation: Workstation): ServicesHub {
  const listeners = new Set<(signal: HubSignal) => void>();
  const presence = new FloorPresence(workstation.session.client, (error) =>
    console.warn('[talentg] floor presence could not be published:', error),
  );
  // Signed out or revoked: nobody is on the floor from this machine any more.
  const stopWatchingSession = workstation.session.onChange((state) => {
    if (state.status !== 'signed_in' && presence.active) {
      presence
        .leave()
        .catch((error: unknown) => console.warn('[talentg] leaving the floor failed:', error));
    }
  });
  const hub: ServicesHub = {
    presence,
    signal: (signal) => {
      for (const listener of [...listeners]) {
        // A write that already committed must still answer: a failing listener is logged, not thrown back.
        try {
          listener(signal);
        } catch (error) {
          console.error(`[talentg] a ${signal.kind} listener failed:`, error);
        }
      }
    },
    onSignal: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    close: async () => {
      stopWatchingSession();
      listeners.clear();
      hubs.delete(workstation);
      await presence.leave();
    },
  };
  return hub;
}

export function hubOf(workstation: Workstation): ServicesHub {
  let hub = hubs.get(workstation);
  if (hub === undefined) {
    hub = createHub(workstation);
    hubs.set(workstation, hub);
  }
  return hub;
}

/** The engine's progress into the hub, so sync:progress shows the running phases (pushing 3/10). */
export function forwardEngineProgress(workstation: Workstation, progress: EngineProgress): void {
  hubOf(workstation).signal({ kind: 'engine-progress', progress });
}

/** Leaves the floor channel; call before Workstation.close() so no Realtime socket outlives the core. */
export async function closeServices(workstation: Workstation): Promise<void> {
  await hubs.get(workstation)?.close();
}
