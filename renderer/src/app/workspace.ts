// What the screens share: which view is shown and which lead is open. Features read and set it here,
// never through each other's stores.
import { create } from 'zustand';
import { createJSONStorage, persist, type StateStorage } from 'zustand/middleware';

export const VIEWS = ['queue', 'callbacks', 'assessments', 'sync'] as const;
export type View = (typeof VIEWS)[number];

interface WorkspaceState {
  readonly view: View;
  /** The lead on the card; null shows the empty card. */
  readonly openLeadId: string | null;
  showView(view: View): void;
  openLead(leadId: string | null): void;
}

/** Per window (tab): a reload comes back to the same view and lead. None in Node (the stores' tests). */
const windowStorage = createJSONStorage(
  (): StateStorage =>
    typeof sessionStorage === 'undefined'
      ? { getItem: () => null, setItem: () => undefined, removeItem: () => undefined }
      : sessionStorage,
);

export const useWorkspace = create<WorkspaceState>()(
  persist(
    (set) => ({
      view: 'queue',
      openLeadId: null,
      showView: (view) => set({ view }),
      openLead: (leadId) => set({ openLeadId: leadId }),
    }),
    {
      name: 'talentg.workspace',
      version: 1,
      storage: windowStorage,
      partialize: (state) => ({ view: state.view, openLeadId: state.openLeadId }),
    },
  ),
);
