// Assessments against a fake core: started with the open lead, answers kept through an offline submit.
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  answers,
  calls,
  installFakeCore,
  ok,
  refused,
  resetFakeCore,
} from '../../app/fake-core.test-support';
import { useAssessments } from './assessments-store';

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
  useAssessments.setState({ run: null, actionError: null, starting: null, submitting: false });
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
