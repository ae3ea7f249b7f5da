// The rhythm of a call: dial (on call, timer running), hang up, disposition (wrap-up), next lead (ready).
// Presence follows each step; the floor board sees what the telecaller is doing without them saying so.
import { create } from 'zustand';
import type { WireDisposition } from '../../../../src/contract/records';
import type { setPresenceArgsSchema } from '../../../../src/contract/operations/presence';
import type { z } from 'zod';
import { core } from '../../app/client';
import { useWorkspace } from '../../app/workspace';

/** How long the card shows what was logged before the next lead opens; Enter skips, Esc stays. */
export const WRAP_UP_MS = 1_600;

export interface RunningCall {
  readonly leadId: string;
  readonly startedAt: number;
  /** Set by hanging up; the disposition logs the time up to here. */
  readonly endedAt: number | null;
}

export interface WrapUp {
  readonly leadId: string;
  readonly code: string;
  readonly label: string;
  /** The queue's first lead that is not this one; null while looking, or when the queue is empty. */
  readonly next: { readonly id: string; readonly name: string } | null;
  /** False once the next lead was looked for. */
  readonly looking: boolean;
  /** When the next lead opens by itself; null when the person chose to stay. */
  readonly advanceAt: number | null;
}

interface CallFlowState {
  readonly call: RunningCall | null;
  readonly wrapUp: WrapUp | null;
  startCall(leadId: string): void;
  endCall(): void;
  /** Seconds to log for a call on this lead, or null when no call was timed. */
  durationFor(leadId: string): number | null;
  /** After a disposition was committed: wrap-up, then the next lead. */
  logged(leadId: string, disposition: WireDisposition | null): void;
  /** Opens the next lead now. */
  advance(): void;
  /** Stays on the logged lead: no automatic next. */
  stay(): void;
  /** The person opened a lead themselves: the wrap-up is over. */
  leadOpened(leadId: string | null): void;
}

type PresenceArgs = z.input<typeof setPresenceArgsSchema>;

// Presence changes go out one after another, so on_call → wrap_up → ready arrive in that order.
let presenceChain: Promise<unknown> = Promise.resolve();

function showPresence(args: PresenceArgs): void {
  presenceChain = presenceChain.then(async () => {
    const answer = await core().presence.set(args);
    // Presence is the floor's view, not the telecaller's work: a refusal (signed out, expired) must not stop a call.
    if (!answer.success) console.warn('[talentg] presence not changed:', answer.error.message);
  });
}

let advanceTimer: number | undefined;

function cancelAdvance(): void {
  if (advanceTimer !== undefined) window.clearTimeout(advanceTimer);
  advanceTimer = undefined;
}

export const useCallFlow = create<CallFlowState>()((set, get) => {
  const nextLeadAfter = async (leadId: string): Promise<WrapUp['next']> => {
    const answer = await core().leads.queue({ limit: 2 });
    if (!answer.success) return null;
    const entry = answer.data.entries.find((candidate) => candidate.lead.id !== leadId);
    return entry === undefined ? null : { id: entry.lead.id, name: entry.lead.name };
  };

  return {
    call: null,
    wrapUp: null,

    startCall: (leadId) => {
      cancelAdvance();
      set({ call: { leadId, startedAt: Date.now(), endedAt: null }, wrapUp: null });
      showPresence({ state: 'on_call', lead_id: leadId });
    },

    endCall: () => {
      const { call } = get();
      if (call === null || call.endedAt !== null) return;
      set({ call: { ...call, endedAt: Date.now() } });
      showPresence({ state: 'wrap_up', lead_id: call.leadId });
    },

    durationFor: (leadId) => {
      const { call } = get();
      if (call === null || call.leadId !== leadId) return null;
      const seconds = Math.round(((call.endedAt ?? Date.now()) - call.startedAt) / 1000);
      return Math.max(0, Math.min(seconds, 86_400));
    },

    logged: (leadId, disposition) => {
      cancelAdvance();
      set({
        call: null,
        wrapUp: {
          leadId,
          code: disposition?.code ?? '',
          label: disposition?.label ?? 'Call logged',
          next: null,
          looking: true,
          advanceAt: null,
        },
      });
      showPresence({ state: 'wrap_up', lead_id: leadId });
      void nextLeadAfter(leadId).then((next) => {
        const current = get().wrapUp;
        if (current === null || current.leadId !== leadId) return;
        const advanceAt = Date.now() + WRAP_UP_MS;
        set({ wrapUp: { ...current, next, looking: false, advanceAt } });
        advanceTimer = window.setTimeout(() => get().advance(), WRAP_UP_MS);
      });
    },

    advance: () => {
      cancelAdvance();
      const { wrapUp } = get();
      if (wrapUp === null || wrapUp.looking) return;
      set({ wrapUp: null });
      if (wrapUp.next !== null) useWorkspace.getState().openLead(wrapUp.next.id);
      showPresence({ state: 'ready' });
    },

    stay: () => {
      cancelAdvance();
      const { wrapUp } = get();
      if (wrapUp !== null) set({ wrapUp: { ...wrapUp, advanceAt: null } });
    },

    leadOpened: (leadId) => {
      const { wrapUp } = get();
      if (wrapUp === null || wrapUp.leadId === leadId) return;
      cancelAdvance();
      set({ wrapUp: null });
      showPresence({ state: 'ready' });
    },
  };
});
