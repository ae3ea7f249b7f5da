// The rhythm of a call: dial (on call, timer running), hang up, disposition (wrap-up), next lead (ready).
// Presence follows each step; the floor board sees what the telecaller is doing without them saying so.
import { create } from 'zustand';
import type { WireDisposition } from '../../../../src/contract/records';
import type { setPresenceArgsSchema } from '../../../../src/contract/operations/presence';
import type { z } from 'zod';
import { core } from '../../app/client';
import { toast } from '../../app/toasts';
import { useWorkspace } from '../../app/workspace';
import { useLead } from './lead-store';

export interface RunningCall {
  readonly leadId: string;
  readonly startedAt: number;
  /** Set by hanging up; the disposition logs the time up to here. */
  readonly endedAt: number | null;
}

/** A logged call whose next lead is not open yet: being looked for, or none (the queue is empty). */
export interface WrapUp {
  readonly leadId: string;
  readonly code: string;
  readonly label: string;
  /** True while the next lead is looked for; false once the queue turned out empty. */
  readonly looking: boolean;
}

interface CallFlowState {
  readonly call: RunningCall | null;
  readonly wrapUp: WrapUp | null;
  startCall(leadId: string): void;
  endCall(): void;
  /** Seconds to log for a call on this lead, or null when no call was timed. */
  durationFor(leadId: string): number | null;
  /** After a disposition was committed: the next lead opens at once (one-key wrap-up). */
  /** `kept`: how many due callbacks the call answered (the core closed them with it). */
  logged(leadId: string, disposition: WireDisposition | null, kept?: number): void;
  /** A lead opened (by the person or by the flow): its next lead is looked up ahead of the key press. */
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

/** The queue's next lead after the open one, looked up when it opened so a disposition never waits. */
let prefetched: {
  readonly forLead: string;
  readonly next: Promise<NextLead | null>;
  /** The answer once it came: undefined while the read is out. */
  known?: NextLead | null;
} | null = null;

interface NextLead {
  readonly id: string;
  readonly name: string;
}

export const useCallFlow = create<CallFlowState>()((set, get) => {
  const nextLeadAfter = async (leadId: string): Promise<NextLead | null> => {
    const answer = await core().leads.queue({ limit: 2 });
    if (!answer.success) return null;
    const entry = answer.data.entries.find((candidate) => candidate.lead.id !== leadId);
    return entry === undefined ? null : { id: entry.lead.id, name: entry.lead.name };
  };
  const nextOf = (leadId: string): Promise<NextLead | null> =>
    prefetched?.forLead === leadId ? prefetched.next : nextLeadAfter(leadId);

  return {
    call: null,
    wrapUp: null,

    startCall: (leadId) => {
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

    logged: (leadId, disposition, kept = 0) => {
      const code = disposition?.code ?? '';
      const label = disposition?.label ?? 'Call logged';
      const card = useLead.getState().card;
      const name = card?.lead.id === leadId ? card.lead.name : undefined;
      showPresence({ state: 'wrap_up', lead_id: leadId });
      const moveOn = (next: NextLead | null): void => {
        const { wrapUp } = get();
        // The person opened another lead meanwhile: theirs to work, nothing to move on from.
        if (wrapUp?.leadId !== leadId || useWorkspace.getState().openLeadId !== leadId) return;
        if (next === null) {
          set({ wrapUp: { ...wrapUp, looking: false } });
          return;
        }
        set({ wrapUp: null });
        useWorkspace.getState().openLead(next.id);
        showPresence({ state: 'ready' });
        toast({
          tone: 'success',
          title: code === '' ? label : `Logged ${code} · ${label}`,
          ...(name === undefined
            ? {}
            : { body: kept > 0 ? `on ${name} · callback kept` : `on ${name}` }),
          action: { label: 'Back', run: () => useWorkspace.getState().openLead(leadId) },
          timeoutMs: 4_000,
        });
      };
      set({ call: null, wrapUp: { leadId, code, label, looking: true } });
      // The next lead read ahead: move on in this same turn, so the screen changes once.
      const known = prefetched?.forLead === leadId ? prefetched.known : undefined;
      if (known !== undefined) moveOn(known);
      else void nextOf(leadId).then(moveOn);
    },

    leadOpened: (leadId) => {
      const ahead: typeof prefetched =
        leadId === null ? null : { forLead: leadId, next: nextLeadAfter(leadId) };
      prefetched = ahead;
      // The next lead's card too, so the disposition key shows it without waiting on the core.
      if (ahead !== null) {
        void ahead.next.then((next) => {
          ahead.known = next;
          if (next !== null) void useLead.getState().prefetch(next.id);
        });
      }
      const { wrapUp } = get();
      if (wrapUp === null || wrapUp.leadId === leadId) return;
      set({ wrapUp: null });
      showPresence({ state: 'ready' });
    },
  };
});
