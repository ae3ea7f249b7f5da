// An admin's assessments: the list, the one being edited (a draft until saved), and who takes it.
// Everything here is online (authoring:*); a refusal stays on screen with the draft untouched.
import { create } from 'zustand';
import type { ApiError } from '../../../../src/contract/api-response';
import type { ResultOf } from '../../../../src/contract/operation-map';
import type { Unlock } from '../../../../src/contract/operations/unlocks';
import { core } from '../../app/client';
import { toast } from '../../app/toasts';
import { emptyDraft, problemsOf, saveArgsOf, type Draft } from './draft';

type Summary = ResultOf<'authoring:list'>['assessments'][number];
type Assignee = ResultOf<'authoring:assignees'>['assignees'][number];

interface AuthoringState {
  readonly summaries: readonly Summary[] | null;
  readonly listError: ApiError | null;
  /** The draft on screen; null shows the list's empty state. */
  readonly draft: Draft | null;
  /** The draft as last loaded or saved, to tell unsaved changes. */
  readonly saved: Draft | null;
  /** Submitted responses of the open assessment (their scores do not change with the key). */
  readonly submitted: number;
  readonly passed: number;
  /** Submitted scores in ten bands of 10 points. */
  readonly scoreBands: readonly number[];
  readonly busy: boolean;
  readonly error: ApiError | null;
  /** Shown once after a save. */
  readonly notice: string | null;
  /** Problems show once the person has edited the draft (a fresh New is not an error). */
  readonly touched: boolean;
  readonly assignees: readonly Assignee[] | null;
  /** Whether the open assessment is paid, and the unlocks in force (bought or granted). */
  readonly access: { readonly paid: boolean; readonly unlocks: readonly Unlock[] } | null;
  load(): Promise<void>;
  open(id: string): Promise<void>;
  create(): void;
  edit(change: (draft: Draft) => Draft): void;
  save(): Promise<boolean>;
  loadAssignees(): Promise<void>;
  assign(userIds: readonly string[], dueAt: string | null): Promise<boolean>;
  /** Lets a person take the paid assessment without buying it; refusals are toasts. */
  grant(userId: string, name: string): Promise<void>;
  revoke(unlock: Unlock, name: string): Promise<void>;
}

let opening = 0;

export const useAuthoring = create<AuthoringState>()((set, get) => ({
  summaries: null,
  listError: null,
  draft: null,
  saved: null,
  submitted: 0,
  passed: 0,
  scoreBands: [],
  busy: false,
  error: null,
  notice: null,
  touched: false,
  assignees: null,
  access: null,

  load: async () => {
    const answer = await core().authoring.list({});
    if (answer.success) set({ summaries: answer.data.assessments, listError: null });
    else set({ listError: answer.error });
  },

  open: async (id) => {
    const ticket = ++opening;
    set({ busy: true, error: null, notice: null });
    const answer = await core().authoring.get({ id });
    if (ticket !== opening) return;
    if (!answer.success) {
      set({ busy: false, error: answer.error });
      return;
    }
    const { assessment } = answer.data;
    const draft: Draft = {
      id: assessment.id,
      title: assessment.title,
      description: assessment.description,
      is_active: assessment.is_active,
      definition: assessment.definition,
    };
    set({
      draft,
      saved: draft,
      submitted: assessment.submitted,
      passed: assessment.passed,
      scoreBands: assessment.score_bands,
      busy: false,
      assignees: null,
      access: null,
      touched: true,
    });
    void get().loadAssignees();
  },

  create: () => {
    opening += 1;
    set({
      draft: emptyDraft(),
      saved: null,
      submitted: 0,
      passed: 0,
      scoreBands: [],
      error: null,
      notice: null,
      assignees: null,
      access: null,
      touched: false,
    });
  },

  edit: (change) => {
    const { draft } = get();
    if (draft !== null) set({ draft: change(draft), notice: null, touched: true });
  },

  save: async () => {
    const { draft, busy } = get();
    set({ touched: true });
    if (draft === null || busy || problemsOf(draft).size > 0) return false;
    set({ busy: true, error: null });
    const answer = await core().authoring.save(saveArgsOf(draft));
    if (!answer.success) {
      set({ busy: false, error: answer.error });
      return false;
    }
    const saved = { ...draft, id: answer.data.id };
    set({ draft: saved, saved, busy: false, notice: 'Saved.' });
    void get().load();
    if (draft.id === null) void get().loadAssignees();
    return true;
  },

  loadAssignees: async () => {
    const id = get().draft?.id;
    if (id === null || id === undefined) return;
    const [answer, access] = await Promise.all([
      core().authoring.assignees({ id }),
      core().unlocks.list({ assessment_id: id }),
    ]);
    if (get().draft?.id !== id) return;
    if (answer.success) set({ assignees: answer.data.assignees });
    else set({ error: answer.error });
    if (access.success) set({ access: access.data });
    else set({ error: access.error });
  },

  grant: async (userId, name) => {
    const id = get().draft?.id;
    if (id === null || id === undefined) return;
    set({ busy: true });
    const answer = await core().unlocks.grant({ assessment_id: id, user_id: userId });
    set({ busy: false });
    if (answer.success) toast({ tone: 'success', title: `${name} may take it without buying it` });
    else toast({ tone: 'error', title: `${name}: not granted`, body: answer.error.message });
    await get().loadAssignees();
  },

  revoke: async (unlock, name) => {
    set({ busy: true });
    const answer = await core().unlocks.revoke({ unlock_id: unlock.id });
    set({ busy: false });
    if (answer.success) toast({ tone: 'success', title: `${name}'s grant taken back` });
    else
      toast({ tone: 'error', title: `${name}: grant not taken back`, body: answer.error.message });
    await get().loadAssignees();
  },

  assign: async (userIds, dueAt) => {
    const id = get().draft?.id;
    if (id === null || id === undefined || userIds.length === 0) return false;
    set({ busy: true, error: null });
    const answer = await core().authoring.assign({ id, user_ids: [...userIds], due_at: dueAt });
    set({ busy: false });
    if (!answer.success) {
      set({ error: answer.error });
      return false;
    }
    const count = answer.data.assigned;
    set({ notice: `Assigned to ${count} ${count === 1 ? 'person' : 'people'}.` });
    await Promise.all([get().loadAssignees(), get().load()]);
    return true;
  },
}));

/** Whether the draft differs from what the server has. */
export function isDirty(draft: Draft | null, saved: Draft | null): boolean {
  if (draft === null) return false;
  return saved === null || JSON.stringify(draft) !== JSON.stringify(saved);
}
