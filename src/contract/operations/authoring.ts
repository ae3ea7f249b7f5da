// authoring:*: admins write assessments and assign them (DESIGN.md §1, §9). Online only; the database
// decides who may (policies assessments_insert/update: admins; assessment_assignments_insert: staff),
// so another person's save is FORBIDDEN whatever the window shows.
import { z } from 'zod';
import { assessmentDefinitionSchema } from '../../domain/assessment-scoring';
import { idSchema, instantSchema, ROLES } from '../wire-types';
import type { OperationGroup } from './spec';

const count = z.number().int().nonnegative();

export const authoredSummarySchema = z.object({
  id: idSchema,
  title: z.string(),
  description: z.string(),
  is_active: z.boolean(),
  questions: count,
  sections: count,
  pass_mark: z.number().min(0).max(100).nullable(),
  /** Open assignments (assigned, not yet completed). */
  assigned: count,
  completed: count,
  updated_at: instantSchema,
});

export const authoredAssessmentSchema = z.object({
  id: idSchema,
  title: z.string(),
  description: z.string(),
  is_active: z.boolean(),
  /** Questions and scoring rules with the answer key (option points), in the domain's words. */
  definition: assessmentDefinitionSchema,
  /** Submitted responses: their scores stay as they were when the definition changes. */
  submitted: count,
  /** Of those, the ones that passed. */
  passed: count,
  /** Submitted scores in ten bands of 10 points (the last one takes 100), self-taken and run with leads. */
  score_bands: z.array(count).length(10),
  updated_at: instantSchema,
});

export const saveAssessmentArgsSchema = z.strictObject({
  /** Absent for a new assessment. */
  id: idSchema.optional(),
  title: z.string().trim().min(1).max(200),
  description: z.string().max(2000).default(''),
  is_active: z.boolean().default(true),
  definition: assessmentDefinitionSchema,
});

/** One person who can take an assessment, with where they stand on it. */
export const assigneeSchema = z.object({
  user_id: idSchema,
  full_name: z.string(),
  email: z.string().nullable(),
  role: z.enum(ROLES),
  assignment: z
    .object({
      status: z.enum(['assigned', 'completed', 'cancelled']),
      due_at: instantSchema.nullable(),
    })
    .nullable(),
  /**
   * Their latest submitted response taken for themselves or, when they took none, the latest they ran
   * with a lead on a call: then `lead` names that lead (name null when the reader cannot see it).
   */
  result: z
    .object({
      score: z.number().min(0).max(100).nullable(),
      passed: z.boolean(),
      submitted_at: instantSchema,
      lead: z.object({ id: idSchema, name: z.string().nullable() }).nullable(),
    })
    .nullable(),
});

export const authoringOperations = {
  'authoring:list': {
    args: z.strictObject({}),
    result: z.object({ assessments: z.array(authoredSummarySchema) }),
  },
  /** ASSESSMENT_NOT_FOUND. */
  'authoring:get': {
    args: z.strictObject({ id: idSchema }),
    result: z.object({ assessment: authoredAssessmentSchema }),
  },
  /** Creates or replaces an assessment; ASSESSMENT_NOT_FOUND for an id nobody has, FORBIDDEN for a non-admin. */
  'authoring:save': {
    args: saveAssessmentArgsSchema,
    result: z.object({ id: idSchema, updated_at: instantSchema }),
  },
  /** Active people and their assignment and latest result for one assessment. */
  'authoring:assignees': {
    args: z.strictObject({ id: idSchema }),
    result: z.object({ assignees: z.array(assigneeSchema) }),
  },
  /**
   * Assigns the assessment to people (again, for a cancelled or completed one), with an optional due
   * time. ASSESSMENT_NOT_FOUND; FORBIDDEN for a telecaller.
   */
  'authoring:assign': {
    args: z.strictObject({
      id: idSchema,
      user_ids: z.array(idSchema).min(1).max(500),
      due_at: instantSchema.nullable().default(null),
    }),
    result: z.object({ assigned: count }),
  },
} as const satisfies OperationGroup;
