// The call queue as the pane shows it: pages read on demand as rows scroll into view, kept until the
// cache says leads changed, then read again where the person is looking.
import { create } from 'zustand';
import type { ApiError } from '../../../../src/contract/api-response';
import type { WireQueueEntry } from '../../../../src/contract/operations/leads';
import { core } from '../../app/client';

/**
 * Rows per `leads:queue` call: three screenfuls. Every local write rereads the page on screen, so a
 * page is what a disposition costs in parsing and rendering (200 rows took a frame's worth of time).
 */
export const QUEUE_PAGE_SIZE = 50;

/** Pages kept on either side of the visible ones; further ones are read again if scrolled back to. */
const PAGES_KEPT = 4;

interface Page {
  readonly entries: readonly WireQueueEntry[];
  /** The cache generation the page was read at; an older one is shown until it is read again. */
  readonly generation: number;
}

interface QueueState {
  /** Leads callable now; null until the first answer. */
  readonly total: number | null;
  readonly pages: Readonly<Record<number, Page>>;
  readonly generation: number;
  readonly error: ApiError | null;
  /** The highlighted row (j/k); Enter opens it. */
  readonly selected: number;
  /** The rows on screen, so a cache change rereads only those. */
  readonly visible: { readonly start: number; readonly end: number };
  /** Reads the pages covering rows start..end that are missing or older than the cache. */
  show(start: number, end: number): void;
  /** The cache changed under the queue: every page is stale, the visible ones are read again. */
  invalidate(): void;
  select(index: number): void;
}

/** Page reads in flight, by `page@generation`, so scrolling never asks twice for the same page. */
const inFlight = new Set<string>();

export function entryAt(state: Pick<QueueState, 'pages'>, index: number): WireQueueEntry | null {
  const page = state.pages[Math.floor(index / QUEUE_PAGE_SIZE)];
  return page?.entries[index % QUEUE_PAGE_SIZE] ?? null;
}

/** The index of a lead among the pages read so far; -1 when it is not among them. */
export function indexOfLead(state: Pick<QueueState, 'pages'>, leadId: string): number {
  for (const [key, page] of Object.entries(state.pages)) {
    const at = page.entries.findIndex((entry) => entry.lead.id === leadId);
    if (at >= 0) return Number(key) * QUEUE_PAGE_SIZE + at;
  }
  return -1;
}

/** The pages that rows start..end (inclusive) fall on. */
export function pagesCovering(start: number, end: number): number[] {
  const first = Math.max(0, Math.floor(start / QUEUE_PAGE_SIZE));
  const last = Math.max(first, Math.floor(Math.max(start, end) / QUEUE_PAGE_SIZE));
  return Array.from({ length: last - first + 1 }, (_, i) => first + i);
}

/** How long the list must rest before the pages on screen are read (ms). */
export const SCROLL_SETTLE_MS = 60;
/** How long after a cache change the page on screen is read again (ms). */
export const CHANGE_SETTLE_MS = 120;
let readTimer: number | undefined;
let roundRunning = false;
let roundAgain = false;

export const useQueue = create<QueueState>()((set, get) => {
  const read = async (page: number, generation: number): Promise<void> => {
    const key = `${page}@${generation}`;
    if (inFlight.has(key)) return;
    inFlight.add(key);
    try {
      const answer = await core().leads.queue({
        limit: QUEUE_PAGE_SIZE,
        offset: page * QUEUE_PAGE_SIZE,
      });
      const current = get();
      // A newer generation's answer for this page already came: this one is older news.
      const held = current.pages[page];
      if (held !== undefined && held.generation > generation) return;
      if (!answer.success) {
        set({ error: answer.error });
        return;
      }
      const pages = { ...current.pages, [page]: { entries: answer.data.entries, generation } };
      // The queue may have shrunk: pages past its end show nothing, and the selection stays on a row.
      const total = answer.data.total;
      const lastPage = Math.floor(Math.max(0, total - 1) / QUEUE_PAGE_SIZE);
      for (const key of Object.keys(pages)) if (Number(key) > lastPage) delete pages[Number(key)];
      set({
        pages,
        total: generation >= current.generation || current.total === null ? total : current.total,
        error: null,
        selected: Math.min(current.selected, Math.max(0, total - 1)),
      });
    } finally {
      inFlight.delete(key);
    }
  };

  /**
   * Reads the pages on screen now, and the one after them, that are missing or older than the cache.
   * One round at a time: asked again meanwhile, it reads what is on screen when the round ends, so a
   * drag far down the list costs a few rounds, not a request for every page it passed.
   */
  const readVisible = (): void => {
    if (roundRunning) {
      roundAgain = true;
      return;
    }
    const { pages, generation, total, visible } = get();
    const onScreen = pagesCovering(visible.start, visible.end);
    const missing = onScreen.filter((page) => {
      const held = pages[page];
      return held === undefined || held.generation < generation;
    });
    // The page after the last one on screen is read ahead, so scrolling on finds it there; an older
    // copy of it will do until it scrolls into view (then it is read again).
    const ahead = (onScreen.at(-1) ?? 0) + 1;
    if (total !== null && ahead * QUEUE_PAGE_SIZE < total && pages[ahead] === undefined) {
      missing.push(ahead);
    }
    if (missing.length === 0) return;
    roundRunning = true;
    void Promise.all(missing.map((page) => read(page, generation))).finally(() => {
      roundRunning = false;
      if (!roundAgain) return;
      roundAgain = false;
      readVisible();
    });
  };

  /** One pending read of the pages on screen; asking again restarts its wait. */
  const readVisibleAfter = (ms: number): void => {
    if (readTimer !== undefined) window.clearTimeout(readTimer);
    readTimer = window.setTimeout(() => {
      readTimer = undefined;
      readVisible();
    }, ms);
  };

  return {
    total: null,
    pages: {},
    generation: 0,
    error: null,
    selected: 0,
    visible: { start: 0, end: QUEUE_PAGE_SIZE - 1 },

    show: (start, end) => {
      const visible = get().visible;
      if (visible.start !== start || visible.end !== end) set({ visible: { start, end } });
      const wanted = pagesCovering(start, end);
      const firstWanted = wanted[0] ?? 0;
      const lastWanted = wanted.at(-1) ?? firstWanted;
      const far = Object.keys(get().pages)
        .map(Number)
        .filter((page) => page < firstWanted - PAGES_KEPT || page > lastWanted + PAGES_KEPT);
      // A long scroll through 100k leads would otherwise keep every page it passed.
      if (far.length > 0) {
        set((state) => {
          const pages = { ...state.pages };
          for (const page of far) delete pages[page];
          return { pages };
        });
      }
      // While the list flies past, read only what is on screen once it slows down: a drag through
      // 100k leads would otherwise ask for every page it passed and the core would answer them all.
      readVisibleAfter(Object.keys(get().pages).length === 0 ? 0 : SCROLL_SETTLE_MS);
    },

    invalidate: () => {
      set((state) => ({ generation: state.generation + 1 }));
      // Not at once: the change that caused this (a disposition) renders its next lead first, and the
      // page on screen is read once for a burst of changes.
      readVisibleAfter(CHANGE_SETTLE_MS);
    },

    select: (index) => {
      const total = get().total ?? 0;
      set({ selected: Math.max(0, Math.min(index, total - 1)) });
    },
  };
});
