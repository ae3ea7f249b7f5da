// manager:*: lead import and distribution (DESIGN.md §9). Online only; the database decides who may
// (managers and admins), so a telecaller's call is FORBIDDEN and no answer is ever read from the cache.
import { z } from 'zod';
import { IMPORT_REFUSAL_KINDS, LEAD_IMPORT_FIELDS } from '../../domain/lead-import';
import { e164Schema, idSchema, instantSchema, leadStatusSchema, noArgsSchema } from '../wire-types';
import type { OperationGroup } from './spec';

const optionalText = (max: number) => z.string().max(max).nullable();

/** One valid line of a CSV, as src/domain/lead-import.ts stages it. */
export const stagedLeadRowSchema = z.strictObject({
  line: z.number().int().min(2),
  name: z.string().trim().min(1).max(200),
  phone: z.string().max(40),
  phone_e164: e164Schema,
  email: optionalText(320),
  company: optionalText(200),
  source: optionalText(200),
  time_zone: optionalText(100),
  country: z
    .string()
    .regex(/^[A-Z]{2}$/)
    .nullable(),
});

/**
 * Applying 50,000 rows or moving as many leads takes seconds, far more under load: the core waits up to
 * this long for the server on these operations, and a bridge must wait longer than that for the core.
 */
export const BULK_DEADLINE_MS = 120_000;
export const BULK_OPERATIONS: ReadonlySet<string> = new Set([
  'manager:import-apply',
  'manager:distribute',
  'manager:reassign',
]);

/** At most this many rows per manager:import-stage (about 200 KB of JSON; the RPC takes 2000). */
export const MAX_STAGE_ROWS = 1000;

export const importRefusalSchema = z.object({
  line: z.number().int().positive(),
  kind: z.enum(IMPORT_REFUSAL_KINDS),
  reason: z.string(),
});

const count = z.number().int().nonnegative();

export const importReportSchema = z.object({
  inserted: count,
  merged: count,
  /** Rows matching an existing lead that already had everything the row carries (a re-run). */
  unchanged: count,
  duplicate_in_file: count,
  dnc: count,
  invalid: count,
  /** In line order. */
  refused: z.array(importRefusalSchema),
  dry_run: z.boolean(),
});

const importIdArgs = z.strictObject({ import_id: idSchema });

/** A telecaller by email; `weight` counts only in weighted mode (1 to 1000). */
export const recipientSchema = z.strictObject({
  email: z.email().max(320),
  weight: z.number().int().min(1).max(1000).optional(),
});

export const DISTRIBUTION_MODES = ['round-robin', 'weighted', 'capped'] as const;

/** Which leads a distribution takes (never do-not-call ones); manager:leads previews the same pick. */
const leadFilterShape = {
  /** Which leads: open ones (new, contacted, qualified) unless statuses are named. */
  statuses: z.array(leadStatusSchema).min(1).optional(),
  sources: z.array(z.string().min(1).max(200)).min(1).max(50).optional(),
  /** Only leads nobody holds; without it, leads held by others move too. */
  unassigned: z.boolean().default(false),
  /** Only leads created at or before this instant (an age filter). */
  created_before: instantSchema.optional(),
  time_zones: z.array(z.string().min(1).max(100)).min(1).max(50).optional(),
  limit: z.number().int().min(1).max(100_000).optional(),
};

export const distributeArgsSchema = z
  .strictObject({
    to: z.array(recipientSchema).min(1).max(200),
    mode: z.enum(DISTRIBUTION_MODES).default('round-robin'),
    /** capped: nobody ends holding more than this many open leads (their current ones count). */
    cap: z.number().int().min(0).max(100_000).optional(),
    ...leadFilterShape,
  })
  .refine((args) => args.mode !== 'capped' || args.cap !== undefined, {
    message: 'A capped distribution needs its cap.',
    path: ['cap'],
  });

export const distributeResultSchema = z.object({
  total: count,
  /** In the order of `to`, with zeros. */
  assignments: z.array(z.object({ user_id: idSchema, email: z.string(), count })),
});

export const reassignArgsSchema = z.strictObject({
  lead_ids: z.array(idSchema).min(1).max(5000),
  /** The telecaller to give them to; null returns them to the unassigned pool. */
  to: z.email().max(320).nullable(),
});

export const reassignResultSchema = z.object({
  moved: count,
  /** Already held by `to`. */
  unchanged: count,
  /** Ids no lead has. */
  missing: z.array(idSchema),
});

export const managerLeadsArgsSchema = z.strictObject({
  ...leadFilterShape,
  /** Leave out leads these people hold already, as a distribution to them does. */
  not_held_by: z.array(idSchema).max(200).default([]),
  /** How many of the picked leads to list, in the order a distribution takes them. */
  rows: z.number().int().min(1).max(500).default(100),
});

/** A lead as the manager's lists show it. */
export const managedLeadSchema = z.object({
  id: idSchema,
  name: z.string(),
  phone_e164: z.string(),
  status: leadStatusSchema,
  source: z.string().nullable(),
  time_zone: z.string().nullable(),
  assigned_to: idSchema.nullable(),
  created_at: instantSchema,
});

export const managerLeadsResultSchema = z.object({
  /** How many leads the filter picks (at most its limit). */
  total: count,
  leads: z.array(managedLeadSchema),
});

export const telecallerSchema = z.object({
  id: idSchema,
  email: z.string(),
  full_name: z.string(),
  /** Leads held now in an open status (new, contacted, qualified): what a cap counts. */
  open_leads: count,
});

export const managerOperations = {
  /** Opens an import; FORBIDDEN for a telecaller. */
  'manager:import-begin': {
    args: z.strictObject({ file_name: z.string().max(255).nullable().default(null) }),
    result: z.object({ import_id: idSchema }),
  },
  /** Stages one chunk of valid rows; sending the same chunk again stages nothing twice. IMPORT_NOT_FOUND, IMPORT_CLOSED. */
  'manager:import-stage': {
    args: z.strictObject({
      import_id: idSchema,
      rows: z.array(stagedLeadRowSchema).min(1).max(MAX_STAGE_ROWS),
    }),
    result: z.object({ staged: count }),
  },
  /** Applies the whole import in one transaction, or with dry_run only counts it; either way it closes. */
  'manager:import-apply': {
    args: z.strictObject({ import_id: idSchema, dry_run: z.boolean().default(false) }),
    result: importReportSchema,
  },
  'manager:import-discard': {
    args: importIdArgs,
    result: z.object({ discarded: z.boolean() }),
  },
  /** ASSIGNEE_NOT_FOUND, ASSIGNEE_INACTIVE, ASSIGNEE_NOT_TELECALLER, DISTRIBUTION_INVALID. */
  'manager:distribute': { args: distributeArgsSchema, result: distributeResultSchema },
  'manager:reassign': { args: reassignArgsSchema, result: reassignResultSchema },
  /** The leads a filter picks (as manager:distribute would), counted, with the first `rows` listed. */
  'manager:leads': { args: managerLeadsArgsSchema, result: managerLeadsResultSchema },
  /** The active telecallers leads can go to, with the open leads each holds now (for a cap). */
  'manager:telecallers': {
    args: noArgsSchema,
    result: z.object({ telecallers: z.array(telecallerSchema) }),
  },
} as const satisfies OperationGroup;

/** The fields a column of the import can fill, for the import screen's mapping step. */
export const importFieldSchema = z.enum(LEAD_IMPORT_FIELDS);
