// sync:*: the health the telecaller sees, a round on demand, and the writes the server refused.
import {
  isFailure,
  withCache,
  type FeatureHandlers,
  type ServiceContext,
} from './service-context.js';
import { deadLetterToWire, progressToWire } from './wire-sync.js';

export function syncHandlers(
  context: ServiceContext,
): FeatureHandlers<'sync:status' | 'sync:now' | 'sync:dead-letters'> {
  const { workstation, hub } = context;
  return {
    'sync:status': () =>
      Promise.resolve(withCache(workstation, () => progressToWire(workstation.engine.progress()))),

    'sync:now': async () => {
      const engine = withCache(workstation, () => workstation.engine);
      if (isFailure(engine)) return engine;
      // A failed round is an answer too: its phase and last_error say why (the contract's sync:now).
      await workstation.syncOnce();
      hub.signal({ kind: 'sync-round' });
      return progressToWire(engine.progress());
    },

    'sync:dead-letters': () =>
      Promise.resolve(
        withCache(workstation, (cache) => {
          const leads = cache.deadLetterLeads();
          return {
            dead_letters: cache
              .deadLetters()
              .map((letter) => deadLetterToWire(letter, leads.get(letter.seq) ?? null)),
          };
        }),
      ),
  };
}
