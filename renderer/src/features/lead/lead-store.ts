// The open lead: its card as the cache has it, the notes being typed (kept per lead, never lost on a
// refusal), and the writes a telecaller makes on it. Every write answers from the core's local commit.
import { create } from 'zustand';
import { persist } from 'zustand/middleware';
import type { z } from 'zod';
import type { ApiError } from '../../../../src/contract/api-response';
import type { leadWithHistorySchema } from '../../../../src/contract/operations/leads';
import type { WireDisposition } from '../../../../src/contract/records';
import type { LeadStatus } from '../../../../src/domain/lead';
import { core } from '../../app/client';
import { keptStorage } from '../../app/kept-storage';
import { useSession } from '../../app/session';
import { useWorkspace } from '../../app/workspace';
import { useCallFlow } from './call-flow';

export type LeadCard = z.infer<typeof leadWithHistorySchema>;

/** A callback promise as the picker gives it. */
export interface CallbackChoice {
  readonly due_at: string;
  readonly note: string;
  readonly scope: 'personal' | 'anyone';
}

/** What the inline callback picker is for: a callback disposition, or a callback on its own. */
export type PickerPurpose =
  { readonly kind: 'disposition'; readonly code: string } | { readonly kind: 'schedule' };

interface LeadState {
  readonly leadId: string | null;
  readonly card: LeadCard | null;
  /** The open lead is not (or no longer) in this person's cache: reassigned, or removed. */
  readonly gone: boolean;
  readonly loadError: ApiError | null;
  readonly dispositions: readonly WireDisposition[];
  /** Notes typed per lead, kept until the call they belong to is logged. */
  readonly drafts: Readonly<Record<string, string>>;
  /** The refusal of the last write, shown inline on the card until the next attempt. */
  readonly actionError: ApiError | null;
  readonly picker: PickerPurpose | null;
  open(leadId: string | null): void;
  /** Reads a lead's card ahead (the queue's next), so opening it after a disposition shows it at once. */
  prefetch(leadId: string): Promise<void>;
  /** Reads the card again when a change touched it. */
  reload(): Promise<void>;
  loadDispositions(): Promise<void>;
  setDraft(leadId: string, text: string): void;
  openPicker(purpose: PickerPurpose | null): void;
  clearError(): void;
  /** Logs the call with the notes typed so far; a callback code first asks for its time. */
  dispose(code: string, callback?: CallbackChoice): Promise<boolean>;
  addNote(): Promise<boolean>;
  schedule(choice: CallbackChoice): Promise<boolean>;
  setStatus(to: LeadStatus): Promise<boolean>;
  completeCallback(callbackId: string, state: 'done' | 'cancelled'): Promise<boolean>;
}

/** Cards are plain JSON from the contract: equal text is an equal card. */
function sameCard(shown: LeadCard | null, read: LeadCard): boolean {
  return shown !== null && JSON.stringify(shown) === JSON.stringify(read);
}

let reading = 0;
/** The card read ahead for the lead that opens next; shown at once, then read again. */
let ahead: LeadCard | null = null;
/** A call being logged: a second key press in the same instant must not log it twice. */
let logging = false;
/** A callback being saved: a second pick (a double click, a key) adds nothing. */
let scheduling = false;

// Notes being typed are kept in Web Storage: a reload or a crash of the window loses no words.
export const useLead = create<LeadState>()(
  persist(
    (set, get) => {
      const refused = (error: ApiError): false => {
        set({ actionError: error });
        return false;
      };

      const read = async (leadId: string): Promise<void> => {
        const ticket = ++reading;
        const answer = await core().leads.get({ lead_id: leadId });
        if (ticket !== reading || get().leadId !== leadId) return;
        if (answer.success) {
          const { card, gone, loadError } = get();
          // Read again behind a card shown from the read-ahead: the same card costs no second render.
          if (!gone && loadError === null && sameCard(card, answer.data)) return;
          set({ card: answer.data, gone: false, loadError: null });
        } else if (answer.error.code === 'LEAD_NOT_FOUND') {
          set({ gone: true, loadError: null });
        } else {
          set({ loadError: answer.error });
        }
      };

      return {
        leadId: null,
        card: null,
        gone: false,
        loadError: null,
        dispositions: [],
        drafts: {},
        actionError: null,
        picker: null,

        open: (leadId) => {
          if (leadId === get().leadId) return;
          const early = ahead !== null && ahead.lead.id === leadId ? ahead : null;
          ahead = null;
          set({
            leadId,
            card: early,
            gone: false,
            loadError: null,
            actionError: null,
            picker: null,
          });
          // A card read ahead may be a moment old: read it again behind the one shown.
          if (leadId !== null) void read(leadId);
        },

        prefetch: async (leadId) => {
          const answer = await core().leads.get({ lead_id: leadId });
          if (answer.success && get().leadId !== leadId) ahead = answer.data;
        },

        reload: async () => {
          const { leadId } = get();
          // The call being logged changes this card, but the next lead replaces it; read it after.
          if (leadId !== null && !logging) await read(leadId);
        },

        loadDispositions: async () => {
          const answer = await core().dispositions.list();
          if (answer.success) set({ dispositions: answer.data.dispositions });
          else set({ loadError: answer.error });
        },

        setDraft: (leadId, text) =>
          set((state) => ({ drafts: { ...state.drafts, [leadId]: text } })),

        openPicker: (purpose) => set({ picker: purpose, actionError: null }),

        clearError: () => set({ actionError: null }),

        dispose: async (code, callback) => {
          const { card, dispositions, drafts } = get();
          if (card === null) return false;
          const leadId = card.lead.id;
          const disposition = dispositions.find((d) => d.code === code);
          if (disposition?.callback === true && callback === undefined) {
            set({ picker: { kind: 'disposition', code }, actionError: null });
            return false;
          }
          if (logging) return false;
          const flow = useCallFlow.getState();
          const duration = flow.durationFor(leadId);
          logging = true;
          const answer = await core()
            .calls.log({
              lead_id: leadId,
              disposition: code,
              notes: drafts[leadId] ?? '',
              ...(duration === null ? {} : { duration_seconds: duration }),
              ...(callback === undefined ? {} : { callback }),
            })
            .finally(() => {
              logging = false;
            });
          if (!answer.success) {
            // The core asks for a time the catalogue did not flag: offer the picker rather than a dead end.
            if (answer.error.code === 'CALLBACK_TIME_REQUIRED') {
              set({ picker: { kind: 'disposition', code } });
            }
            return refused(answer.error);
          }
          set((state) => {
            const { [leadId]: _logged, ...rest } = state.drafts;
            return { drafts: rest, actionError: null, picker: null };
          });
          // The core closed the callbacks this call answered, in the same local commit.
          flow.logged(leadId, disposition ?? null, answer.data.kept_callbacks.length);
          // Still on this lead (no next one read ahead): show the call in its history.
          if (get().leadId === leadId) void get().reload();
          return true;
        },

        addNote: async () => {
          const { card, drafts } = get();
          if (card === null) return false;
          const leadId = card.lead.id;
          const content = (drafts[leadId] ?? '').trim();
          if (content === '') return false;
          const answer = await core().notes.add({ lead_id: leadId, content });
          if (!answer.success) return refused(answer.error);
          set((state) => {
            const { [leadId]: _saved, ...rest } = state.drafts;
            return { drafts: rest, actionError: null };
          });
          return true;
        },

        schedule: async (choice) => {
          const { card } = get();
          if (card === null || scheduling) return false;
          scheduling = true;
          // Closed before the core answers: the next key (a disposition's "2", say) reaches the pad
          // instead of picking a second time in a picker still open. A refusal shows on the card.
          set({ picker: null, actionError: null });
          const answer = await core()
            .callbacks.schedule({ lead_id: card.lead.id, ...choice })
            .finally(() => {
              scheduling = false;
            });
          if (!answer.success) return refused(answer.error);
          return true;
        },

        setStatus: async (to) => {
          const { card } = get();
          if (card === null || card.lead.status === to) return false;
          const answer = await core().leads.setStatus({
            lead_id: card.lead.id,
            from: card.lead.status,
            to,
          });
          if (!answer.success) return refused(answer.error);
          // The answer is the lead after the move; the history follows with the cache change.
          set({ card: { ...card, lead: answer.data.lead }, actionError: null });
          return true;
        },

        completeCallback: async (callbackId, state) => {
          const answer = await core().callbacks.complete({ callback_id: callbackId, state });
          if (!answer.success) return refused(answer.error);
          set({ actionError: null });
          await get().reload();
          return true;
        },
      };
    },
    {
      name: 'talentg.lead-drafts',
      version: 1,
      storage: keptStorage('localStorage'),
      partialize: (state) => ({ drafts: state.drafts }),
    },
  ),
);

// Signed out: the words typed were that person's, not the next one's at this desk.
useSession.subscribe(({ session }) => {
  if (session.status === 'signed_out' && Object.keys(useLead.getState().drafts).length > 0) {
    useLead.setState({ drafts: {} });
  }
});

// The card follows the open lead in the same turn, so the window renders the new lead once, with its
// card read ahead, instead of an empty busy card first and the card after the pane's effect.
useWorkspace.subscribe((state, before) => {
  if (state.openLeadId !== before.openLeadId) useLead.getState().open(state.openLeadId);
});
