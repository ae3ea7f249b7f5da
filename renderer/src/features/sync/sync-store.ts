// The sync view's lists: refused writes (local, always there) and logged conflicts (from the server).
import { create } from 'zustand';
import type { ApiError } from '../../../../src/contract/api-response';
import type {
  CONFLICT_SETTLEMENTS,
  DeadLetter,
  SyncConflict,
} from '../../../../src/contract/operations/sync';
import { core } from '../../app/client';
import { toast } from '../../app/toasts';

type ConflictSettlement = (typeof CONFLICT_SETTLEMENTS)[number];

/** Conflicts are rare; the newest of this many is enough to explain what happened. */
export const CONFLICTS_LIMIT = 200;

interface SyncViewStore {
  readonly deadLetters: readonly DeadLetter[] | null;
  /** Lead names by id, from the local cache; null for a lead that is no longer this person's. */
  readonly leadNames: Readonly<Record<string, string | null>>;
  readonly deadLettersError: ApiError | null;
  readonly conflicts: readonly SyncConflict[] | null;
  readonly conflictsError: ApiError | null;
  /** The seq being retried or dismissed: its buttons wait. */
  readonly settling: number | null;
  /** The conflict a manager is settling: its buttons wait. */
  readonly settlingConflict: number | null;
  loadDeadLetters(): Promise<void>;
  loadConflicts(): Promise<void>;
  settleConflict(id: number, settlement: ConflictSettlement): Promise<void>;
  retry(seq: number): Promise<void>;
  dismiss(seq: number): Promise<void>;
}

/** Names of the leads not yet looked up, from the local cache; null for one no longer visible. */
async function namesOf(
  leadIds: readonly string[],
  known: Readonly<Record<string, string | null>>,
): Promise<Record<string, string | null>> {
  const missing = [...new Set(leadIds)].filter((id) => !(id in known));
  const answers = await Promise.all(
    missing.map(async (id) => [id, await core().leads.get({ lead_id: id })] as const),
  );
  return Object.fromEntries(
    answers.map(([id, answer]) => [id, answer.success ? answer.data.lead.name : null]),
  );
}

export const useSyncView = create<SyncViewStore>()((set, get) => ({
  deadLetters: null,
  leadNames: {},
  deadLettersError: null,
  conflicts: null,
  conflictsError: null,
  settling: null,
  settlingConflict: null,

  loadDeadLetters: async () => {
    const answer = await core().sync.deadLetters();
    if (!answer.success) {
      set({ deadLettersError: answer.error });
      return;
    }
    const letters = answer.data.dead_letters;
    const leadIds = letters.flatMap((letter) => (letter.lead_id === null ? [] : [letter.lead_id]));
    set({ deadLetters: letters, deadLettersError: null });
    const names = await namesOf(leadIds, get().leadNames);
    // Merged, not replaced: the conflicts' lookup may have finished in between.
    set((state) => ({ leadNames: { ...state.leadNames, ...names } }));
  },

  loadConflicts: async () => {
    const answer = await core().sync.conflicts({ limit: CONFLICTS_LIMIT });
    if (!answer.success) {
      set({ conflictsError: answer.error });
      return;
    }
    const conflicts = [...answer.data.conflicts].reverse();
    const leadIds = conflicts.flatMap((c) => (c.lead_id === null ? [] : [c.lead_id]));
    set({ conflicts, conflictsError: null });
    const names = await namesOf(leadIds, get().leadNames);
    set((state) => ({ leadNames: { ...state.leadNames, ...names } }));
  },

  settleConflict: async (id, settlement) => {
    set({ settlingConflict: id });
    const answer = await core().sync.settleConflict({ id, settlement });
    set({ settlingConflict: null });
    if (!answer.success) {
      toast({ tone: 'error', title: 'Not settled', body: answer.error.message });
      return;
    }
    toast({
      tone: 'success',
      title: settlement === 'restored' ? 'Restored' : 'Kept',
      body:
        settlement === 'restored'
          ? 'The lead has its earlier value back, on every workstation with the next sync.'
          : 'The written value stays; the conflict is closed.',
    });
    await get().loadConflicts();
  },

  retry: async (seq) => {
    set({ settling: seq });
    const answer = await core().sync.retryDeadLetter({ seq });
    set({ settling: null });
    if (!answer.success) {
      toast({ tone: 'error', title: 'Not retried', body: answer.error.message });
      return;
    }
    toast({ tone: 'success', title: 'Sent again', body: 'The server judges it on the next sync.' });
    await get().loadDeadLetters();
  },

  dismiss: async (seq) => {
    set({ settling: seq });
    const answer = await core().sync.dismissDeadLetter({ seq });
    set({ settling: null });
    if (!answer.success) {
      toast({ tone: 'error', title: 'Not dismissed', body: answer.error.message });
      return;
    }
    await get().loadDeadLetters();
  },
}));
