// callbacks:*: promising a call, keeping or cancelling the promise, and the list of promises.
import { fromWireInstant } from '../../contract/wire-types.js';
import type { Cache, CachedCallback } from '../cache/index.js';
import { withCache, type FeatureHandlers, type ServiceContext } from './service-context.js';
import {
  callbackToWire,
  callbackWithLeadToWire,
  leadToWire,
  syncStateOf,
  type SyncState,
} from './wire-records.js';

/** Where an unchanged callback stands in sync, from its lead's history marks. */
function syncStateOfCallback(cache: Cache, callback: CachedCallback): SyncState {
  const row = cache.leadWithHistory(callback.lead_id)?.callbacks.find((c) => c.id === callback.id);
  return row === undefined
    ? callback.local_seq === null
      ? 'synced'
      : 'pending'
    : syncStateOf(row.sync);
}

export function callbacksHandlers(
  context: ServiceContext,
): FeatureHandlers<'callbacks:schedule' | 'callbacks:complete' | 'callbacks:list'> {
  const { workstation, now } = context;
  return {
    'callbacks:schedule': ({ lead_id, due_at, scope, note }) =>
      Promise.resolve(
        withCache(workstation, (cache) => {
          const done = cache.scheduleCallback({
            leadId: lead_id,
            dueAt: fromWireInstant(due_at),
            scope,
            note,
            now: now(),
          });
          if (!done.ok) return done;
          return {
            callback: callbackToWire(done.callback, 'pending'),
            lead: leadToWire(done.lead, cache.pendingCounts().get(lead_id) ?? 0),
          };
        }),
      ),

    'callbacks:complete': ({ callback_id, state }) =>
      Promise.resolve(
        withCache(workstation, (cache) => {
          const done = cache.completeCallback({ callbackId: callback_id, state, now: now() });
          if (!done.ok) return done;
          // Closing a closed callback wrote nothing: nothing changed, nothing to push.
          if (done.seq === null) {
            return {
              callback: callbackToWire(done.callback, syncStateOfCallback(cache, done.callback)),
            };
          }
          return { callback: callbackToWire(done.callback, 'pending') };
        }),
      ),

    'callbacks:list': ({ states, due_before, lead_id, limit }) =>
      Promise.resolve(
        withCache(workstation, (cache) => ({
          callbacks: cache
            .callbacks({
              states,
              limit,
              ...(due_before === undefined ? {} : { dueBefore: fromWireInstant(due_before) }),
              ...(lead_id === undefined ? {} : { leadId: lead_id }),
            })
            .map((row) =>
              callbackWithLeadToWire(
                row.callback,
                row.unconfirmed ? 'pending' : 'synced',
                row.lead,
              ),
            ),
        })),
      ),
  };
}
