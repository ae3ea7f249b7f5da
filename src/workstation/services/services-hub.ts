// What the handlers and the event source of one core share, made once by createServices and handed to
// both: the floor presence, and the few signals that are not cache writes (sign-in, a sync round).
import type { Presence } from '../../contract/operations/presence.js';
import type { Workstation } from '../workstation.js';
import { FloorPresence } from './floor-presence.js';

export type HubSignal =
  /** A sign-in, sign-out or adopted server: the cache may belong to someone else now. */
  | { readonly kind: 'user-switched' }
  /** sync:now finished a round, or a dead letter was settled: counts and phase may have moved. */
  | { readonly kind: 'sync-round' }
  /** presence:set changed what the person shows. */
  | { readonly kind: 'presence'; readonly presence: Presence };

export interface ServicesHub {
  readonly presence: FloorPresence;
  signal(signal: HubSignal): void;
  onSignal(listener: (signal: HubSignal) => void): () => void;
  /** Leaves the floor channel; call before Workstation.close() so no Realtime socket outlives the core. */
  close(): Promise<void>;
}

export function createServicesHub(workstation: Workstation): ServicesHub {
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
  return {
    presence,
    signal: (signal) => {
      for (const listener of [...listeners]) {
        // What already happened must still answer: a failing listener is logged, not thrown back.
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
      await presence.leave();
    },
  };
}
