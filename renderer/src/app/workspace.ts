// What the screens share: which view is shown and which lead is open. Features read and set it here,
// never through each other's stores.
import { create } from 'zustand';
import { persist } from 'zustand/middleware';
import { keptStorage } from './kept-storage';

export const VIEWS = [
  'queue',
  'callbacks',
  'assessments',
  'sync',
  'floor',
  'leads',
  'kpis',
  'people',
  'authoring',
  'releases',
  'integrations',
] as const;
export type View = (typeof VIEWS)[number];

interface WorkspaceState {
  readonly view: View;
  /** The lead on the card; null shows the empty card. */
  readonly openLeadId: string | null;
  showView(view: View): void;
  openLead(leadId: string | null): void;
}

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
      // Per window (tab): a reload comes back to the same view and lead.
      storage: keptStorage('sessionStorage'),
      partialize: (state) => ({ view: state.view, openLeadId: state.openLeadId }),
    },
  ),
);
