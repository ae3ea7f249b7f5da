// Assessments: the person's list, one run at a time (alone, or with the open lead), scored by the server.
// Online only; answers stay on screen through any refusal, so a dropped network costs nothing typed.
import { create } from 'zustand';
import type { z } from 'zod';
import type { ApiError } from '../../../../src/contract/api-response';
import type {
  assessmentResultSchema,
  assessmentSummarySchema,
  startAssessmentResultSchema,
} from '../../../../src/contract/operations/assessments';
import { core } from '../../app/client';
import { formatMoney } from '../../app/money';

export type AssessmentSummary = z.infer<typeof assessmentSummarySchema>;
export type StartedAssessment = z.infer<typeof startAssessmentResultSchema>;
export type AssessmentResult = z.infer<typeof assessmentResultSchema>;
export type Answer = string | readonly string[];

export interface Run {
  readonly started: StartedAssessment;
  /** The lead it is run with, or null when the person takes it themselves. */
  readonly leadId: string | null;
  readonly answers: Readonly<Record<string, Answer>>;
  readonly result: AssessmentResult | null;
}

interface AssessmentsState {
  readonly list: readonly AssessmentSummary[] | null;
  readonly listError: ApiError | null;
  readonly loadingList: boolean;
  readonly selected: number;
  readonly run: Run | null;
  /** Which assessment is being started, while the server is asked. */
  readonly starting: string | null;
  readonly submitting: boolean;
  /** A refusal of start, submit or buy, shown where the person is. */
  readonly actionError: ApiError | null;
  /** Which paid assessment's Checkout is being asked for. */
  readonly buying: string | null;
  /** Paid assessments whose Checkout page was opened: the list is asked again until they unlock. */
  readonly awaitingPayment: readonly string[];
  load(): Promise<void>;
  /** Opens Stripe Checkout for a locked paid assessment; `open` shows the page outside the app. */
  buy(assessmentId: string, open?: (url: string) => void): Promise<void>;
  /** Asks for the list again when a purchase may have landed (the window regained focus). */
  refreshIfAwaiting(): Promise<void>;
  select(index: number): void;
  start(assessmentId: string, leadId: string | null): Promise<void>;
  answer(questionId: string, answer: Answer): void;
  submit(): Promise<void>;
  close(): void;
}

/**
 * A price in Stripe's smallest unit, in the currency's own digits (Intl knows that JPY has none and
 * INR has two), e.g. 49900 inr → ₹499.00, as the Integrations screen writes money (app/money.ts).
 */
export function formatPrice(price: { amount: number; currency: string }, locale?: string): string {
  return formatMoney(price.amount, price.currency, locale);
}

/**
 * The tag of a paid assessment this person may take: managers and admins take paid assessments without
 * buying them (the database's private.assessment_open_to), others because they bought it or an admin
 * granted it. Null for a free or a still locked one.
 */
export function openPaidLabel(
  item: Pick<AssessmentSummary, 'price' | 'locked'>,
  role: string | undefined,
): 'Included for staff' | 'Unlocked' | null {
  if (item.locked || item.price === null) return null;
  return role === 'manager' || role === 'admin' ? 'Included for staff' : 'Unlocked';
}

/**
 * Checkout is Stripe's page, never the app's: a new window, which the desktop shell turns into the
 * system browser (setWindowOpenHandler in electron/main/hardening.ts) and a browser into a new tab.
 */
function openOutside(url: string): void {
  window.open(url, '_blank', 'noopener,noreferrer');
}

export const useAssessments = create<AssessmentsState>()((set, get) => ({
  list: null,
  listError: null,
  loadingList: false,
  selected: 0,
  run: null,
  starting: null,
  submitting: false,
  actionError: null,
  buying: null,
  awaitingPayment: [],

  load: async () => {
    set({ loadingList: true });
    const answer = await core().assessments.list();
    set({ loadingList: false });
    if (!answer.success) {
      set({ listError: answer.error });
      return;
    }
    const list = answer.data.assessments;
    const stillLocked = new Set(
      list.filter((item) => item.locked).map((item) => item.assessment_id),
    );
    set({
      list,
      listError: null,
      selected: Math.min(get().selected, Math.max(0, list.length - 1)),
      awaitingPayment: get().awaitingPayment.filter((id) => stillLocked.has(id)),
    });
  },

  buy: async (assessmentId, open = openOutside) => {
    if (get().buying !== null) return;
    set({ buying: assessmentId, actionError: null });
    const answer = await core().assessments.checkout({ assessment_id: assessmentId });
    set({ buying: null });
    if (!answer.success) {
      set({ actionError: answer.error });
      // Bought meanwhile (another window, a colleague's admin): the list should say so.
      if (answer.error.code === 'ALREADY_UNLOCKED') void get().load();
      return;
    }
    open(answer.data.url);
    const awaiting = get().awaitingPayment;
    if (!awaiting.includes(assessmentId)) set({ awaitingPayment: [...awaiting, assessmentId] });
  },

  refreshIfAwaiting: async () => {
    if (get().awaitingPayment.length === 0 || get().loadingList) return;
    await get().load();
  },

  select: (index) => {
    const count = get().list?.length ?? 0;
    set({ selected: Math.max(0, Math.min(index, count - 1)) });
  },

  start: async (assessmentId, leadId) => {
    if (get().starting !== null) return;
    set({ starting: assessmentId, actionError: null });
    const answer = await core().assessments.start({
      assessment_id: assessmentId,
      ...(leadId === null ? {} : { lead_id: leadId }),
    });
    set({ starting: null });
    if (!answer.success) {
      set({ actionError: answer.error });
      return;
    }
    set({ run: { started: answer.data, leadId, answers: {}, result: null } });
  },

  answer: (questionId, answer) => {
    const { run } = get();
    if (run === null || run.result !== null) return;
    set({ run: { ...run, answers: { ...run.answers, [questionId]: answer } }, actionError: null });
  },

  submit: async () => {
    const { run, submitting } = get();
    if (run === null || run.result !== null || submitting) return;
    set({ submitting: true, actionError: null });
    const answers: Record<string, string | string[]> = {};
    for (const [id, value] of Object.entries(run.answers)) {
      if (typeof value === 'string') {
        if (value.trim() !== '') answers[id] = value;
      } else if (value.length > 0) {
        answers[id] = [...value];
      }
    }
    const answer = await core().assessments.submit({
      response_id: run.started.response_id,
      answers,
    });
    set({ submitting: false });
    if (!answer.success) {
      set({ actionError: answer.error });
      return;
    }
    const current = get().run;
    if (current !== null) set({ run: { ...current, result: answer.data } });
    void get().load();
  },

  close: () => set({ run: null, actionError: null }),
}));
