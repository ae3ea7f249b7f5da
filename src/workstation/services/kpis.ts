// kpis:get: the floor's KPIs, online only, counted by the RPC floor_kpis (migration kpis). The database
// decides who may (a telecaller's token gets 42501, answered FORBIDDEN) and refuses bad periods with hint
// 'talentg:<CODE>'; the core names the period and spreads the RPC's non-empty cells into full series.
import { z } from 'zod';
import {
  kpiCountsSchema,
  kpiPersonSchema,
  type KpiCounts,
  type KpiRange,
  type KpiReport,
} from '../../contract/operations/kpis.js';
import { idSchema, instantSchema, toWireInstant } from '../../contract/wire-types.js';
import { isValidTimeZone, localMidnight } from '../../domain/calling-window.js';
import { failure, isFailure } from '../../domain/failure.js';
import type { EpochMs } from '../../domain/lead.js';
import { onlineRead } from './online-call.js';
import type { FeatureHandlers, ServiceContext } from './service-context.js';

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
/** Explicit periods up to this long are shown in hours (the database allows hours up to 7 days). */
const HOURLY_UP_TO_MS = 2 * DAY_MS;

/** What floor_kpis answers (see its migration). */
const floorKpisSchema = z.object({
  buckets: z.array(instantSchema),
  people: z.array(
    kpiPersonSchema.pick({ user_id: true, email: true, full_name: true, role: true }),
  ),
  cells: z.array(kpiCountsSchema.extend({ user_id: idSchema, bucket: instantSchema })),
});
type FloorKpisAnswer = z.infer<typeof floorKpisSchema>;

const ZERO: KpiCounts = {
  calls: 0,
  contacts: 0,
  conversions: 0,
  talk_seconds: 0,
  callbacks_kept: 0,
  callbacks_missed: 0,
};
const COUNT_KEYS = Object.keys(ZERO) as (keyof KpiCounts)[];

function add(into: KpiCounts, more: KpiCounts): KpiCounts {
  const sum = { ...into };
  for (const key of COUNT_KEYS) sum[key] += more[key];
  return sum;
}

/** A named range as an explicit period: today in hours, the last 7 or 30 local days in days. */
export function namedPeriod(
  range: KpiRange,
  now: EpochMs,
  timeZone: string,
): { from: EpochMs; to: EpochMs; bucket: 'hour' | 'day' } {
  const days = range === 'today' ? 1 : range === 'week' ? 7 : 30;
  const today = localMidnight(now, timeZone);
  // Half a day past a midnight is always inside that day, whatever the clock changes did.
  const from =
    days === 1 ? today : localMidnight(today - (days - 1) * DAY_MS + DAY_MS / 2, timeZone);
  const to = localMidnight(today + DAY_MS + DAY_MS / 2, timeZone);
  return { from, to, bucket: range === 'today' ? 'hour' : 'day' };
}

/** The RPC's non-empty cells spread over every bucket, per person and for the floor. */
function spread(
  answer: FloorKpisAnswer,
  period: { from: EpochMs; to: EpochMs; bucket: 'hour' | 'day' },
  timeZone: string,
): KpiReport {
  const bucketIndex = new Map(answer.buckets.map((start, index) => [Date.parse(start), index]));
  const empty = (): KpiCounts[] => answer.buckets.map(() => ZERO);
  const seriesOf = new Map<string, KpiCounts[]>(answer.people.map((p) => [p.user_id, empty()]));
  for (const cell of answer.cells) {
    const index = bucketIndex.get(Date.parse(cell.bucket));
    const series = seriesOf.get(cell.user_id);
    if (index === undefined || series === undefined) continue;
    const { user_id: _user, bucket: _bucket, ...counts } = cell;
    series[index] = counts;
  }
  const people = answer.people.map((person) => {
    const series = seriesOf.get(person.user_id) ?? empty();
    return { ...person, totals: series.reduce(add, ZERO), series };
  });
  const floorSeries = answer.buckets.map((_, index) =>
    people.reduce((sum, person) => add(sum, person.series[index] ?? ZERO), ZERO),
  );
  return {
    from: toWireInstant(period.from),
    to: toWireInstant(period.to),
    bucket: period.bucket,
    time_zone: timeZone,
    buckets: answer.buckets.map((start) => toWireInstant(Date.parse(start))),
    floor: { totals: floorSeries.reduce(add, ZERO), series: floorSeries },
    people,
  };
}

export function kpisHandlers(context: ServiceContext): FeatureHandlers<'kpis:get'> {
  const client = context.workstation.session.client;
  return {
    'kpis:get': async (args) => {
      if (!isValidTimeZone(args.time_zone)) {
        return failure('INVALID_TIME_ZONE', `Unknown time zone "${args.time_zone}".`);
      }
      const named =
        args.range === undefined ? null : namedPeriod(args.range, context.now(), args.time_zone);
      const from = named?.from ?? Date.parse(args.from ?? '');
      const to = named?.to ?? Date.parse(args.to ?? '');
      const bucket =
        args.bucket ?? named?.bucket ?? (to - from <= HOURLY_UP_TO_MS ? 'hour' : 'day');
      const answer = await onlineRead(
        context,
        floorKpisSchema,
        "read the floor's KPIs",
        "the floor's KPIs",
        (signal) =>
          client
            .rpc('floor_kpis', {
              p_from: toWireInstant(from),
              p_to: toWireInstant(to),
              p_bucket: bucket,
              p_time_zone: args.time_zone,
            })
            .abortSignal(signal),
      );
      if (isFailure(answer)) return answer;
      return spread(answer, { from, to, bucket }, args.time_zone);
    },
  };
}
