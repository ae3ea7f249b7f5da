// Assessments: the definition admins author, and scoring a set of answers against it.
import { z } from 'zod';
import { failure, type Failure } from './failure';

export const ASSESSMENT_ERROR_CODES = [
  'ASSESSMENT_DEFINITION_INVALID',
  'ASSESSMENT_ANSWERS_INVALID',
] as const;
export type AssessmentErrorCode = (typeof ASSESSMENT_ERROR_CODES)[number];

export const QUESTION_TYPES = ['single_choice', 'multi_choice', 'rating', 'text'] as const;
export type QuestionType = (typeof QUESTION_TYPES)[number];

const optionSchema = z.object({
  id: z.string().min(1),
  label: z.string(),
  /** May be negative: a wrong pick in a multi-choice question can cost points. */
  points: z.number().finite(),
});

const questionSchema = z.object({
  id: z.string().min(1),
  section: z.string().min(1),
  type: z.enum(QUESTION_TYPES),
  prompt: z.string(),
  /** The choices; a rating question lists its scale points (1–5, …) as options. */
  options: z.array(optionSchema).default([]),
  required: z.boolean().default(false),
});

const sectionSchema = z.object({
  id: z.string().min(1),
  title: z.string(),
  weight: z.number().finite().nonnegative(),
});

export const assessmentDefinitionSchema = z
  .object({
    questions: z.array(questionSchema).min(1),
    scoring_rules: z.object({
      sections: z.array(sectionSchema).min(1),
      /** Percent of the weighted total needed to pass. */
      pass_mark: z.number().min(0).max(100),
    }),
  })
  .superRefine((definition, context) => {
    const sectionIds = new Set<string>();
    definition.scoring_rules.sections.forEach((section, index) => {
      if (sectionIds.has(section.id)) {
        context.addIssue({
          code: 'custom',
          path: ['scoring_rules', 'sections', index, 'id'],
          message: `Duplicate section ${section.id}.`,
        });
      }
      sectionIds.add(section.id);
    });
    if (!definition.scoring_rules.sections.some((section) => section.weight > 0)) {
      context.addIssue({
        code: 'custom',
        path: ['scoring_rules', 'sections'],
        message: 'At least one section needs a weight above 0.',
      });
    }
    const questionIds = new Set<string>();
    definition.questions.forEach((question, index) => {
      const path = ['questions', index];
      if (questionIds.has(question.id)) {
        context.addIssue({
          code: 'custom',
          path: [...path, 'id'],
          message: `Duplicate question ${question.id}.`,
        });
      }
      questionIds.add(question.id);
      if (!sectionIds.has(question.section)) {
        context.addIssue({
          code: 'custom',
          path: [...path, 'section'],
          message: `No section ${question.section}.`,
        });
      }
      if (question.type === 'text' && question.options.length > 0) {
        context.addIssue({
          code: 'custom',
          path: [...path, 'options'],
          message: 'A text question has no options.',
        });
      }
      if (question.type !== 'text' && question.options.length === 0) {
        context.addIssue({
          code: 'custom',
          path: [...path, 'options'],
          message: 'A choice or rating question needs options.',
        });
      }
      const optionIds = new Set(question.options.map((option) => option.id));
      if (optionIds.size !== question.options.length) {
        context.addIssue({
          code: 'custom',
          path: [...path, 'options'],
          message: 'Option ids repeat.',
        });
      }
    });
  });

export type AssessmentDefinition = z.infer<typeof assessmentDefinitionSchema>;
export type AssessmentQuestion = AssessmentDefinition['questions'][number];

/** Per question: an option id (single choice, rating), option ids (multi choice) or free text. */
export const assessmentAnswersSchema = z.record(
  z.string(),
  z.union([z.string(), z.array(z.string())]),
);
export type AssessmentAnswers = z.infer<typeof assessmentAnswersSchema>;

export function parseAssessmentDefinition(
  value: unknown,
): { ok: true; definition: AssessmentDefinition } | Failure<'ASSESSMENT_DEFINITION_INVALID'> {
  const parsed = assessmentDefinitionSchema.safeParse(value);
  if (parsed.success) return { ok: true, definition: parsed.data };
  return failure('ASSESSMENT_DEFINITION_INVALID', 'The assessment is not valid.', {
    issues: parsed.error.issues,
  });
}

export interface SectionScore {
  readonly id: string;
  readonly earned: number;
  readonly possible: number;
  /** earned / possible in percent; 0 when nothing in the section is scored automatically. */
  readonly percent: number;
}

export interface AssessmentScore {
  readonly ok: true;
  readonly sectionScores: readonly SectionScore[];
  /** The section percents averaged by weight, over sections that have points to earn; 0..100. */
  readonly totalPercent: number;
  /** Reached the pass mark with every required question answered. */
  readonly passed: boolean;
  readonly unansweredRequired: readonly string[];
  /** Answered text questions: scored by a person, not here. */
  readonly needsReview: readonly string[];
}

export function scoreAssessment(
  definition: AssessmentDefinition,
  answers: unknown,
): AssessmentScore | Failure<'ASSESSMENT_ANSWERS_INVALID'> {
  const parsed = assessmentAnswersSchema.safeParse(answers);
  if (!parsed.success) {
    return failure('ASSESSMENT_ANSWERS_INVALID', 'The answers are not in the expected shape.', {
      issues: parsed.error.issues,
    });
  }
  const given = new Map(Object.entries(parsed.data));
  const questionsById = new Map(definition.questions.map((question) => [question.id, question]));
  const unknown = [...given.keys()].filter((id) => !questionsById.has(id));
  if (unknown.length > 0) {
    return failure(
      'ASSESSMENT_ANSWERS_INVALID',
      'Some answers are for questions this assessment does not have.',
      {
        questions: unknown,
      },
    );
  }

  const sections = new Map(
    definition.scoring_rules.sections.map((section) => [section.id, { earned: 0, possible: 0 }]),
  );
  const unansweredRequired: string[] = [];
  const needsReview: string[] = [];
  for (const question of definition.questions) {
    const answer = given.get(question.id);
    const chosen = chosenOptions(question, answer);
    if (chosen === 'mismatch') {
      return failure(
        'ASSESSMENT_ANSWERS_INVALID',
        `The answer to ${question.id} does not fit the question.`,
        {
          question: question.id,
          answer,
        },
      );
    }
    if (chosen === 'unanswered') {
      if (question.required) unansweredRequired.push(question.id);
    } else if (question.type === 'text') {
      needsReview.push(question.id);
    }
    const tally = sections.get(question.section);
    if (tally === undefined || question.type === 'text') continue;
    const possible = maxPoints(question);
    const picked =
      chosen === 'unanswered' ? 0 : chosen.reduce((sum, option) => sum + option.points, 0);
    tally.possible += possible;
    // A question never costs more than it can earn, nor earns more than its best answer.
    tally.earned += Math.min(possible, Math.max(0, picked));
  }

  let weighted = 0;
  let weights = 0;
  const sectionScores = definition.scoring_rules.sections.map((section): SectionScore => {
    const { earned, possible } = sections.get(section.id) ?? { earned: 0, possible: 0 };
    const percent = possible > 0 ? (earned / possible) * 100 : 0;
    if (possible > 0 && section.weight > 0) {
      weighted += section.weight * percent;
      weights += section.weight;
    }
    return { id: section.id, earned, possible, percent };
  });
  const totalPercent = weights > 0 ? Math.min(100, Math.max(0, weighted / weights)) : 0;
  return {
    ok: true,
    sectionScores,
    totalPercent,
    passed: totalPercent >= definition.scoring_rules.pass_mark && unansweredRequired.length === 0,
    unansweredRequired,
    needsReview,
  };
}

type Option = AssessmentQuestion['options'][number];

function chosenOptions(
  question: AssessmentQuestion,
  answer: string | string[] | undefined,
): readonly Option[] | 'unanswered' | 'mismatch' {
  if (answer === undefined) return 'unanswered';
  if (question.type === 'text') {
    if (typeof answer !== 'string') return 'mismatch';
    return answer.trim() === '' ? 'unanswered' : [];
  }
  const ids = typeof answer === 'string' ? [answer] : answer;
  if (question.type !== 'multi_choice' && typeof answer !== 'string') return 'mismatch';
  if (ids.length === 0) return 'unanswered';
  if (new Set(ids).size !== ids.length) return 'mismatch';
  const chosen: Option[] = [];
  for (const id of ids) {
    const option = question.options.find((candidate) => candidate.id === id);
    if (option === undefined) return 'mismatch';
    chosen.push(option);
  }
  return chosen;
}

/** The best a question can earn: its best option, or every positive option of a multi choice. */
export function maxPoints(question: AssessmentQuestion): number {
  if (question.type === 'text') return 0;
  if (question.type === 'multi_choice') {
    return question.options.reduce((sum, option) => sum + Math.max(0, option.points), 0);
  }
  return Math.max(0, ...question.options.map((option) => option.points));
}
