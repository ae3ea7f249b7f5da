// The person's own presence, shared: the shell's control shows it, the lead card sets on_call and wrap_up.
import { create } from 'zustand';
import type { Presence } from '../../../src/contract/operations/presence';
import { core } from './client';
import { listenToCore } from './core-events';
import type { PresenceChoice } from './presence-words';
import { toast } from './toasts';

export {
  formatTimeInState,
  PAUSE_REASONS,
  PRESENCE_LABELS,
  type PresenceChoice,
} from './presence-words';

interface PresenceStore {
  readonly presence: Presence | null;
  readonly changing: boolean;
  refresh(): Promise<void>;
  choose(choice: PresenceChoice): Promise<boolean>;
  /** Ready becomes paused; anything else becomes ready (the pause key). */
  togglePause(): Promise<boolean>;
  follow(): () => void;
}

export const usePresence = create<PresenceStore>()((set, get) => ({
  presence: null,
  changing: false,

  refresh: async () => {
    const answer = await core().presence.state();
    if (answer.success) set({ presence: answer.data });
  },

  choose: async (choice) => {
    set({ changing: true });
    const answer = await core().presence.set(choice);
    set({ changing: false });
    if (!answer.success) {
      toast({ tone: 'error', title: 'Presence not changed', body: answer.error.message });
      return false;
    }
    set({ presence: answer.data });
    return true;
  },

  togglePause: () => {
    const current = get().presence?.state;
    return get().choose(current === 'ready' ? { state: 'paused' } : { state: 'ready' });
  },

  follow: () => {
    const stop = listenToCore('presence:changed', (presence) => set({ presence }));
    void get().refresh();
    return stop;
  },
}));
