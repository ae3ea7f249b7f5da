// The distribution screen: a lead filter with a live count of what it picks, the telecallers to give
// them to, the mode, a confirmation of who gets how many, and the server's answer; plus reassigning
// chosen leads to one telecaller or back to the pool. Online only: every answer comes from the server.
import { create } from 'zustand';
import type { z } from 'zod';
import type { ApiError } from '../../../../src/contract/api-response';
import type {
  distributeResultSchema,
  managedLeadSchema,
  reassignResultSchema,
  telecallerSchema,
} from '../../../../src/contract/operations/manager';
import { plannedShares } from '../../../../src/domain/distribution-shares';
import { core } from '../../app/client';
import {
  DEFAULT_FILTER,
  filterArgs,
  type DistributeArgs,
  type DistributionMode,
  type LeadFilterForm,
  type Recipient,
} from './distribution-plan';

export type Telecaller = z.infer<typeof telecallerSchema>;
export type ManagedLead = z.infer<typeof managedLeadSchema>;
export type DistributeResult = z.infer<typeof distributeResultSchema>;
export type ReassignResult = z.infer<typeof reassignResultSchema>;

/** Leads listed under the count, the ones a limited distribution takes first. */
export const LISTED_LEADS = 100;

export interface Choice {
  readonly chosen: boolean;
  readonly weight: number;
}

export interface PlannedShare {
  readonly id: string;
  readonly email: string;
  readonly count: number;
  readonly openLeads: number;
}

interface DistributionState {
  readonly telecallers: readonly Telecaller[] | null;
  readonly filter: LeadFilterForm;
  /** What the filter picks now, for the chosen recipients; null before the first answer. */
  readonly preview: { readonly total: number; readonly leads: readonly ManagedLead[] } | null;
  readonly loading: boolean;
  /** A refusal of a read (the filter, the telecallers) or a filter to correct. */
  readonly problem: ApiError | { readonly code: 'FILTER'; readonly message: string } | null;
  readonly choices: Readonly<Record<string, Choice>>;
  readonly mode: DistributionMode;
  readonly cap: number;
  readonly confirming: boolean;
  readonly distributing: boolean;
  readonly result: DistributeResult | null;
  readonly actionError: ApiError | null;
  readonly selected: ReadonlySet<string>;
  /** A telecaller's email, or null for the unassigned pool. */
  readonly moveTo: string | null;
  readonly moving: boolean;
  readonly moved: ReassignResult | null;
  load(): Promise<void>;
  refresh(): Promise<void>;
  setFilter(patch: Partial<LeadFilterForm>): void;
  choose(id: string, chosen: boolean): void;
  setWeight(id: string, weight: number): void;
  setMode(mode: DistributionMode): void;
  setCap(cap: number): void;
  confirm(): void;
  closeConfirm(): void;
  distribute(): Promise<void>;
  toggleLead(id: string): void;
  selectShown(all: boolean): void;
  setMoveTo(email: string | null): void;
  reassign(): Promise<void>;
}

/** The chosen telecallers in the list's order, with their weights and holdings. */
export function chosenRecipients(
  telecallers: readonly Telecaller[],
  choices: Readonly<Record<string, Choice>>,
): Recipient[] {
  return telecallers
    .filter((person) => choices[person.id]?.chosen === true)
    .map((person) => ({
      id: person.id,
      email: person.email,
      weight: choices[person.id]?.weight ?? 1,
      openLeads: person.open_leads,
    }));
}

/** Who gets how many if the distribution ran now (the confirmation's table). */
export function planOf(state: DistributionState): PlannedShare[] {
  const recipients = chosenRecipients(state.telecallers ?? [], state.choices);
  const shares = plannedShares(state.preview?.total ?? 0, recipients, state.mode, state.cap);
  return recipients.map((r, i) => ({
    id: r.id,
    email: r.email,
    count: shares[i] ?? 0,
    openLeads: r.openLeads,
  }));
}

/** A newer read silences an older one still on its way. */
let previewTicket = 0;

export const useDistribution = create<DistributionState>()((set, get) => {
  const distributeArgs = (): DistributeArgs | null => {
    const state = get();
    const filter = filterArgs(state.filter, Date.now());
    if ('problem' in filter) return null;
    const recipients = chosenRecipients(state.telecallers ?? [], state.choices);
    if (recipients.length === 0) return null;
    return {
      ...filter,
      to: recipients.map((r) =>
        state.mode === 'weighted' ? { email: r.email, weight: r.weight } : { email: r.email },
      ),
      mode: state.mode,
      ...(state.mode === 'capped' ? { cap: state.cap } : {}),
    };
  };

  const readPreview = async (): Promise<void> => {
    const state = get();
    const filter = filterArgs(state.filter, Date.now());
    if ('problem' in filter) {
      set({ problem: { code: 'FILTER', message: filter.problem } });
      return;
    }
    const mine = (previewTicket += 1);
    set({ loading: true });
    const notHeldBy = chosenRecipients(state.telecallers ?? [], state.choices).map((r) => r.id);
    const answer = await core().manager.leads({
      ...filter,
      not_held_by: notHeldBy,
      rows: LISTED_LEADS,
    });
    if (mine !== previewTicket) return;
    if (!answer.success) {
      set({ loading: false, problem: answer.error });
      return;
    }
    const shown = new Set(answer.data.leads.map((lead) => lead.id));
    set({
      loading: false,
      problem: null,
      preview: answer.data,
      // A selection keeps only the leads still listed: a move acts on what the person sees.
      selected: new Set([...get().selected].filter((id) => shown.has(id))),
    });
  };

  const readTelecallers = async (): Promise<void> => {
    const answer = await core().manager.telecallers();
    if (!answer.success) {
      set({ problem: answer.error });
      return;
    }
    const { choices } = get();
    const kept: Record<string, Choice> = {};
    for (const person of answer.data.telecallers) {
      kept[person.id] = choices[person.id] ?? { chosen: false, weight: 1 };
    }
    set({ telecallers: answer.data.telecallers, choices: kept });
  };

  return {
    telecallers: null,
    filter: DEFAULT_FILTER,
    preview: null,
    loading: false,
    problem: null,
    choices: {},
    mode: 'round-robin',
    cap: 50,
    confirming: false,
    distributing: false,
    result: null,
    actionError: null,
    selected: new Set(),
    moveTo: null,
    moving: false,
    moved: null,

    load: async () => {
      await readTelecallers();
      await readPreview();
    },

    refresh: () => get().load(),

    setFilter: (patch) => {
      set({ filter: { ...get().filter, ...patch }, result: null, moved: null });
      void readPreview();
    },

    choose: (id, chosen) => {
      const choice = get().choices[id] ?? { chosen: false, weight: 1 };
      set({ choices: { ...get().choices, [id]: { ...choice, chosen } }, result: null });
      // Their own leads leave the pick: the count follows who is chosen.
      void readPreview();
    },

    setWeight: (id, weight) => {
      const choice = get().choices[id] ?? { chosen: true, weight: 1 };
      const clamped = Math.min(1000, Math.max(1, Math.round(weight) || 1));
      set({ choices: { ...get().choices, [id]: { ...choice, weight: clamped } } });
    },

    setMode: (mode) => set({ mode, result: null }),

    setCap: (cap) => set({ cap: Math.min(100_000, Math.max(0, Math.round(cap) || 0)) }),

    confirm: () => {
      if (distributeArgs() === null || (get().preview?.total ?? 0) === 0) return;
      set({ confirming: true, actionError: null });
    },

    closeConfirm: () => {
      if (!get().distributing) set({ confirming: false });
    },

    distribute: async () => {
      const args = distributeArgs();
      if (args === null || get().distributing) return;
      set({ distributing: true, actionError: null });
      const answer = await core().manager.distribute(args);
      set({ distributing: false });
      if (!answer.success) {
        set({ actionError: answer.error });
        return;
      }
      // The pool is read again before the dialog closes, so the count beside the result is current.
      await get().load();
      set({ confirming: false, result: answer.data });
    },

    toggleLead: (id) => {
      const selected = new Set(get().selected);
      if (!selected.delete(id)) selected.add(id);
      set({ selected, moved: null });
    },

    selectShown: (all) => {
      const leads = get().preview?.leads ?? [];
      set({ selected: new Set(all ? leads.map((lead) => lead.id) : []), moved: null });
    },

    setMoveTo: (email) => set({ moveTo: email }),

    reassign: async () => {
      const { selected, moveTo, moving } = get();
      if (selected.size === 0 || moving) return;
      set({ moving: true, actionError: null });
      const answer = await core().manager.reassign({ lead_ids: [...selected], to: moveTo });
      set({ moving: false });
      if (!answer.success) {
        set({ actionError: answer.error });
        return;
      }
      await get().load();
      set({ moved: answer.data, selected: new Set() });
    },
  };
});
