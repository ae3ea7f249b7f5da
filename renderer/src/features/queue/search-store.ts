// Finding a lead by name, phone or company in the local cache's full-text index, instead of the queue.
import { create } from 'zustand';
import type { ApiError } from '../../../../src/contract/api-response';
import type { WireLead } from '../../../../src/contract/records';
import { core } from '../../app/client';

export const SEARCH_LIMIT = 50;

interface SearchState {
  /** What is typed; an empty query shows the queue. */
  readonly query: string;
  readonly results: readonly WireLead[];
  /** More leads matched than are shown. */
  readonly truncated: boolean;
  /** The query the results answer; differs from `query` only while a search is on its way. */
  readonly answered: string;
  readonly error: ApiError | null;
  readonly selected: number;
  type(query: string): void;
  /** Asks again for the same query (the cache changed). */
  refresh(): void;
  clear(): void;
  select(index: number): void;
}

let asked = 0;

export const useSearch = create<SearchState>()((set, get) => {
  const run = async (query: string): Promise<void> => {
    const trimmed = query.trim();
    const ticket = ++asked;
    if (trimmed === '') {
      set({ results: [], truncated: false, answered: '', error: null, selected: 0 });
      return;
    }
    const answer = await core().leads.search({ query: trimmed, limit: SEARCH_LIMIT });
    // A later keystroke's search owns the list.
    if (ticket !== asked) return;
    if (!answer.success) {
      set({ error: answer.error, answered: query });
      return;
    }
    const sameQuery = get().answered === query;
    set({
      results: answer.data.leads,
      truncated: answer.data.truncated,
      answered: query,
      error: null,
      selected: sameQuery ? Math.min(get().selected, Math.max(0, answer.data.leads.length - 1)) : 0,
    });
  };

  return {
    query: '',
    results: [],
    truncated: false,
    answered: '',
    error: null,
    selected: 0,
    type: (query) => {
      set({ query });
      void run(query);
    },
    refresh: () => {
      if (get().query.trim() !== '') void run(get().query);
    },
    clear: () => {
      asked += 1;
      set({ query: '', results: [], truncated: false, answered: '', error: null, selected: 0 });
    },
    select: (index) =>
      set((state) => ({
        selected: Math.max(0, Math.min(index, state.results.length - 1)),
      })),
  };
});
