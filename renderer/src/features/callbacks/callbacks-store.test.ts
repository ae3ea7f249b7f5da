// The callbacks list against a fake core: soonest due first as the core answers, closed ones leave at once.
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  answers,
  calls,
  installFakeCore,
  ok,
  pendingCallback,
  refused,
  resetFakeCore,
} from '../../app/fake-core.test-support';
import { useCallbacks } from './callbacks-store';

const LEAD_ID = '00000000-0000-4000-8000-000000000001';
const withLead = (id: string, due: string) => ({
  ...pendingCallback(LEAD_ID, id, due),
  lead_name: 'Asha Rao',
  lead_time_zone: 'Asia/Kolkata',
});
const OVERDUE = withLead('00000000-0000-4000-8000-0000000000c1', '2026-11-25T04:00:00.000Z');
const LATER = withLead('00000000-0000-4000-8000-0000000000c2', '2026-11-26T04:00:00.000Z');

beforeAll(installFakeCore);

beforeEach(() => {
  resetFakeCore();
  useCallbacks.setState({ callbacks: null, error: null, actionError: null, selected: 0 });
  answers.set('callbacks:list', () => ok({ callbacks: [OVERDUE, LATER] }));
});

describe('the callbacks store', () => {
  it('lists the pending callbacks only', async () => {
    await useCallbacks.getState().load();
    expect(calls.at(-1)?.args).toMatchObject({ states: ['pending'] });
    expect(useCallbacks.getState().callbacks?.map((c) => c.id)).toEqual([OVERDUE.id, LATER.id]);
  });

  it('takes a done callback off the list at once', async () => {
    await useCallbacks.getState().load();
    answers.set('callbacks:complete', () => ok({ callback: { ...OVERDUE, state: 'done' } }));
    expect(await useCallbacks.getState().complete(OVERDUE.id, 'done')).toBe(true);
    expect(calls.at(-1)?.args).toEqual({ callback_id: OVERDUE.id, state: 'done' });
    expect(useCallbacks.getState().callbacks?.map((c) => c.id)).toEqual([LATER.id]);
  });

  it('keeps a callback the core refused to close, with the reason beside it', async () => {
    await useCallbacks.getState().load();
    answers.set('callbacks:complete', () => refused('CALLBACK_NOT_FOUND', 'No such callback.'));
    expect(await useCallbacks.getState().complete(LATER.id, 'cancelled')).toBe(false);
    expect(useCallbacks.getState().actionError).toMatchObject({ id: LATER.id });
    expect(useCallbacks.getState().callbacks).toHaveLength(2);
  });
});
