// Sync health as the chrome shows it (DESIGN.md section 6 "Visible health"): followed from the core.
import { create } from 'zustand';
import type { ApiError } from '../../../src/contract/api-response';
import type { SyncProgress } from '../../../src/contract/operations/sync';
import { core } from './client';
import { listenToCore } from './core-events';
import { toast } from './toasts';
import { useWorkspace } from './workspace';

interface SyncHealthStore {
  readonly progress: SyncProgress | null;
  /** Why sync:status could not be read; the control then shows the error state. */
  readonly loadError: ApiError | null;
  /** A sync:now is on its way. */
  readonly syncingNow: boolean;
  refresh(): Promise<void>;
  syncNow(): Promise<void>;
  apply(progress: SyncProgress): void;
  /** Starts following sync:progress (with a slow poll as a safety net); returns the stop. */
  follow(): () => void;
}

/** Polling only backs up the event: a missed sync:progress costs at most this long. */
const SAFETY_POLL_MS = 30_000;

function reviewRefusals(): void {
  useWorkspace.getState().showView('sync');
}

export const useSyncHealth = create<SyncHealthStore>()((set, get) => ({
  progress: null,
  loadError: null,
  syncingNow: false,

  refresh: async () => {
    const answer = await core().sync.status();
    if (answer.success) get().apply(answer.data);
    else set({ loadError: answer.error });
  },

  syncNow: async () => {
    if (get().syncingNow) return;
    set({ syncingNow: true });
    const answer = await core().sync.now();
    set({ syncingNow: false });
    if (answer.success) {
      get().apply(answer.data);
      return;
    }
    toast({ tone: 'error', title: 'Could not start a sync', body: answer.error.message });
  },

  apply: (progress) => {
    const before = get().progress;
    set({ progress, loadError: null });
    // A refusal must not go unseen (DESIGN.md section 6): say so once, when the count grows.
    if (before !== null && progress.dead_letters > before.dead_letters) {
      const added = progress.dead_letters - before.dead_letters;
      toast({
        tone: 'warning',
        title: added === 1 ? 'The server refused a write' : `The server refused ${added} writes`,
        body: 'It is kept, not lost. Review it to retry or dismiss.',
        action: { label: 'Review', run: reviewRefusals },
        timeoutMs: null,
      });
    }
  },

  follow: () => {
    const stopListening = listenToCore('sync:progress', (progress) => get().apply(progress));
    const poll = window.setInterval(() => void get().refresh(), SAFETY_POLL_MS);
    void get().refresh();
    return () => {
      stopListening();
      window.clearInterval(poll);
    };
  },
}));
