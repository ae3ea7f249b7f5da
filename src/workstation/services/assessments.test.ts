// assessments:* through dispatch against the embedded stack: what a telecaller may do by the migrations'
// rules (my_assessments(), an insert and one update of their own response), scored by the server.
import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { RunningStack } from '../../local-supabase/stack.js';
import {
  DEMO_PASSWORD,
  TC1,
  openRig,
  seedLeadId,
  serviceClient,
  startSeededStack,
  type ServicesRig,
} from '../../../tests/support/services-rig.js';

// supabase/seed.sql's fixed ids.
const READINESS = '00000000-0000-4000-8000-00000000a001';
const COMMUNICATION = '00000000-0000-4000-8000-00000000a002';
const TC1_UNFINISHED = '00000000-0000-4000-8000-00000000b002';
const USER_SUBMITTED = '00000000-0000-4000-8000-00000000b001';

let stack: RunningStack;
let rig: ServicesRig;

beforeAll(async () => {
  stack = await startSeededStack();
  rig = await openRig({ url: stack.url, anonKey: stack.anonKey });
  await rig.caller.ok('session:sign-in', { email: TC1, password: DEMO_PASSWORD });
  await rig.caller.ok('sync:now');
});
afterEach(() => {
  expect(rig.caller.crashReport()).toBe('');
});
afterAll(async () => {
  await rig?.close();
  await stack?.close();
});

describe('assessments', () => {
  it('lists what is assigned to the telecaller, with due dates and status', async () => {
    const { assessments } = await rig.caller.ok('assessments:list');
    expect(assessments.map((a) => a.assessment_id).sort()).toEqual([READINESS, COMMUNICATION]);
    for (const summary of assessments) {
      expect(summary.assignment_id).not.toBeNull();
      expect(summary.assignment_status).toBe('assigned');
      expect(Date.parse(summary.due_at ?? '')).toBeGreaterThan(Date.now());
    }
    expect(assessments.find((a) => a.assessment_id === READINESS)?.title).toBe(
      'Telecaller Readiness Check',
    );
  });

  it('starts one with the questions in the contract’s types and no answer key, and carries on with it', async () => {
    const started = await rig.caller.ok('assessments:start', { assessment_id: READINESS });
    const types = Object.fromEntries(started.assessment.questions.map((q) => [q.id, q.type]));
    expect(types).toEqual({
      q1: 'single_choice',
      q2: 'single_choice',
      q3: 'text',
      q4: 'multi_choice',
      q5: 'single_choice',
      q6: 'single_choice',
    });
    expect(JSON.stringify(started)).not.toContain('points');
    // Titled from the assessment's scoring rules, which the telecaller cannot read themselves.
    expect(started.assessment.sections).toEqual([
      { id: 'communication', title: 'Communication' },
      { id: 'product', title: 'Programme knowledge' },
      { id: 'compliance', title: 'Compliance' },
    ]);
    expect(started.assessment.questions[0]?.options.map((o) => o.id)).toEqual(['a', 'b', 'c', 'd']);
    const { data } = await serviceClient(stack)
      .from('assessment_responses')
      .select('assessment_id, status, lead_id')
      .eq('id', started.response_id);
    expect(data).toEqual([{ assessment_id: READINESS, status: 'in_progress', lead_id: null }]);

    const again = await rig.caller.ok('assessments:start', { assessment_id: READINESS });
    expect(again.response_id).toBe(started.response_id);
  });

  it('carries on with the unfinished response the telecaller began with a lead', async () => {
    const started = await rig.caller.ok('assessments:start', {
      assessment_id: COMMUNICATION,
      lead_id: seedLeadId(5),
    });
    expect(started.response_id).toBe(TC1_UNFINISHED);
  });

  it('refuses ASSESSMENT_NOT_FOUND for an unassigned one and LEAD_NOT_FOUND for a lead not held', async () => {
    const unknown = await rig.caller.refused('assessments:start', { assessment_id: randomUUID() });
    expect(unknown.code).toBe('ASSESSMENT_NOT_FOUND');
    const othersLead = await rig.caller.refused('assessments:start', {
      assessment_id: READINESS,
      lead_id: seedLeadId(2),
    });
    expect(othersLead.code).toBe('LEAD_NOT_FOUND');
  });

  it('submits for scoring on the server, once, and refuses answers that do not fit', async () => {
    const { response_id } = await rig.caller.ok('assessments:start', { assessment_id: READINESS });
    for (const answers of [{ q1: ['a', 'b'] }, { q9: 'a' }, { q1: 'z' }, { q4: 'a', q3: ['x'] }]) {
      const refused = await rig.caller.refused('assessments:submit', { response_id, answers });
      expect(refused.code, JSON.stringify(answers)).toBe('ASSESSMENT_ANSWERS_INVALID');
    }
    const result = await rig.caller.ok('assessments:submit', {
      response_id,
      answers: {
        q1: 'b',
        q2: 'a',
        q3: 'Hello, this is Priya from TalentG.',
        q4: ['a', 'c'],
        q5: 'b',
        q6: 'b',
      },
    });
    // communication 100 (weight 2), product 4 of 5 points, compliance 100: (200 + 80 + 100) / 4.
    expect(result).toMatchObject({
      response_id,
      score: 95,
      passed: true,
      section_scores: { communication: 100, product: 80, compliance: 100 },
    });
    expect(Date.parse(result.submitted_at)).toBeGreaterThan(Date.now() - 60_000);

    const twice = await rig.caller.refused('assessments:submit', {
      response_id,
      answers: { q1: 'a' },
    });
    expect(twice.code).toBe('ASSESSMENT_ALREADY_SUBMITTED');
    const { assessments } = await rig.caller.ok('assessments:list');
    expect(assessments.find((a) => a.assessment_id === READINESS)?.assignment_status).toBe(
      'completed',
    );
  });

  it('goes on with the next lead after the first run completes the assignment, each lead once; a completed self-assessment takes no new start', async () => {
    const answers = { q1: 'b' };
    const first = await rig.caller.ok('assessments:start', {
      assessment_id: COMMUNICATION,
      lead_id: seedLeadId(5),
    });
    await rig.caller.ok('assessments:submit', { response_id: first.response_id, answers });
    const { assessments } = await rig.caller.ok('assessments:list');
    expect(assessments.find((a) => a.assessment_id === COMMUNICATION)?.assignment_status).toBe(
      'completed',
    );

    const next = await rig.caller.ok('assessments:start', {
      assessment_id: COMMUNICATION,
      lead_id: seedLeadId(6),
    });
    await rig.caller.ok('assessments:submit', { response_id: next.response_id, answers });

    const again = await rig.caller.ok('assessments:start', {
      assessment_id: COMMUNICATION,
      lead_id: seedLeadId(5),
    });
    const refused = await rig.caller.refused('assessments:submit', {
      response_id: again.response_id,
      answers,
    });
    expect(refused.code).toBe('ASSESSMENT_ALREADY_TAKEN');

    // READINESS was submitted for oneself in the test before: it takes one result.
    const self = await rig.caller.refused('assessments:start', { assessment_id: READINESS });
    expect(self.code).toBe('ASSESSMENT_ALREADY_TAKEN');
  });

  it('shows a rating question with its scale and titled sections, and the server scores the chosen point', async () => {
    const service = serviceClient(stack);
    const assessment_id = randomUUID();
    const created = await service.from('assessments').insert({
      id: assessment_id,
      title: 'Attitude check',
      questions: [
        {
          id: 'q1',
          section: 'attitude',
          type: 'rating',
          prompt: 'How much do you enjoy calling?',
          options: [1, 2, 3, 4, 5].map((n) => ({ id: String(n), label: String(n), points: n - 1 })),
        },
        {
          id: 'q2',
          section: 'knowledge',
          type: 'single',
          prompt: 'DNC means?',
          options: [
            { id: 'a', label: 'Do not call', points: 1 },
            { id: 'b', label: 'Do call', points: 0 },
          ],
        },
        { id: 'q3', section: 'notes', type: 'text', prompt: 'Anything else?' },
      ],
      scoring_rules: {
        sections: [
          { id: 'attitude', label: 'Attitude', weight: 1 },
          { id: 'knowledge', weight: 3 },
        ],
        pass_mark: 75,
      },
    });
    expect(created.error).toBeNull();
    const me = await service.from('profiles').select('id').eq('email', TC1).single();
    expect(me.error).toBeNull();
    const assigned = await service
      .from('assessment_assignments')
      .insert({ assessment_id, user_id: me.data?.id });
    expect(assigned.error).toBeNull();

    const started = await rig.caller.ok('assessments:start', { assessment_id });
    expect(started.assessment.sections).toEqual([
      { id: 'attitude', title: 'Attitude' },
      // Unlabelled, and not in the scoring rules at all: titled by their ids.
      { id: 'knowledge', title: 'knowledge' },
      { id: 'notes', title: 'notes' },
    ]);
    expect(started.assessment.questions[0]).toEqual({
      id: 'q1',
      section: 'attitude',
      type: 'rating',
      prompt: 'How much do you enjoy calling?',
      options: ['1', '2', '3', '4', '5'].map((n) => ({ id: n, label: n })),
      required: false,
    });
    expect(JSON.stringify(started)).not.toContain('points');

    const offScale = await rig.caller.refused('assessments:submit', {
      response_id: started.response_id,
      answers: { q1: '9' },
    });
    expect(offScale.code).toBe('ASSESSMENT_ANSWERS_INVALID');
    const result = await rig.caller.ok('assessments:submit', {
      response_id: started.response_id,
      answers: { q1: '4', q2: 'a', q3: 'No' },
    });
    // Point 4 earns 3 of 4 points: (1 x 75 + 3 x 100) / 4.
    expect(result).toMatchObject({
      score: 93.75,
      passed: true,
      section_scores: { attitude: 75, knowledge: 100 },
    });
  });

  it('refuses ASSESSMENT_DEFINITION_INVALID for a question type the server would not score', async () => {
    const service = serviceClient(stack);
    const assessment_id = randomUUID();
    const created = await service.from('assessments').insert({
      id: assessment_id,
      title: 'Spelled the domain’s way',
      questions: [
        {
          id: 'q1',
          section: 's',
          type: 'single_choice',
          prompt: '2 + 2?',
          options: [{ id: 'a', label: '4', points: 1 }],
        },
      ],
      scoring_rules: { sections: [{ id: 's', label: 'S', weight: 1 }], pass_mark: 50 },
    });
    expect(created.error).toBeNull();
    const me = await service.from('profiles').select('id').eq('email', TC1).single();
    await service.from('assessment_assignments').insert({ assessment_id, user_id: me.data?.id });

    const refused = await rig.caller.refused('assessments:start', { assessment_id });
    expect(refused.code).toBe('ASSESSMENT_DEFINITION_INVALID');
  });

  it('answers ASSESSMENT_RESPONSE_NOT_FOUND for a response that is not the telecaller’s own', async () => {
    for (const response_id of [randomUUID(), USER_SUBMITTED]) {
      const refused = await rig.caller.refused('assessments:submit', { response_id, answers: {} });
      expect(refused.code).toBe('ASSESSMENT_RESPONSE_NOT_FOUND');
    }
  });
});
