// calls:log, notes:add, dispositions:list: what a telecaller records, committed to the cache before answering.
import { fromWireInstant } from '../../contract/wire-types.js';
import { DEFAULT_DISPOSITIONS } from '../../domain/dispositions.js';
import { withCache, type FeatureHandlers, type ServiceContext } from './service-context.js';
import {
  callbackToWire,
  dispositionToWire,
  fateToWire,
  interactionToWire,
  leadToWire,
} from './wire-records.js';

export function callsHandlers(
  context: ServiceContext,
): FeatureHandlers<'calls:log' | 'notes:add' | 'dispositions:list'> {
  const { workstation, now } = context;
  return {
    'calls:log': (args) =>
      Promise.resolve(
        withCache(workstation, (cache) => {
          const promise = args.callback;
          const done = cache.logCall({
            leadId: args.lead_id,
            disposition: args.disposition,
            notes: args.notes,
            now: now(),
            ...(args.duration_seconds === undefined
              ? {}
              : { durationSeconds: args.duration_seconds }),
            ...(promise === undefined
              ? {}
              : {
                  callbackAt: fromWireInstant(promise.due_at),
                  callbackScope: promise.scope,
                  callbackNote: promise.note,
                }),
          });
          if (!done.ok) return done;
          return {
            interaction: interactionToWire(done.interaction, 'pending'),
            lead: leadToWire(done.lead, cache.pendingCounts().get(args.lead_id) ?? 0),
            callback: done.callback === null ? null : callbackToWire(done.callback, 'pending'),
            kept_callbacks: done.kept.map((kept) => callbackToWire(kept, 'pending')),
            fate: fateToWire(done.fate),
          };
        }),
      ),

    'notes:add': ({ lead_id, content }) =>
      Promise.resolve(
        withCache(workstation, (cache) => {
          const done = cache.addNote({ leadId: lead_id, content, now: now() });
          if (!done.ok) return done;
          return { interaction: interactionToWire(done.interaction, 'pending') };
        }),
      ),

    'dispositions:list': () =>
      Promise.resolve(
        withCache(workstation, (cache) => {
          const cached = cache.dispositions();
          // Before the first download calls are judged by the built-in codes, so those are the ones to offer.
          if (cached.length === 0) {
            return {
              dispositions: DEFAULT_DISPOSITIONS.map((d) => ({
                ...d,
                description: '',
                hotkey: null,
              })),
            };
          }
          return {
            dispositions: cached.filter((d) => d.is_active).map(dispositionToWire),
          };
        }),
      ),
  };
}
