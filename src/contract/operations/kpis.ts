// kpis:*: the floor's KPIs for managers and admins (DESIGN.md §1, §9). Online only: the database counts
// them (floor_kpis) and decides who may read them, so a telecaller's call is FORBIDDEN.
import { z } from 'zod';
import { idSchema, instantSchema, roleSchema } from '../wire-types';
import type { OperationGroup } from './spec';

/** Today in hours; the week and month are the last 7 and 30 local days, today included, in days. */
export const KPI_RANGES = ['today', 'week', 'month'] as const;
export type KpiRange = (typeof KPI_RANGES)[number];
export const KPI_BUCKETS = ['hour', 'day'] as const;
/** The database refuses longer periods (floor_kpis). */
export const KPI_MAX_DAYS = 92;

const count = z.number().int().nonnegative();

/** What a period (a bucket, a person, the floor) achieved. */
export const kpiCountsSchema = z.object({
  calls: count,
  /** Calls whose disposition reached the lead (dispositions.human_contact). */
  contacts: count,
  /** Calls whose disposition is a sale. */
  conversions: count,
  /** Sum of the calls' durations; a call logged without a timer adds nothing. */
  talk_seconds: count,
  /** Callbacks due in the period done within 15 minutes of their time. */
  callbacks_kept: count,
  /** Callbacks due in the period done later, marked missed, or still pending past those 15 minutes. */
  callbacks_missed: count,
});
export type KpiCounts = z.infer<typeof kpiCountsSchema>;

/** One row of the table (or the floor): its totals and one entry per bucket, in bucket order. */
export const kpiLineSchema = z.object({
  totals: kpiCountsSchema,
  series: z.array(kpiCountsSchema),
});

export const kpiPersonSchema = kpiLineSchema.extend({
  user_id: idSchema,
  email: z.string().nullable(),
  full_name: z.string(),
  role: roleSchema,
});
export type KpiPerson = z.infer<typeof kpiPersonSchema>;

export const kpiReportSchema = z.object({
  from: instantSchema,
  to: instantSchema,
  bucket: z.enum(KPI_BUCKETS),
  time_zone: z.string(),
  /** The start of each bucket (a local hour or midnight); the first may start before `from`. */
  buckets: z.array(instantSchema),
  floor: kpiLineSchema,
  /** Every active telecaller, plus anyone else who called in the period; sorted by name. */
  people: z.array(kpiPersonSchema),
});
export type KpiReport = z.infer<typeof kpiReportSchema>;

export const kpisArgsSchema = z
  .strictObject({
    /** A named period ending at the next local midnight; or give `from` and `to` instead. */
    range: z.enum(KPI_RANGES).optional(),
    from: instantSchema.optional(),
    to: instantSchema.optional(),
    /** Hours or days; by default hours for at most two days, else days. */
    bucket: z.enum(KPI_BUCKETS).optional(),
    /** The manager's IANA zone, whose hours and midnights the buckets follow. */
    time_zone: z.string().min(1).max(100),
  })
  .refine(
    (args) => (args.range === undefined) === (args.from !== undefined && args.to !== undefined),
    {
      message: 'Give either a range (today, week, month) or both from and to.',
      path: ['range'],
    },
  )
  .refine(
    (args) => args.range === undefined || (args.from === undefined && args.to === undefined),
    {
      message: 'A named range takes no from or to.',
      path: ['from'],
    },
  );

export const kpisOperations = {
  /** FORBIDDEN for a telecaller; KPI_RANGE_INVALID, INVALID_TIME_ZONE, OFFLINE. */
  'kpis:get': { args: kpisArgsSchema, result: kpiReportSchema },
} as const satisfies OperationGroup;
