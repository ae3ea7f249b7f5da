// Assessments against a fake core: started with the open lead, answers kept through an offline submit.
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  answers,
  calls,
  installFakeCore,
  ok,
  refused,
  resetFakeCore,
  settle,
} from '../../app/fake-core.test-support';
import {
  formatPrice,
  openPaidLabel,
  useAssessments,
  type AssessmentSummary,
} from './assessments-store';

const ASSESSMENT = '00000000-0000-4000-8000-0000000000a1';
const RESPONSE = '00000000-0000-4000-8000-0000000000b1';
const LEAD = '00000000-0000-4000-8000-000000000001';

const started = {
  response_id: RESPONSE,
  started_at: '2026-11-25T05:00:00.000Z',
  assessment: {
    id: ASSESSMENT,
    title: 'Readiness',
    description: '',
    sections: [{ id: 's1', title: 'Basics' }],
    questions: [
      {
        id: 'q1',
        section: 's1',
        type: 'single_choice',
        prompt: 'Pick',
        options: [{ id: 'a', label: 'A' }],
        required: true,
      },
      { id: 'q2', section: 's1', type: 'text', prompt: 'Say', options: [], required: false },
      {
        id: 'q3',
        section: 's1',
        type: 'multi_choice',
        prompt: 'All',
        options: [{ id: 'x', label: 'X' }],
        required: false,
      },
    ],
  },
};

beforeAll(installFakeCore);

beforeEach(() => {
  resetFakeCore();
  useAssessments.setState({
    run: null,
    actionError: null,
    starting: null,
    submitting: false,
    buying: null,
    awaitingPayment: [],
  });
  answers.set('assessments:start', () => ok(started));
  answers.set('assessments:list', () => ok({ assessments: [] }));
});

describe('the assessments store', () => {
  it('starts with the open lead and sends only what was answered', async () => {
    await useAssessments.getState().start(ASSESSMENT, LEAD);
    expect(calls.at(-1)?.args).toEqual({ assessment_id: ASSESSMENT, lead_id: LEAD });
    useAssessments.getState().answer('q1', 'a');
    useAssessments.getState().answer('q2', '   ');
    useAssessments.getState().answer('q3', []);
    answers.set('assessments:submit', () =>
      ok({
        response_id: RESPONSE,
        submitted_at: '2026-11-25T05:10:00.000Z',
        score: 80,
        passed: true,
        section_scores: { s1: 80 },
      }),
    );
    await useAssessments.getState().submit();
    const submitted = calls.find((call) => call.op === 'assessments:submit');
    expect(submitted?.args).toEqual({ response_id: RESPONSE, answers: { q1: 'a' } });
    expect(useAssessments.getState().run?.result).toMatchObject({ score: 80, passed: true });
  });

  it('keeps every answer when the server cannot be reached, and says why', async () => {
    await useAssessments.getState().start(ASSESSMENT, null);
    expect(calls.at(-1)?.args).toEqual({ assessment_id: ASSESSMENT });
    useAssessments.getState().answer('q1', 'a');
    answers.set('assessments:submit', () => refused('OFFLINE', 'The server cannot be reached.'));
    await useAssessments.getState().submit();
    const state = useAssessments.getState();
    expect(state.actionError?.code).toBe('OFFLINE');
    expect(state.run?.answers).toEqual({ q1: 'a' });
    expect(state.run?.result).toBeNull();
  });
});

const PAID = '00000000-0000-4000-8000-0000000000a2';
const CHECKOUT = 'https://checkout.stripe.com/c/pay/cs_test_1';

function paidSummary(locked: boolean): AssessmentSummary {
  return {
    assessment_id: PAID,
    title: 'Communication',
    description: '',
    assignment_id: '00000000-0000-4000-8000-0000000000c1',
    due_at: null,
    assignment_status: 'assigned',
    price: { amount: 49900, currency: 'inr', on_sale: true },
    locked,
  };
}

describe('buying a paid assessment', () => {
  it('opens the Checkout URL outside and asks for the list again on return until it unlocks', async () => {
    answers.set('assessments:list', () => ok({ assessments: [paidSummary(true)] }));
    await useAssessments.getState().load();
    answers.set('assessments:checkout', () => ok({ url: CHECKOUT }));
    const opened: string[] = [];
    await useAssessments.getState().buy(PAID, (url) => opened.push(url));
    expect(calls.at(-1)).toEqual({ op: 'assessments:checkout', args: { assessment_id: PAID } });
    expect(opened).toEqual([CHECKOUT]);
    expect(useAssessments.getState().awaitingPayment).toEqual([PAID]);

    // Back from the browser before the webhook: still locked, still awaited.
    await useAssessments.getState().refreshIfAwaiting();
    expect(useAssessments.getState().awaitingPayment).toEqual([PAID]);
    // The webhook landed: unlocked, nothing awaited, and focus no longer asks the server.
    answers.set('assessments:list', () => ok({ assessments: [paidSummary(false)] }));
    await useAssessments.getState().refreshIfAwaiting();
    expect(useAssessments.getState().list?.[0]?.locked).toBe(false);
    expect(useAssessments.getState().awaitingPayment).toEqual([]);
    const listsBefore = calls.filter((call) => call.op === 'assessments:list').length;
    await useAssessments.getState().refreshIfAwaiting();
    expect(calls.filter((call) => call.op === 'assessments:list')).toHaveLength(listsBefore);
  });

  it('opens nothing when the checkout is refused, and shows the refusal', async () => {
    answers.set('assessments:checkout', () =>
      refused('PAYMENT_PROVIDER_ERROR', 'Stripe answered 500.'),
    );
    const opened: string[] = [];
    await useAssessments.getState().buy(PAID, (url) => opened.push(url));
    expect(opened).toEqual([]);
    expect(useAssessments.getState().actionError?.code).toBe('PAYMENT_PROVIDER_ERROR');
    expect(useAssessments.getState().awaitingPayment).toEqual([]);
    expect(useAssessments.getState().buying).toBeNull();
  });

  it('reloads the list when it was unlocked already', async () => {
    answers.set('assessments:checkout', () => refused('ALREADY_UNLOCKED', 'Unlocked already.'));
    answers.set('assessments:list', () => ok({ assessments: [paidSummary(false)] }));
    await useAssessments.getState().buy(PAID, () => undefined);
    await settle();
    expect(useAssessments.getState().list?.[0]?.locked).toBe(false);
  });

  it('writes a price in the digits of its currency', () => {
    expect(formatPrice({ amount: 49900, currency: 'inr' }, 'en-IN')).toBe('₹499.00');
    expect(formatPrice({ amount: 1999, currency: 'usd' }, 'en-US')).toBe('$19.99');
    expect(formatPrice({ amount: 500, currency: 'jpy' }, 'en-US')).toBe('¥500');
    // A code Intl does not know is shown, not thrown: the list still renders.
    expect(formatPrice({ amount: 100, currency: 'zz1' }, 'en-US')).toBe('100 ZZ1');
  });
});

describe('openPaidLabel', () => {
  const price = { amount: 49900, currency: 'inr', on_sale: true };

  it('says a paid assessment a manager or an admin may take is included for staff, not bought', () => {
    expect(openPaidLabel({ price, locked: false }, 'manager')).toBe('Included for staff');
    expect(openPaidLabel({ price, locked: false }, 'admin')).toBe('Included for staff');
  });

  it('says unlocked for anyone else who bought it or was granted it, and nothing for free or locked ones', () => {
    expect(openPaidLabel({ price, locked: false }, 'telecaller')).toBe('Unlocked');
    expect(openPaidLabel({ price, locked: false }, undefined)).toBe('Unlocked');
    expect(openPaidLabel({ price, locked: true }, 'user')).toBeNull();
    expect(openPaidLabel({ price: null, locked: false }, 'admin')).toBeNull();
  });
});
