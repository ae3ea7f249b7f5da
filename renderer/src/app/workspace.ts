// What the screens share: which view is shown and which lead is open. Features read and set it here,
// never through each other's stores.
import { create } from 'zustand';

export const VIEWS = ['queue', 'callbacks', 'assessments', 'sync'] as const;
export type View = (typeof VIEWS)[number];

interface WorkspaceState {
  readonly view: View;
  /** The lead on the card; null shows the empty card. */
  readonly openLeadId: string | null;
  showView(view: View): void;
  openLead(leadId: string | null): void;
}

export const useWorkspace = create<WorkspaceState>()((set) => ({
  view: 'queue',
  openLeadId: null,
  showView: (view) => set({ view }),
  openLead: (leadId) => set({ openLeadId: leadId }),
}));
