// Floor KPIs for managers: what the team's calls achieved within a time range.
import type { Disposition, DispositionCatalogue } from './dispositions';
import { failure, type Failure } from './failure';
import type { EpochMs, Lead } from './lead';

export const KPI_ERROR_CODES = ['KPI_RANGE_INVALID'] as const;
export type KpiErrorCode = (typeof KPI_ERROR_CODES)[number];

/** One logged call, as the interactions table holds it. */
export interface KpiInteraction {
  readonly id: string;
  readonly lead_id: string;
  readonly telecaller_id: string;
  readonly disposition_code: string;
  readonly started_at: EpochMs;
  /** Talk plus wrap-up; null when the call was logged by hand without a timer. */
  readonly duration_seconds: number | null;
  /** The callback this call promised, if any. */
  readonly callback_at: EpochMs | null;
}

export type KpiLead = Pick<Lead, 'id' | 'assigned_to'>;

export interface KpiInput {
  readonly interactions: readonly KpiInteraction[];
  /** Telecallers with assigned leads are listed even when they made no call. */
  readonly leads: readonly KpiLead[];
  readonly catalogue: DispositionCatalogue;
  /** Calls started in [from, to) count; callbacks due in [from, to) are judged. */
  readonly range: { readonly from: EpochMs; readonly to: EpochMs };
  readonly now: EpochMs;
  /** A callback is kept when the lead is called within this many minutes of its time; 15 by default. */
  readonly callbackGraceMinutes?: number;
}

export interface CallKpis {
  readonly calls: number;
  /** Calls where the lead was spoken to (human contact, or a sale). */
  readonly contacts: number;
  readonly sales: number;
  /** contacts / calls, 0..1; null without calls. */
  readonly contactRate: number | null;
  /** sales / contacts, 0..1; null without contacts. */
  readonly conversionRate: number | null;
  /** Mean duration of the calls that have one; null when none has. */
  readonly averageHandleSeconds: number | null;
  readonly callbacksKept: number;
  readonly callbacksMissed: number;
  /** Due in the range but still within their grace time. */
  readonly callbacksPending: number;
}

export interface TelecallerKpis extends CallKpis {
  readonly telecallerId: string;
}

export interface FloorKpis {
  readonly ok: true;
  readonly totals: CallKpis;
  /** Sorted by telecaller id. */
  readonly byTelecaller: readonly TelecallerKpis[];
  /** Codes logged in the range that the catalogue does not know; counted as calls only. */
  readonly unknownDispositionCodes: readonly string[];
}

export const DEFAULT_CALLBACK_GRACE_MINUTES = 15;

interface Tally {
  calls: number;
  contacts: number;
  sales: number;
  timedCalls: number;
  handleSeconds: number;
  callbacksKept: number;
  callbacksMissed: number;
  callbacksPending: number;
}

const emptyTally = (): Tally => ({
  calls: 0,
  contacts: 0,
  sales: 0,
  timedCalls: 0,
  handleSeconds: 0,
  callbacksKept: 0,
  callbacksMissed: 0,
  callbacksPending: 0,
});

export function computeFloorKpis(input: KpiInput): FloorKpis | Failure<'KPI_RANGE_INVALID'> {
  const { from, to } = input.range;
  if (!(Number.isFinite(from) && Number.isFinite(to) && from <= to)) {
    return failure('KPI_RANGE_INVALID', 'The report period must end after it starts.', {
      from,
      to,
    });
  }
  const byCode = new Map<string, Disposition>(input.catalogue.map((entry) => [entry.code, entry]));
  const tallies = new Map<string, Tally>();
  const tallyOf = (telecallerId: string): Tally => {
    let tally = tallies.get(telecallerId);
    if (tally === undefined) {
      tally = emptyTally();
      tallies.set(telecallerId, tally);
    }
    return tally;
  };
  for (const lead of input.leads) {
    if (lead.assigned_to !== null) tallyOf(lead.assigned_to);
  }

  const unknownCodes = new Set<string>();
  for (const call of input.interactions) {
    if (call.started_at < from || call.started_at >= to) continue;
    const tally = tallyOf(call.telecaller_id);
    const disposition = byCode.get(call.disposition_code);
    if (disposition === undefined) unknownCodes.add(call.disposition_code);
    tally.calls += 1;
    if (disposition !== undefined && (disposition.human_contact || disposition.sale))
      tally.contacts += 1;
    if (disposition?.sale === true) tally.sales += 1;
    if (call.duration_seconds !== null) {
      tally.timedCalls += 1;
      tally.handleSeconds += call.duration_seconds;
    }
  }

  const graceMs = (input.callbackGraceMinutes ?? DEFAULT_CALLBACK_GRACE_MINUTES) * 60_000;
  for (const [promise, verdict] of judgeCallbacks(
    input.interactions,
    from,
    to,
    input.now,
    graceMs,
  )) {
    const tally = tallyOf(promise.telecaller_id);
    if (verdict === 'kept') tally.callbacksKept += 1;
    else if (verdict === 'missed') tally.callbacksMissed += 1;
    else tally.callbacksPending += 1;
  }

  const byTelecaller = [...tallies.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([telecallerId, tally]) => ({ telecallerId, ...summarise(tally) }));
  const total = emptyTally();
  for (const tally of tallies.values()) {
    for (const key of Object.keys(total) as (keyof Tally)[]) total[key] += tally[key];
  }
  return {
    ok: true,
    totals: summarise(total),
    byTelecaller,
    unknownDispositionCodes: [...unknownCodes].sort(),
  };
}

function summarise(tally: Tally): CallKpis {
  return {
    calls: tally.calls,
    contacts: tally.contacts,
    sales: tally.sales,
    contactRate: tally.calls > 0 ? tally.contacts / tally.calls : null,
    conversionRate: tally.contacts > 0 ? tally.sales / tally.contacts : null,
    averageHandleSeconds: tally.timedCalls > 0 ? tally.handleSeconds / tally.timedCalls : null,
    callbacksKept: tally.callbacksKept,
    callbacksMissed: tally.callbacksMissed,
    callbacksPending: tally.callbacksPending,
  };
}

type CallbackVerdict = 'kept' | 'missed' | 'pending';

/**
 * Each callback promised for [from, to), judged by the next call to the same lead: within the
 * grace time of the promise it is kept; after it, or no call once the grace time is over, missed.
 * A call well before the promised time replaces the promise (the newer call decides), so it is not judged.
 */
function judgeCallbacks(
  interactions: readonly KpiInteraction[],
  from: EpochMs,
  to: EpochMs,
  now: EpochMs,
  graceMs: number,
): [KpiInteraction, CallbackVerdict][] {
  const byLead = new Map<string, KpiInteraction[]>();
  for (const call of interactions) {
    const calls = byLead.get(call.lead_id);
    if (calls === undefined) byLead.set(call.lead_id, [call]);
    else calls.push(call);
  }
  const verdicts: [KpiInteraction, CallbackVerdict][] = [];
  for (const calls of byLead.values()) {
    calls.sort((a, b) => a.started_at - b.started_at || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    calls.forEach((promise, index) => {
      const dueAt = promise.callback_at;
      if (dueAt === null || dueAt < from || dueAt >= to) return;
      const followUp = calls[index + 1];
      if (followUp === undefined) {
        verdicts.push([promise, dueAt + graceMs <= now ? 'missed' : 'pending']);
      } else if (followUp.started_at < dueAt - graceMs) {
        return;
      } else {
        verdicts.push([promise, followUp.started_at <= dueAt + graceMs ? 'kept' : 'missed']);
      }
    });
  }
  return verdicts;
}
