// leads:*: the queue, one lead with its history, search, and status moves, all from the local cache.
import { toWireInstant } from '../../contract/wire-types.js';
import { createDialGate } from '../../domain/dnc.js';
import { failure } from '../../domain/failure.js';
import type { CachedLead } from '../cache/index.js';
import { withCache, type FeatureHandlers, type ServiceContext } from './service-context.js';
import {
  callbackToWire,
  dialToWire,
  interactionToWire,
  leadToWire,
  queueEntryToWire,
  syncStateOf,
} from './wire-records.js';

/** A status filter is applied after the text search, so the search looks further ahead for it. */
const FILTERED_SEARCH_LIMIT = 500;

/**
 * How many leads the queue holds, knowing a page of `found` entries: a short page that is not empty
 * ends the queue, so only a full page, or an empty one past the end, needs the count.
 */
export function queueTotalAround(
  found: number,
  page: { readonly limit: number; readonly offset: number },
  count: () => number,
): number {
  const reached = page.offset + found;
  if (found === page.limit) return Math.max(count(), reached);
  if (found > 0 || page.offset === 0) return reached;
  // The queue ends at or before `offset`: no count above it can be right.
  return Math.min(count(), page.offset);
}

export function leadsHandlers(
  context: ServiceContext,
): FeatureHandlers<'leads:queue' | 'leads:get' | 'leads:search' | 'leads:set-status'> {
  const { workstation, now } = context;
  return {
    'leads:queue': ({ limit, offset }) =>
      Promise.resolve(
        withCache(workstation, (cache) => {
          const at = now();
          const entries = cache.queue({ now: at, limit, offset });
          const pending = cache.pendingCounts();
          return {
            entries: entries.map((entry) => queueEntryToWire(entry, pending)),
            total: queueTotalAround(entries.length, { limit, offset }, () => cache.queueTotal(at)),
            as_of: toWireInstant(at),
          };
        }),
      ),

    'leads:get': ({ lead_id }) =>
      Promise.resolve(
        withCache(workstation, (cache) => {
          const found = cache.leadWithHistory(lead_id);
          if (found === null) {
            return failure('LEAD_NOT_FOUND', 'This lead is not (or no longer) in your list.', {
              lead_id,
            });
          }
          const dial = createDialGate({
            now: now(),
            dncList: new Set(),
            window: cache.callingWindow(),
          })(found.lead);
          return {
            lead: leadToWire(found.lead, found.pending.length),
            history: found.interactions.map((row) => interactionToWire(row, syncStateOf(row.sync))),
            callbacks: found.callbacks.map((row) => callbackToWire(row, syncStateOf(row.sync))),
            dial: dialToWire(dial),
          };
        }),
      ),

    'leads:search': ({ query, statuses, limit }) =>
      Promise.resolve(
        withCache(workstation, (cache) => {
          const fetch =
            statuses === undefined ? limit + 1 : Math.max(FILTERED_SEARCH_LIMIT, limit + 1);
          const found = cache.searchLeads(query, fetch);
          const wanted =
            statuses === undefined
              ? found
              : found.filter((lead: CachedLead) => statuses.includes(lead.status));
          const pending = cache.pendingCounts();
          return {
            leads: wanted
              .slice(0, limit)
              .map((lead) => leadToWire(lead, pending.get(lead.id) ?? 0)),
            // Past the look-ahead nobody counted: more may match, so say so.
            truncated: wanted.length > limit || found.length === fetch,
          };
        }),
      ),

    'leads:set-status': ({ lead_id, from, to }) =>
      Promise.resolve(
        withCache(workstation, (cache) => {
          const moved = cache.setStatus({ leadId: lead_id, from, to, now: now() });
          if (!moved.ok) return moved;
          return { lead: leadToWire(moved.lead, cache.pendingCounts().get(lead_id) ?? 0) };
        }),
      ),
  };
}
