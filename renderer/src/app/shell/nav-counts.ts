// The counts on the view tabs: leads callable now and callbacks still due today, from the local cache.
import { create } from 'zustand';
import { core } from '../client';
import { coalesced } from '../coalesced';
import { listenToCore } from '../core-events';
import { CALLBACK_COUNT_LIMIT, endOfLocalDay, touchesCounts } from './tab-counts';

/** Callbacks come due and calling windows open with the clock, not only with cache changes. */
const CLOCK_REFRESH_MS = 60_000;
/**
 * A change waits this long before the counts are read again: a disposition's next lead renders first,
 * and a burst of changes (a first download's pages) costs one read.
 */
export const COUNTS_SETTLE_MS = 250;

interface NavCountsStore {
  readonly queueTotal: number | null;
  readonly callbacksDueToday: number | null;
  refresh(): Promise<void>;
  follow(): () => void;
}

export const useNavCounts = create<NavCountsStore>()((set, get) => {
  // A first download fires cache:changed per page: one refresh runs, at most one more waits.
  const refreshOnce = async (): Promise<void> => {
    const client = core();
    const [queue, callbacks] = await Promise.all([
      client.leads.queue({ limit: 1 }),
      client.callbacks.list({
        states: ['pending'],
        due_before: endOfLocalDay(new Date()).toISOString(),
        limit: CALLBACK_COUNT_LIMIT,
      }),
    ]);
    set({
      queueTotal: queue.success ? queue.data.total : null,
      callbacksDueToday: callbacks.success ? callbacks.data.callbacks.length : null,
    });
  };

  return {
    queueTotal: null,
    callbacksDueToday: null,

    refresh: coalesced(refreshOnce),

    follow: () => {
      let settle: number | undefined;
      const stop = listenToCore('cache:changed', ({ tables }) => {
        if (!touchesCounts(tables) || settle !== undefined) return;
        settle = window.setTimeout(() => {
          settle = undefined;
          void get().refresh();
        }, COUNTS_SETTLE_MS);
      });
      const clock = window.setInterval(() => void get().refresh(), CLOCK_REFRESH_MS);
      void get().refresh();
      return () => {
        stop();
        window.clearInterval(clock);
        if (settle !== undefined) window.clearTimeout(settle);
      };
    },
  };
});
