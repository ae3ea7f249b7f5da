// presence:*: what the person shows on the floor board; the core shows offline_syncing while it cannot sync.
import type { Presence } from '../../contract/operations/presence.js';
import { failure, type Failure } from '../../domain/failure.js';
import { isOnline, type FeatureHandlers, type ServiceContext } from './service-context.js';

export function presenceHandlers(
  context: ServiceContext,
): FeatureHandlers<'presence:set' | 'presence:state'> {
  const { workstation, hub, now } = context;

  /** Joins the floor on first use, as whoever is signed in now. */
  const joined = async (): Promise<Failure | null> => {
    const state = workstation.session.state();
    if (state.status !== 'signed_in') {
      return failure('NOT_SIGNED_IN', 'Sign in to show your presence on the floor.', {
        session: state.status,
      });
    }
    await hub.presence.join(state.user, now());
    return null;
  };

  return {
    'presence:set': async (args) => {
      const refused = await joined();
      if (refused !== null) return refused;
      const online = isOnline(workstation);
      const before: Presence = hub.presence.current(online, now());
      const shown = hub.presence.choose(args, online, now());
      if (JSON.stringify(before) !== JSON.stringify(shown)) {
        hub.signal({ kind: 'presence', presence: shown });
      }
      return shown;
    },
    'presence:state': async () => {
      const refused = await joined();
      if (refused !== null) return refused;
      return hub.presence.current(isOnline(workstation), now());
    },
  };
}
