// authoring:* through the core against the embedded stack: an admin writes an assessment in the
// domain's words, the server keeps it in its own (single / multi, sections with labels) and scores a
// taker by it; a manager and a telecaller are refused by the policies, not by the window.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningStack } from '../../../src/local-supabase/stack.js';
import type { AssessmentDefinition } from '../../../src/domain/assessment-scoring.js';
import {
  DEMO_PASSWORD,
  MANAGER,
  TC1,
  TC2,
  openRig,
  startSeededStack,
  type ServicesRig,
} from '../../support/services-rig.js';
import { sqlJson, sqlNumber } from '../../support/sql-values.js';

const ADMIN = 'admin@talentg.test';
const TC1_ID = '00000000-0000-4000-8000-000000000003';
const TC2_ID = '00000000-0000-4000-8000-000000000004';
const READINESS = '00000000-0000-4000-8000-00000000a001';

const DEFINITION: AssessmentDefinition = {
  questions: [
    {
      id: 'open',
      section: 'calls',
      type: 'single_choice',
      prompt: 'How should a call open?',
      options: [
        { id: 'a', label: 'Greet, name, company', points: 4 },
        { id: 'b', label: 'The fee', points: 0 },
      ],
      required: true,
    },
    {
      id: 'tools',
      section: 'calls',
      type: 'multi_choice',
      prompt: 'Which do you log after every call?',
      options: [
        { id: 'a', label: 'The disposition', points: 2 },
        { id: 'b', label: 'Notes', points: 2 },
        { id: 'c', label: 'Your lunch order', points: -2 },
      ],
      required: false,
    },
    {
      id: 'why',
      section: 'calls',
      type: 'text',
      prompt: 'Why do you want this job?',
      options: [],
      required: false,
    },
  ],
  scoring_rules: { sections: [{ id: 'calls', title: 'Calls', weight: 1 }], pass_mark: 75 },
};

let stack: RunningStack;
const rigs: Record<string, ServicesRig> = {};

async function signedIn(email: string): Promise<ServicesRig> {
  const rig = await openRig({ url: stack.url, anonKey: stack.anonKey });
  const result = await rig.workstation.signIn(email, DEMO_PASSWORD);
  if (!result.ok) throw new Error(result.message);
  return rig;
}

beforeAll(async () => {
  stack = await startSeededStack();
  for (const email of [ADMIN, MANAGER, TC1, TC2]) rigs[email] = await signedIn(email);
});

afterAll(async () => {
  for (const rig of Object.values(rigs)) await rig.close();
  await stack?.close();
});

describe('an admin authoring an assessment', () => {
  let createdId = '';

  it('lists the seeded assessments with their counts', async () => {
    const { assessments } = await rigs[ADMIN]!.caller.ok('authoring:list', {});
    const readiness = assessments.find((a) => a.id === READINESS);
    const { rows } = await stack.db.query<{ status: string; n: number }>(
      `select status, count(*)::int as n from public.assessment_assignments
        where assessment_id = $1 group by status`,
      [READINESS],
    );
    const counted = (status: string) =>
      sqlNumber(rows.find((row) => row.status === status)?.n ?? 0);
    expect(readiness).toMatchObject({
      questions: 6,
      sections: 3,
      pass_mark: 60,
      assigned: counted('assigned'),
      completed: counted('completed'),
    });
    expect(readiness!.assigned + readiness!.completed).toBe(2);
  });

  it('reads a seeded assessment in the domain words, answer key included', async () => {
    const { assessment } = await rigs[ADMIN]!.caller.ok('authoring:get', { id: READINESS });
    expect(assessment.definition.questions.map((q) => q.type)).toEqual([
      'single_choice',
      'single_choice',
      'text',
      'multi_choice',
      'single_choice',
      'single_choice',
    ]);
    expect(assessment.definition.scoring_rules.sections[0]).toEqual({
      id: 'communication',
      title: 'Communication',
      weight: 2,
    });
    expect(assessment.definition.questions[0]!.options[1]).toMatchObject({ id: 'b', points: 4 });
  });

  it('creates one that the server stores in its own words', async () => {
    const saved = await rigs[ADMIN]!.caller.ok('authoring:save', {
      title: 'Floor basics',
      description: 'For new joiners.',
      definition: DEFINITION,
    });
    createdId = saved.id;
    const { rows } = await stack.db.query<{
      questions: { type: string }[];
      scoring_rules: unknown;
    }>('select questions, scoring_rules from public.assessments where id = $1', [createdId]);
    const questions = sqlJson<{ type: string }[]>(rows[0]!.questions);
    expect(questions.map((q) => q.type)).toEqual(['single', 'multi', 'text']);
    expect(sqlJson(rows[0]!.scoring_rules)).toEqual({
      sections: [{ id: 'calls', label: 'Calls', weight: 1 }],
      pass_mark: 75,
    });
    const { assessment } = await rigs[ADMIN]!.caller.ok('authoring:get', { id: createdId });
    expect(assessment.definition).toEqual(DEFINITION);
    expect(assessment.submitted).toBe(0);
  });

  it('assigns it, and the taker is scored by the key the admin wrote', async () => {
    expect(
      await rigs[ADMIN]!.caller.ok('authoring:assign', { id: createdId, user_ids: [TC2_ID] }),
    ).toEqual({ assigned: 1 });
    const taker = rigs[TC2]!.caller;
    const listed = await taker.ok('assessments:list');
    expect(listed.assessments.map((a) => a.assessment_id)).toContain(createdId);
    const started = await taker.ok('assessments:start', { assessment_id: createdId });
    const result = await taker.ok('assessments:submit', {
      response_id: started.response_id,
      answers: { open: 'a', tools: ['a', 'c'], why: 'People.' },
    });
    // open 4/4, tools max(2 - 2, 0)/4: 4 of 8 points.
    expect(result).toMatchObject({ score: 50, passed: false });

    const { assignees } = await rigs[ADMIN]!.caller.ok('authoring:assignees', { id: createdId });
    const tc2 = assignees.find((person) => person.user_id === TC2_ID);
    expect(tc2).toMatchObject({
      assignment: { status: 'completed' },
      result: { score: 50, passed: false },
    });
    const { assessment } = await rigs[ADMIN]!.caller.ok('authoring:get', { id: createdId });
    expect(assessment).toMatchObject({ submitted: 1, passed: 0 });
    expect(assessment.score_bands).toEqual([0, 0, 0, 0, 0, 1, 0, 0, 0, 0]);
  });

  it('names the lead of a run a telecaller gave with a lead, who took none for themselves', async () => {
    await rigs[ADMIN]!.caller.ok('authoring:assign', { id: createdId, user_ids: [TC1_ID] });
    const caller = rigs[TC1]!.caller;
    await caller.ok('sync:now');
    const lead = (await caller.ok('leads:queue', { limit: 1 })).entries[0]!.lead;
    const started = await caller.ok('assessments:start', {
      assessment_id: createdId,
      lead_id: lead.id,
    });
    await caller.ok('assessments:submit', {
      response_id: started.response_id,
      answers: { open: 'a', tools: ['a', 'b'], why: 'Because.' },
    });
    const { assignees } = await rigs[ADMIN]!.caller.ok('authoring:assignees', { id: createdId });
    expect(assignees.find((person) => person.user_id === TC1_ID)?.result).toMatchObject({
      passed: expect.any(Boolean),
      lead: { id: lead.id, name: lead.name },
    });
    // tc2 took it for themselves: no lead.
    expect(assignees.find((person) => person.user_id === TC2_ID)?.result?.lead).toBeNull();
  });

  it('changes the pass mark and retires it, keeping the score already given', async () => {
    await rigs[ADMIN]!.caller.ok('authoring:save', {
      id: createdId,
      title: 'Floor basics',
      is_active: false,
      definition: { ...DEFINITION, scoring_rules: { ...DEFINITION.scoring_rules, pass_mark: 40 } },
    });
    const { assessment } = await rigs[ADMIN]!.caller.ok('authoring:get', { id: createdId });
    expect(assessment).toMatchObject({
      is_active: false,
      definition: { scoring_rules: { pass_mark: 40 } },
    });
    const { assignees } = await rigs[ADMIN]!.caller.ok('authoring:assignees', { id: createdId });
    expect(assignees.find((person) => person.user_id === TC2_ID)?.result).toMatchObject({
      score: 50,
      passed: false,
    });
  });

  it('refuses a definition the scorer could not use, naming the field', async () => {
    const error = await rigs[ADMIN]!.caller.refused('authoring:save', {
      title: 'Broken',
      definition: {
        ...DEFINITION,
        questions: [{ ...DEFINITION.questions[0]!, section: 'nowhere' }],
      },
    });
    expect(error.code).toBe('INVALID_REQUEST');
    expect(JSON.stringify(error.details)).toContain('section');
  });

  it('answers ASSESSMENT_NOT_FOUND for an id nobody has', async () => {
    const missing = '00000000-0000-4000-8000-00000000ffff';
    expect((await rigs[ADMIN]!.caller.refused('authoring:get', { id: missing })).code).toBe(
      'ASSESSMENT_NOT_FOUND',
    );
    expect(
      (
        await rigs[ADMIN]!.caller.refused('authoring:save', {
          id: missing,
          title: 'X',
          definition: DEFINITION,
        })
      ).code,
    ).toBe('ASSESSMENT_NOT_FOUND');
    expect(
      (await rigs[ADMIN]!.caller.refused('authoring:assign', { id: missing, user_ids: [TC2_ID] }))
        .code,
    ).toBe('ASSESSMENT_NOT_FOUND');
  });
});

describe('anyone else', () => {
  it('a manager may read and assign but not write an assessment', async () => {
    const manager = rigs[MANAGER]!.caller;
    expect((await manager.ok('authoring:get', { id: READINESS })).assessment.id).toBe(READINESS);
    expect(
      (await manager.refused('authoring:save', { title: 'Mine', definition: DEFINITION })).code,
    ).toBe('FORBIDDEN');
    expect(
      (
        await manager.refused('authoring:save', {
          id: READINESS,
          title: 'Renamed',
          definition: DEFINITION,
        })
      ).code,
    ).toBe('FORBIDDEN');
    expect(
      (await manager.ok('authoring:assign', { id: READINESS, user_ids: [TC2_ID] })).assigned,
    ).toBe(1);
    const { rows } = await stack.db.query<{ title: string }>(
      'select title from public.assessments where id = $1',
      [READINESS],
    );
    expect(rows[0]!.title).toBe('Telecaller Readiness Check');
  });

  it('a telecaller reads no answer key and writes nothing', async () => {
    const telecaller = rigs[TC1]!.caller;
    expect((await telecaller.ok('authoring:list', {})).assessments).toEqual([]);
    expect((await telecaller.refused('authoring:get', { id: READINESS })).code).toBe(
      'ASSESSMENT_NOT_FOUND',
    );
    expect(
      (await telecaller.refused('authoring:save', { title: 'Mine', definition: DEFINITION })).code,
    ).toBe('FORBIDDEN');
    expect(
      (await telecaller.refused('authoring:assign', { id: READINESS, user_ids: [TC2_ID] })).code,
    ).toBe('FORBIDDEN');
  });
});
