// sync:*: the health the telecaller sees, a round on demand, and the writes the server refused.
import { withCache, type FeatureHandlers, type ServiceContext } from './service-context.js';
import { failure, isFailure } from '../../domain/failure.js';
import { listConflicts, settleConflict } from './sync-conflicts.js';
import { deadLetterToWire, progressToWire } from './wire-sync.js';

export function syncHandlers(
  context: ServiceContext,
): FeatureHandlers<
  | 'sync:status'
  | 'sync:now'
  | 'sync:dead-letters'
  | 'sync:retry-dead-letter'
  | 'sync:dismiss-dead-letter'
  | 'sync:adopt-server'
  | 'sync:conflicts'
  | 'sync:settle-conflict'
> {
  const { workstation, hub, now } = context;
  return {
    'sync:status': () =>
      Promise.resolve(
        withCache(workstation, (_cache, engine) => progressToWire(engine.progress())),
      ),

    'sync:now': async () => {
      const attached = workstation.attached();
      if (isFailure(attached)) return attached;
      // A failed round is an answer too: its phase and last_error say why (the contract's sync:now).
      await attached.engine.syncOnce();
      hub.signal({ kind: 'sync-round' });
      return progressToWire(attached.engine.progress());
    },

    'sync:dead-letters': () =>
      Promise.resolve(
        withCache(workstation, (cache) => ({
          dead_letters: cache.deadLetters().map(deadLetterToWire),
        })),
      ),

    'sync:retry-dead-letter': ({ seq }) =>
      Promise.resolve(
        withCache(workstation, (cache) => {
          const done = cache.retryDeadLetter(seq, now());
          if (!done.ok) return done;
          const wire = deadLetterToWire(done.deadLetter);
          return { dead_letter: wire, queued_seq: done.seq };
        }),
      ),

    'sync:adopt-server': async () => {
      const adopted = await workstation.adoptServer();
      if (!adopted.ok) return failure(adopted.code, adopted.message);
      // Another file now: every screen reads afresh, as after a change of user.
      hub.signal({ kind: 'user-switched' });
      return { kept_as: adopted.keptAs, pending_kept: adopted.pendingKept };
    },

    'sync:conflicts': (args) => listConflicts(context, args),
    'sync:settle-conflict': (args) => settleConflict(context, args),

    'sync:dismiss-dead-letter': ({ seq }) =>
      Promise.resolve(
        withCache(workstation, (cache) => {
          const done = cache.dismissDeadLetter(seq, now());
          if (!done.ok) return done;
          hub.signal({ kind: 'sync-round' });
          return { dead_letter: deadLetterToWire(done.deadLetter) };
        }),
      ),
  };
}
