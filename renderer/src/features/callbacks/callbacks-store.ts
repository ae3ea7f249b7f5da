// The person's pending callbacks, soonest due first (so the overdue ones lead), from the local cache.
import { create } from 'zustand';
import type { ApiError } from '../../../../src/contract/api-response';
import type { WireCallbackWithLead } from '../../../../src/contract/records';
import { core } from '../../app/client';

/** More than a day's worth; a list longer than this asks the person to work the overdue ones first. */
export const CALLBACKS_LIMIT = 500;

interface CallbacksState {
  readonly callbacks: readonly WireCallbackWithLead[] | null;
  readonly error: ApiError | null;
  /** The refusal of the last done or cancel, by callback. */
  readonly actionError: { readonly id: string; readonly error: ApiError } | null;
  readonly selected: number;
  load(): Promise<void>;
  select(index: number): void;
  complete(id: string, state: 'done' | 'cancelled'): Promise<boolean>;
}

let asked = 0;

export const useCallbacks = create<CallbacksState>()((set, get) => ({
  callbacks: null,
  error: null,
  actionError: null,
  selected: 0,

  load: async () => {
    const ticket = ++asked;
    const answer = await core().callbacks.list({ states: ['pending'], limit: CALLBACKS_LIMIT });
    if (ticket !== asked) return;
    if (!answer.success) {
      set({ error: answer.error });
      return;
    }
    const callbacks = answer.data.callbacks;
    set({
      callbacks,
      error: null,
      selected: Math.min(get().selected, Math.max(0, callbacks.length - 1)),
    });
  },

  select: (index) => {
    const count = get().callbacks?.length ?? 0;
    set({ selected: Math.max(0, Math.min(index, count - 1)) });
  },

  complete: async (id, state) => {
    const answer = await core().callbacks.complete({ callback_id: id, state });
    if (!answer.success) {
      set({ actionError: { id, error: answer.error } });
      return false;
    }
    // Gone from the pending list at once; the cache change confirms it.
    set((current) => ({
      actionError: null,
      callbacks: current.callbacks?.filter((callback) => callback.id !== id) ?? null,
    }));
    return true;
  },
}));
