// The server's assessment rows (public.my_assessments(), assessment_responses) in the contract's words.
// This is the one place that translates: the database spells question types single / multi / rating /
// text and titles sections with `label`; the domain and the contract say single_choice / multi_choice /
// rating / text and `title`. Option points (the answer key) never reach the taker's machine.
import { z } from 'zod';
import type {
  assessmentSummarySchema,
  takerQuestionSchema,
} from '../../contract/operations/assessments.js';
import { toWireInstant } from '../../contract/wire-types.js';
import {
  scoreAssessment,
  type AssessmentDefinition,
  type QuestionType,
} from '../../domain/assessment-scoring.js';
import { failure, type Failure } from '../../domain/failure.js';

type TakerQuestion = z.infer<typeof takerQuestionSchema>;
type AssessmentSummary = z.infer<typeof assessmentSummarySchema>;

/** One row of public.my_assessments(): an assignment with the questions stripped of their points. */
export const myAssessmentRowSchema = z.object({
  assignment_id: z.string(),
  assessment_id: z.string(),
  title: z.string(),
  description: z.string().nullable(),
  questions: z.array(z.unknown()),
  // Absent from a server without migration 20261126000200; the sections are then titled by their ids.
  sections: z.array(z.unknown()).default([]),
  due_at: z.string().nullable(),
  status: z.string(),
});
export type MyAssessmentRow = z.infer<typeof myAssessmentRowSchema>;

const serverQuestionSchema = z.object({
  id: z.string().min(1),
  section: z.string().min(1),
  // private.score_assessment reads a question without a type as 'single'.
  type: z.string().default('single'),
  prompt: z.string().default(''),
  options: z.array(z.object({ id: z.string().min(1), label: z.string().default('') })).default([]),
  required: z.boolean().default(false),
});

/** A section as my_assessments() shows it: no rubric, only what titles it. */
const serverSectionSchema = z.object({
  id: z.string().min(1),
  label: z.string().nullable().default(null),
});

// Only the types private.score_assessment knows: any other spelling would be shown and never scored.
const TYPE_FROM_SERVER: Readonly<Record<string, QuestionType>> = {
  single: 'single_choice',
  multi: 'multi_choice',
  rating: 'rating',
  text: 'text',
};

export interface TakerAssessment {
  readonly id: string;
  readonly title: string;
  readonly description: string;
  readonly sections: { id: string; title: string }[];
  readonly questions: TakerQuestion[];
}

function isoOrNull(value: string | null): string | null {
  return value === null ? null : toWireInstant(Date.parse(value));
}

/** One row of public.my_assessment_offers(): an assigned paid assessment, its price and unlock state. */
export const assessmentOfferRowSchema = z.object({
  assessment_id: z.string(),
  product_id: z.string(),
  unit_amount: z.number().int().positive(),
  currency: z.string(),
  for_sale: z.boolean(),
  unlocked: z.boolean(),
});
export type AssessmentOfferRow = z.infer<typeof assessmentOfferRowSchema>;

/** The summary of an assignment; `offer` is its row of my_assessment_offers(), absent when it is free. */
export function summaryOf(row: MyAssessmentRow, offer?: AssessmentOfferRow): AssessmentSummary {
  return {
    assessment_id: row.assessment_id,
    title: row.title,
    description: row.description ?? '',
    assignment_id: row.assignment_id,
    due_at: isoOrNull(row.due_at),
    // my_assessments() leaves cancelled assignments out; anything but completed is still to do.
    assignment_status: row.status === 'completed' ? 'completed' : 'assigned',
    price:
      offer === undefined
        ? null
        : { amount: offer.unit_amount, currency: offer.currency, on_sale: offer.for_sale },
    locked: offer !== undefined && !offer.unlocked,
  };
}

function cannotShow(
  row: MyAssessmentRow,
  details: Record<string, unknown>,
): Failure<'ASSESSMENT_DEFINITION_INVALID'> {
  return failure(
    'ASSESSMENT_DEFINITION_INVALID',
    'This assessment has a question or section the workstation cannot show; ask an admin to fix it.',
    { assessment_id: row.assessment_id, ...details },
  );
}

/**
 * The questions as the taker sees them, and the sections in the assessment's order titled by their
 * labels (by their ids when unlabelled). A question's section missing from the list (the server does
 * not score it) follows, titled by its id, so every question has its section.
 */
export function takerAssessmentOf(
  row: MyAssessmentRow,
): TakerAssessment | Failure<'ASSESSMENT_DEFINITION_INVALID'> {
  const questions: TakerQuestion[] = [];
  for (const [index, raw] of row.questions.entries()) {
    const parsed = serverQuestionSchema.safeParse(raw);
    if (!parsed.success) return cannotShow(row, { question: index, issues: parsed.error.issues });
    const type = TYPE_FROM_SERVER[parsed.data.type];
    if (type === undefined) return cannotShow(row, { question: index, type: parsed.data.type });
    const { id, section, prompt, options, required } = parsed.data;
    questions.push({ id, section, type, prompt, options, required });
  }
  const titles = new Map<string, string>();
  for (const [index, raw] of row.sections.entries()) {
    const parsed = serverSectionSchema.safeParse(raw);
    if (!parsed.success) return cannotShow(row, { section: index, issues: parsed.error.issues });
    const { id, label } = parsed.data;
    if (!titles.has(id)) titles.set(id, label !== null && label.trim() !== '' ? label : id);
  }
  for (const question of questions) {
    if (!titles.has(question.section)) titles.set(question.section, question.section);
  }
  return {
    id: row.assessment_id,
    title: row.title,
    description: row.description ?? '',
    sections: [...titles].map(([id, title]) => ({ id, title })),
    questions,
  };
}

/**
 * Checks the answers' shape against the questions (known ids, option ids that exist, one answer
 * for single choice) with the domain's scorer on a key of zero points; the server does the scoring.
 */
export function checkAnswers(
  assessment: TakerAssessment,
  answers: Readonly<Record<string, string | string[]>>,
): Failure<'ASSESSMENT_ANSWERS_INVALID'> | null {
  const definition: AssessmentDefinition = {
    questions: assessment.questions.map((question) => ({
      ...question,
      options: question.options.map((option) => ({ ...option, points: 0 })),
    })),
    scoring_rules: {
      sections: assessment.sections.map((section) => ({ ...section, weight: 1 })),
      pass_mark: 0,
    },
  };
  const checked = scoreAssessment(definition, answers);
  return checked.ok ? null : checked;
}

const submittedRowSchema = z.object({
  id: z.string(),
  // numeric(5,2): a JSON number from PostgREST, a string from some drivers.
  score: z.union([z.number(), z.string()]).nullable(),
  passed: z.boolean().nullable(),
  section_scores: z.record(z.string(), z.union([z.number(), z.string()]).nullable()).nullable(),
  submitted_at: z.string().nullable(),
});

function percent(value: number | string | null): number | null {
  if (value === null) return null;
  const number = typeof value === 'number' ? value : Number(value);
  return Number.isFinite(number) ? Math.min(100, Math.max(0, number)) : null;
}

/** The server's score of a submitted response; null when the row is not what the schema promises. */
export function resultOf(
  row: unknown,
  submittedAtFallback: number,
): {
  response_id: string;
  submitted_at: string;
  score: number | null;
  passed: boolean;
  section_scores: Record<string, number | null>;
} | null {
  const parsed = submittedRowSchema.safeParse(row);
  if (!parsed.success) return null;
  const { id, score, passed, section_scores, submitted_at } = parsed.data;
  const sections: Record<string, number | null> = {};
  for (const [section, value] of Object.entries(section_scores ?? {}))
    sections[section] = percent(value);
  return {
    response_id: id,
    submitted_at: toWireInstant(
      submitted_at === null ? submittedAtFallback : Date.parse(submitted_at),
    ),
    score: percent(score),
    passed: passed ?? false,
    section_scores: sections,
  };
}

const TYPE_TO_SERVER: Readonly<Record<QuestionType, string>> = {
  single_choice: 'single',
  multi_choice: 'multi',
  rating: 'rating',
  text: 'text',
};

/** An assessments row as an author reads it: the whole definition, answer key included. */
export const authoredRowSchema = z.object({
  id: z.string(),
  title: z.string(),
  description: z.string().nullable(),
  is_active: z.boolean(),
  questions: z.array(z.unknown()),
  scoring_rules: z.record(z.string(), z.unknown()),
  updated_at: z.string(),
});
export type AuthoredRow = z.infer<typeof authoredRowSchema>;

const serverAuthoredQuestionSchema = serverQuestionSchema.extend({
  options: z
    .array(
      z.object({
        id: z.string().min(1),
        label: z.string().default(''),
        points: z.union([z.number(), z.string()]).transform(Number).default(0),
      }),
    )
    .default([]),
});

/**
 * The definition in the domain's words, for the editor; a row the domain would refuse (written by
 * hand, or by an older app) is still shown so an admin can fix it: the editor checks before saving.
 */
export function definitionOfRow(row: AuthoredRow): AssessmentDefinition {
  const questions = row.questions.flatMap((raw) => {
    const parsed = serverAuthoredQuestionSchema.safeParse(raw);
    if (!parsed.success) return [];
    const { id, section, prompt, options, required } = parsed.data;
    return [
      {
        id,
        section,
        prompt,
        options,
        required,
        type: TYPE_FROM_SERVER[parsed.data.type] ?? 'text',
      },
    ];
  });
  const rules = row.scoring_rules;
  const sections = (Array.isArray(rules.sections) ? rules.sections : []).flatMap((raw: unknown) => {
    const parsed = z
      .object({
        id: z.string().min(1),
        label: z.string().nullable().default(null),
        weight: z.number().default(1),
      })
      .safeParse(raw);
    if (!parsed.success) return [];
    const { id, label, weight } = parsed.data;
    return [{ id, title: label ?? id, weight }];
  });
  const passMark = typeof rules.pass_mark === 'number' ? rules.pass_mark : 0;
  return { questions, scoring_rules: { sections, pass_mark: passMark } };
}

/** The definition in the database's words (question types single / multi, sections with `label`). */
export function rowOfDefinition(definition: AssessmentDefinition): {
  questions: unknown[];
  scoring_rules: { sections: unknown[]; pass_mark: number };
} {
  return {
    questions: definition.questions.map(({ type, ...question }) => ({
      ...question,
      type: TYPE_TO_SERVER[type],
    })),
    scoring_rules: {
      sections: definition.scoring_rules.sections.map(({ id, title, weight }) => ({
        id,
        label: title,
        weight,
      })),
      pass_mark: definition.scoring_rules.pass_mark,
    },
  };
}
