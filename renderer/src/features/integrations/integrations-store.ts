// The Integrations screen's state: the email queue (every state's count and the emails of the chosen
// state) and the payments, read through the core; the admin's second factor decides whether a dead
// email may be sent again, and the database checks it again.
import { create } from 'zustand';
import type { ApiError } from '../../../../src/contract/api-response';
import type {
  Email,
  EmailCount,
  EmailState,
  Purchase,
  StripeEvent,
} from '../../../../src/contract/operations/integrations';
import type { MfaStatus } from '../../../../src/contract/operations/mfa';
import { core } from '../../app/client';
import { toast } from '../../app/toasts';

interface IntegrationsStore {
  /** The email state the table lists: dead first, what needs a person. */
  readonly state: EmailState;
  readonly counts: readonly EmailCount[] | null;
  readonly emails: readonly Email[] | null;
  readonly events: readonly StripeEvent[] | null;
  readonly purchases: readonly Purchase[] | null;
  readonly emailError: ApiError | null;
  readonly paymentsError: ApiError | null;
  readonly mfa: MfaStatus | null;
  /** The email being sent again: its button waits. */
  readonly requeueing: string | null;
  load(): Promise<void>;
  show(state: EmailState): Promise<void>;
  requeue(email: Email): Promise<void>;
}

export const useIntegrations = create<IntegrationsStore>()((set, get) => ({
  state: 'dead',
  counts: null,
  emails: null,
  events: null,
  purchases: null,
  emailError: null,
  paymentsError: null,
  mfa: null,
  requeueing: null,

  load: async () => {
    const [queue, payments, mfa] = await Promise.all([
      core().email.queue({ state: get().state }),
      core().payments.list(),
      core().mfa.status(),
    ]);
    set(
      queue.success
        ? { counts: queue.data.counts, emails: queue.data.emails, emailError: null }
        : { emailError: queue.error },
    );
    set(
      payments.success
        ? { events: payments.data.events, purchases: payments.data.purchases, paymentsError: null }
        : { paymentsError: payments.error },
    );
    if (mfa.success) set({ mfa: mfa.data });
  },

  show: async (state) => {
    set({ state, emails: null });
    const queue = await core().email.queue({ state });
    // A later click wins: only the state still chosen fills the table.
    if (get().state !== state) return;
    set(
      queue.success
        ? { counts: queue.data.counts, emails: queue.data.emails, emailError: null }
        : { emailError: queue.error },
    );
  },

  requeue: async (email) => {
    set({ requeueing: email.id });
    const answer = await core().email.requeue({ id: email.id });
    set({ requeueing: null });
    if (answer.success) {
      toast({ tone: 'success', title: 'Queued again', body: email.recipient });
    } else {
      toast({ tone: 'error', title: 'Not queued again', body: answer.error.message });
    }
    await get().show(get().state);
  },
}));
