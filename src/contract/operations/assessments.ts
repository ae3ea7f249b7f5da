// Assessments a person takes, or runs with a lead on a call: list, start, submit for scoring.
import { z } from 'zod';
import { assessmentAnswersSchema, QUESTION_TYPES } from '../../domain/assessment-scoring';
import { idSchema, instantSchema, noArgsSchema } from '../wire-types';
import type { OperationGroup } from './spec';

/** A question as its taker sees it: the options' points are the answer key and never leave the server. */
export const takerQuestionSchema = z.object({
  id: z.string().min(1),
  section: z.string().min(1),
  type: z.enum(QUESTION_TYPES),
  prompt: z.string(),
  options: z.array(z.object({ id: z.string().min(1), label: z.string() })),
  required: z.boolean(),
});

export const assessmentSummarySchema = z.object({
  assessment_id: idSchema,
  title: z.string().min(1),
  description: z.string(),
  /** Null when the assessment is run with a lead rather than assigned to this person. */
  assignment_id: idSchema.nullable(),
  due_at: instantSchema.nullable(),
  assignment_status: z.enum(['assigned', 'completed']).nullable(),
  /** Null when the assessment is free; a paid one's price even once unlocked (what was paid). */
  price: z
    .object({
      /** Stripe's smallest currency unit (paise, cents), as the products table keeps it. */
      amount: z.number().int().positive(),
      /** ISO 4217, lower case as Stripe spells it. */
      currency: z.string().regex(/^[a-z]{3}$/),
      /** False when the product was retired: still paid, but cannot be bought now. */
      on_sale: z.boolean(),
    })
    .nullable(),
  /** Paid and not unlocked by this person: starting it is refused with ASSESSMENT_LOCKED. */
  locked: z.boolean(),
});

export const checkoutAssessmentArgsSchema = z.strictObject({ assessment_id: idSchema });

/** Stripe Checkout's hosted page for this purchase, for the person to open in their browser. */
export const checkoutAssessmentResultSchema = z.object({ url: z.url({ protocol: /^https?$/ }) });

export const startAssessmentArgsSchema = z.strictObject({
  assessment_id: idSchema,
  /** Set when a telecaller runs the assessment with a lead on a call. */
  lead_id: idSchema.optional(),
});

export const startAssessmentResultSchema = z.object({
  response_id: idSchema,
  started_at: instantSchema,
  assessment: z.object({
    id: idSchema,
    title: z.string().min(1),
    description: z.string(),
    sections: z.array(z.object({ id: z.string().min(1), title: z.string() })),
    questions: z.array(takerQuestionSchema),
  }),
});

export const submitAssessmentArgsSchema = z.strictObject({
  response_id: idSchema,
  /** Per question id: an option id, option ids (multi choice) or free text. */
  answers: assessmentAnswersSchema,
});

/** Scored by the server (never by the taker's machine), as public.assessment_responses keeps it. */
export const assessmentResultSchema = z.object({
  response_id: idSchema,
  submitted_at: instantSchema,
  /** Percent; null when nothing in the assessment is scored automatically. */
  score: z.number().min(0).max(100).nullable(),
  passed: z.boolean(),
  section_scores: z.record(z.string(), z.number().min(0).max(100).nullable()),
});

export const assessmentsOperations = {
  'assessments:list': {
    args: noArgsSchema,
    result: z.object({ assessments: z.array(assessmentSummarySchema) }),
  },
  /**
   * ASSESSMENT_NOT_FOUND, LEAD_NOT_FOUND, ASSESSMENT_ALREADY_TAKEN (submitted for oneself),
   * ASSESSMENT_LOCKED (paid and not bought: see assessments:checkout), OFFLINE.
   */
  'assessments:start': { args: startAssessmentArgsSchema, result: startAssessmentResultSchema },
  /**
   * ASSESSMENT_RESPONSE_NOT_FOUND, ASSESSMENT_ALREADY_SUBMITTED, ASSESSMENT_ALREADY_TAKEN (the lead took
   * it already), ASSESSMENT_ANSWERS_INVALID, OFFLINE.
   */
  'assessments:submit': { args: submitAssessmentArgsSchema, result: assessmentResultSchema },
  /**
   * Buy a paid assessment: a Stripe Checkout Session through the stripe-checkout function, as the
   * signed-in person. ASSESSMENT_NOT_FOUND (not assigned), ALREADY_UNLOCKED, PRODUCT_NOT_AVAILABLE
   * (free, or no longer sold), PAYMENT_PROVIDER_ERROR (Stripe failed), OFFLINE.
   */
  'assessments:checkout': {
    args: checkoutAssessmentArgsSchema,
    result: checkoutAssessmentResultSchema,
  },
} as const satisfies OperationGroup;
