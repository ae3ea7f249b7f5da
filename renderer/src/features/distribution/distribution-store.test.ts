// The distribution screen against a fake core: the count follows the chosen telecallers (their own
// leads leave the pick), the confirmation shows the planned shares, a refusal keeps the dialog open with
// its code, and a move sends the selected leads to one telecaller or the pool.
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  answers,
  calls,
  installFakeCore,
  ok,
  refused,
  resetFakeCore,
} from '../../app/fake-core.test-support';
import { DEFAULT_FILTER } from './distribution-plan';
import { planOf, useDistribution } from './distribution-store';

const TC1 = {
  id: '00000000-0000-4000-8000-000000000003',
  email: 'tc1@talentg.test',
  full_name: 'Priya',
  open_leads: 4,
};
const TC2 = {
  id: '00000000-0000-4000-8000-000000000004',
  email: 'tc2@talentg.test',
  full_name: 'Arjun',
  open_leads: 0,
};
const lead = (n: number) => ({
  id: `00000000-0000-4000-8000-0000000001${String(n).padStart(2, '0')}`,
  name: `Lead ${n}`,
  phone_e164: `+9198450123${String(n).padStart(2, '0')}`,
  status: 'new',
  source: 'expo',
  time_zone: 'Asia/Kolkata',
  assigned_to: null,
  created_at: '2026-12-07T10:00:00.000Z',
});

const lastArgs = (op: string) => calls.filter((call) => call.op === op).at(-1)?.args;

beforeAll(installFakeCore);

beforeEach(async () => {
  resetFakeCore();
  useDistribution.setState({
    telecallers: null,
    filter: DEFAULT_FILTER,
    preview: null,
    problem: null,
    choices: {},
    mode: 'round-robin',
    confirming: false,
    result: null,
    actionError: null,
    selected: new Set(),
    moveTo: null,
    moved: null,
  });
  answers.set('manager:telecallers', () => ok({ telecallers: [TC1, TC2] }));
  answers.set('manager:leads', () => ok({ total: 5, leads: [1, 2, 3, 4, 5].map(lead) }));
  await useDistribution.getState().load();
});

describe('the distribution store', () => {
  it('counts the pick without the chosen telecallers’ own leads', async () => {
    expect(lastArgs('manager:leads')).toMatchObject({ unassigned: true, not_held_by: [] });
    useDistribution.getState().choose(TC1.id, true);
    await Promise.resolve();
    expect(lastArgs('manager:leads')).toMatchObject({ not_held_by: [TC1.id] });
  });

  it('shows a filter to correct instead of asking the server', async () => {
    const asked = calls.length;
    useDistribution.getState().setFilter({ limit: 'ten' });
    expect(useDistribution.getState().problem).toMatchObject({ code: 'FILTER' });
    expect(calls.length).toBe(asked);
  });

  it('confirms who gets how many, then sends the weighted distribution', async () => {
    const store = useDistribution.getState();
    store.choose(TC1.id, true);
    store.choose(TC2.id, true);
    store.setMode('weighted');
    store.setWeight(TC1.id, 4);
    useDistribution.getState().confirm();
    expect(useDistribution.getState().confirming).toBe(true);
    expect(planOf(useDistribution.getState()).map((share) => share.count)).toEqual([4, 1]);
    answers.set('manager:distribute', () =>
      ok({
        total: 5,
        assignments: [
          { user_id: TC1.id, email: TC1.email, count: 4 },
          { user_id: TC2.id, email: TC2.email, count: 1 },
        ],
      }),
    );
    await useDistribution.getState().distribute();
    expect(lastArgs('manager:distribute')).toEqual({
      statuses: ['new', 'contacted', 'qualified'],
      unassigned: true,
      to: [
        { email: TC1.email, weight: 4 },
        { email: TC2.email, weight: 1 },
      ],
      mode: 'weighted',
    });
    expect(useDistribution.getState()).toMatchObject({ confirming: false, result: { total: 5 } });
  });

  it('keeps the confirmation open with the server’s refusal', async () => {
    useDistribution.getState().choose(TC2.id, true);
    useDistribution.getState().confirm();
    answers.set('manager:distribute', () =>
      refused('ASSIGNEE_INACTIVE', 'tc2@talentg.test is deactivated and cannot be given leads.'),
    );
    await useDistribution.getState().distribute();
    expect(useDistribution.getState()).toMatchObject({
      confirming: true,
      result: null,
      actionError: { code: 'ASSIGNEE_INACTIVE' },
    });
  });

  it('moves the selected leads back to the pool', async () => {
    const store = useDistribution.getState();
    store.toggleLead(lead(2).id);
    store.toggleLead(lead(4).id);
    answers.set('manager:reassign', () => ok({ moved: 2, unchanged: 0, missing: [] }));
    await useDistribution.getState().reassign();
    expect(lastArgs('manager:reassign')).toEqual({ lead_ids: [lead(2).id, lead(4).id], to: null });
    expect(useDistribution.getState()).toMatchObject({ moved: { moved: 2 }, selected: new Set() });
  });
});
