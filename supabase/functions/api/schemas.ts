// The original backend's validation rules, in zod: a lead's name has at least 2 characters, its email
// is an email address and its phone at least 10 digits; the rest follows the tables' own checks so a
// mistake is named here, with its field, before the database refuses it.
import { z } from 'zod';

export const LEAD_STATUSES = ['new', 'contacted', 'qualified', 'converted', 'lost'] as const;
export const INTERACTION_TYPES = ['call', 'email', 'meeting', 'note'] as const;
export const RESPONSE_STATUSES = ['in_progress', 'submitted'] as const;
export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const text = (max: number) => z.string().trim().max(max, `at most ${max} characters`);
const optionalText = (max: number) => text(max).nullable().optional();

/** page (from 1) and limit (1 to 100, default 20) of a list, with the original's names. */
export const pageQuery = z.object({
  page: z.coerce.number('a whole number').int('a whole number').min(1, 'at least 1').default(1),
  limit: z.coerce
    .number('a whole number')
    .int('a whole number')
    .min(1, 'at least 1')
    .max(100, 'at most 100')
    .default(20),
});

export const leadListQuery = pageQuery.extend({
  status: z.enum(LEAD_STATUSES, `one of ${LEAD_STATUSES.join(', ')}`).optional(),
});

const leadFields = {
  name: text(200).min(2, 'at least 2 characters'),
  email: text(254).pipe(z.email('not an email address')).nullable().optional(),
  phone: text(40).refine((value) => (value.match(/\d/g)?.length ?? 0) >= 10, 'at least 10 digits'),
  company: optionalText(200),
  status: z.enum(LEAD_STATUSES, `one of ${LEAD_STATUSES.join(', ')}`).optional(),
  source: optionalText(200),
  // How a national phone number is read (ISO 3166 alpha-2); API_DEFAULT_COUNTRY without it.
  country: z
    .string()
    .trim()
    .toUpperCase()
    .regex(/^[A-Z]{2}$/, 'a two-letter ISO country code')
    .nullable()
    .optional(),
};

// Strict: a misspelt field is named, not silently dropped.
export const newLead = z.strictObject(leadFields);
export const leadChange = z
  .strictObject(leadFields)
  .partial()
  .refine((change) => Object.keys(change).length > 0, 'name at least one field to change');

export type NewLead = z.output<typeof newLead>;
export type LeadChange = z.output<typeof leadChange>;

export const newInteraction = z
  .strictObject({
    type: z.enum(INTERACTION_TYPES, `one of ${INTERACTION_TYPES.join(', ')}`),
    content: z.string().max(20000, 'at most 20000 characters').default(''),
    disposition: text(50).min(1, 'a disposition code').nullable().optional(),
    duration_seconds: z
      .number('a whole number of seconds')
      .int('a whole number of seconds')
      .min(0, 'at least 0')
      .max(86400, 'at most 86400')
      .nullable()
      .optional(),
    occurred_at: z.iso.datetime({ offset: true, message: 'an ISO 8601 time' }).optional(),
  })
  .refine((interaction) => interaction.type !== 'call' || !!interaction.disposition, {
    message: 'a call needs its disposition code',
    path: ['disposition'],
  });

export const newAssessment = z.strictObject({
  title: text(200).min(1, 'required'),
  description: text(5000).default(''),
  questions: z.array(z.record(z.string(), z.unknown()), 'an array of question objects').default([]),
  scoring_rules: z.record(z.string(), z.unknown(), 'an object').default({}),
  is_active: z.boolean('true or false').optional(),
});

export const newResponse = z.strictObject({
  answers: z.record(z.string(), z.unknown(), 'an object of question id to answer').default({}),
  status: z
    .enum(RESPONSE_STATUSES, `one of ${RESPONSE_STATUSES.join(', ')}`)
    .default('in_progress'),
  lead_id: z.string().regex(UUID, 'a lead id (a UUID)').nullable().optional(),
});
