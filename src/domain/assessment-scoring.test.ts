import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  maxPoints,
  parseAssessmentDefinition,
  QUESTION_TYPES,
  scoreAssessment,
  type AssessmentAnswers,
  type AssessmentDefinition,
  type AssessmentScore,
} from './assessment-scoring';

function definitionOf(value: unknown): AssessmentDefinition {
  const parsed = parseAssessmentDefinition(value);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.details));
  return parsed.definition;
}

function scored(definition: AssessmentDefinition, answers: unknown): AssessmentScore {
  const result = scoreAssessment(definition, answers);
  if (!result.ok) throw new Error(`${result.code}: ${result.message}`);
  return result;
}

const yesNo = [
  { id: 'yes', label: 'Yes', points: 1 },
  { id: 'no', label: 'No', points: 0 },
];

// A telecaller screening: knowledge counts three times as much as attitude.
const screening = definitionOf({
  questions: [
    {
      id: 'q1',
      section: 'knowledge',
      type: 'single_choice',
      prompt: 'Best time to call?',
      options: [
        { id: 'a', label: 'Morning', points: 2 },
        { id: 'b', label: 'Never', points: 0 },
      ],
      required: true,
    },
    {
      id: 'q2',
      section: 'knowledge',
      type: 'multi_choice',
      prompt: 'Valid dispositions?',
      options: [
        { id: 'na', label: 'NA', points: 1 },
        { id: 'sale', label: 'SALE', points: 1 },
        { id: 'xyz', label: 'XYZ', points: -1 },
      ],
    },
    {
      id: 'q3',
      section: 'attitude',
      type: 'rating',
      prompt: 'Enjoy calling?',
      options: [1, 2, 3, 4, 5].map((n) => ({ id: String(n), label: String(n), points: n })),
    },
    { id: 'q4', section: 'attitude', type: 'text', prompt: 'Why this job?' },
    {
      id: 'q5',
      section: 'attitude',
      type: 'single_choice',
      prompt: 'Weekends?',
      options: yesNo,
      required: true,
    },
  ],
  scoring_rules: {
    sections: [
      { id: 'knowledge', title: 'Knowledge', weight: 3 },
      { id: 'attitude', title: 'Attitude', weight: 1 },
    ],
    pass_mark: 70,
  },
});

describe('scoreAssessment', () => {
  it('weights section percents and lists what a person must review', () => {
    const result = scored(screening, {
      q1: 'a',
      q2: ['na', 'xyz'],
      q3: '4',
      q4: 'I like people',
      q5: 'yes',
    });
    expect(result.sectionScores).toEqual([
      { id: 'knowledge', earned: 2, possible: 4, percent: 50 },
      { id: 'attitude', earned: 5, possible: 6, percent: (5 / 6) * 100 },
    ]);
    expect(result.totalPercent).toBeCloseTo((3 * 50 + (5 / 6) * 100) / 4, 10);
    expect(result.passed).toBe(false);
    expect(result.needsReview).toEqual(['q4']);
    expect(result.unansweredRequired).toEqual([]);
  });

  it('passes at the pass mark', () => {
    const result = scored(screening, { q1: 'a', q2: ['na'], q3: '5', q5: 'yes' });
    expect(result.totalPercent).toBeCloseTo(81.25, 10);
    expect(result.passed).toBe(true);
  });

  it('lists unanswered required questions and does not pass without them', () => {
    const result = scored(screening, { q1: 'a', q2: ['na', 'sale'], q3: '5', q4: '  ' });
    expect(result.unansweredRequired).toEqual(['q5']);
    expect(result.needsReview).toEqual([]);
    expect(result.passed).toBe(false);
  });

  it('a wrong pick never takes a question below zero', () => {
    const result = scored(screening, { q2: ['xyz'] });
    expect(result.sectionScores[0]).toMatchObject({ earned: 0, possible: 4 });
  });

  it.each([
    ['an answer to an unknown question', { q9: 'a' }],
    ['an option the question does not have', { q1: 'z' }],
    ['several options for a single choice', { q1: ['a', 'b'] }],
    ['the same option twice', { q2: ['na', 'na'] }],
    ['a list for a text question', { q4: ['x'] }],
    ['not a record', ['a']],
    ['a number for an answer', { q1: 1 }],
  ])('refuses %s', (_name, answers) => {
    expect(scoreAssessment(screening, answers)).toMatchObject({
      ok: false,
      code: 'ASSESSMENT_ANSWERS_INVALID',
    });
  });

  it.each([
    ['a question in a missing section', { section: 'nowhere' }],
    ['a choice question without options', { options: [] }],
    ['repeated option ids', { options: [yesNo[0], yesNo[0]] }],
  ])('refuses a definition with %s', (_name, change) => {
    const question = {
      id: 'q',
      section: 's',
      type: 'single_choice',
      prompt: '?',
      options: yesNo,
      ...change,
    };
    expect(
      parseAssessmentDefinition({
        questions: [question],
        scoring_rules: { sections: [{ id: 's', title: 'S', weight: 1 }], pass_mark: 50 },
      }),
    ).toMatchObject({ ok: false, code: 'ASSESSMENT_DEFINITION_INVALID' });
  });

  it.each([
    ['no section with weight', [{ id: 's', title: 'S', weight: 0 }], 50],
    ['a pass mark above 100', [{ id: 's', title: 'S', weight: 1 }], 101],
    ['a negative weight', [{ id: 's', title: 'S', weight: -1 }], 50],
    [
      'a repeated section',
      [
        { id: 's', title: 'S', weight: 1 },
        { id: 's', title: 'T', weight: 1 },
      ],
      50,
    ],
  ])('refuses scoring rules with %s', (_name, sections, pass_mark) => {
    const question = { id: 'q', section: 's', type: 'single_choice', prompt: '?', options: yesNo };
    expect(
      parseAssessmentDefinition({ questions: [question], scoring_rules: { sections, pass_mark } }),
    ).toMatchObject({ ok: false, code: 'ASSESSMENT_DEFINITION_INVALID' });
  });
});

// ---- Properties over random assessments ----

const definitionArb: fc.Arbitrary<AssessmentDefinition> = fc
  .record({
    weights: fc.array(fc.oneof(fc.constant(0), fc.double({ min: 0.01, max: 100, noNaN: true })), {
      minLength: 1,
      maxLength: 4,
    }),
    questions: fc.array(
      fc.record({
        sectionIndex: fc.nat(),
        type: fc.constantFrom(...QUESTION_TYPES),
        points: fc.array(
          fc.oneof(fc.integer({ min: -3, max: 10 }), fc.double({ min: -5, max: 20, noNaN: true })),
          { minLength: 1, maxLength: 5 },
        ),
        required: fc.boolean(),
      }),
      { minLength: 1, maxLength: 12 },
    ),
    pass_mark: fc.double({ min: 0, max: 100, noNaN: true }),
  })
  .map(({ weights, questions, pass_mark }) => {
    const sections = weights.map((weight, index) => ({
      id: `s${index}`,
      title: `S${index}`,
      weight: index === 0 ? Math.max(weight, 1) : weight,
    }));
    return definitionOf({
      questions: questions.map((question, index) => ({
        id: `q${index}`,
        section: `s${question.sectionIndex % sections.length}`,
        type: question.type,
        prompt: '?',
        options:
          question.type === 'text'
            ? []
            : question.points.map((points, option) => ({ id: `o${option}`, label: '', points })),
        required: question.required,
      })),
      scoring_rules: { sections, pass_mark },
    });
  });

/** Any answer the definition accepts, including none. */
function answersArb(definition: AssessmentDefinition): fc.Arbitrary<AssessmentAnswers> {
  const perQuestion = definition.questions.map((question) => {
    const ids = question.options.map((option) => option.id);
    const answer: fc.Arbitrary<string | string[]> =
      question.type === 'text'
        ? fc.string()
        : question.type === 'multi_choice'
          ? fc.subarray(ids)
          : fc.constantFrom(...ids);
    return fc.option(answer, { nil: undefined }).map((value) => [question.id, value] as const);
  });
  return fc.tuple(...perQuestion).map((pairs) => {
    const answers: AssessmentAnswers = {};
    for (const [id, value] of pairs) if (value !== undefined) answers[id] = value;
    return answers;
  });
}

function bestAnswers(definition: AssessmentDefinition): AssessmentAnswers {
  const answers: AssessmentAnswers = {};
  for (const question of definition.questions) {
    if (question.type === 'text') answers[question.id] = 'an answer';
    else if (question.type === 'multi_choice')
      answers[question.id] = question.options
        .filter((option) => option.points > 0)
        .map((option) => option.id);
    else
      answers[question.id] = question.options.reduce((best, option) =>
        option.points > best.points ? option : best,
      ).id;
  }
  return answers;
}

const withAnswers = definitionArb.chain((definition) =>
  fc.tuple(fc.constant(definition), answersArb(definition)),
);

describe('scoring properties', () => {
  it('the total is always within 0..100, and passing means reaching the pass mark with nothing required missing', () => {
    fc.assert(
      fc.property(withAnswers, ([definition, answers]) => {
        const result = scored(definition, answers);
        expect(result.totalPercent).toBeGreaterThanOrEqual(0);
        expect(result.totalPercent).toBeLessThanOrEqual(100);
        for (const section of result.sectionScores) {
          expect(section.earned).toBeGreaterThanOrEqual(0);
          expect(section.earned).toBeLessThanOrEqual(section.possible);
        }
        expect(result.passed).toBe(
          result.totalPercent >= definition.scoring_rules.pass_mark &&
            result.unansweredRequired.length === 0,
        );
      }),
      { numRuns: 300 },
    );
  });

  it('answering every question with its best options gives 100 (when anything is scored at all)', () => {
    fc.assert(
      fc.property(definitionArb, (definition) => {
        const result = scored(definition, bestAnswers(definition));
        const weightOf = new Map(
          definition.scoring_rules.sections.map((section) => [section.id, section.weight]),
        );
        const scorable = definition.questions.some(
          (question) => maxPoints(question) > 0 && (weightOf.get(question.section) ?? 0) > 0,
        );
        expect(result.totalPercent).toBeCloseTo(scorable ? 100 : 0, 9);
        expect(result.needsReview).toEqual(
          definition.questions
            .filter((question) => question.type === 'text')
            .map((question) => question.id),
        );
      }),
      { numRuns: 300 },
    );
  });

  it('multiplying every weight by the same factor leaves the total unchanged', () => {
    fc.assert(
      fc.property(
        withAnswers,
        fc.double({ min: 0.001, max: 1000, noNaN: true }),
        ([definition, answers], factor) => {
          const scaled: AssessmentDefinition = {
            ...definition,
            scoring_rules: {
              ...definition.scoring_rules,
              sections: definition.scoring_rules.sections.map((section) => ({
                ...section,
                weight: section.weight * factor,
              })),
            },
          };
          expect(scored(scaled, answers).totalPercent).toBeCloseTo(
            scored(definition, answers).totalPercent,
            9,
          );
        },
      ),
      { numRuns: 300 },
    );
  });
});
