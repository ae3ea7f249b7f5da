// The words and numbers the KPI screen shows, from the counts the server answers: rates, talk time,
// bucket labels, and whose line the charts follow.
import type { KpiCounts, KpiReport } from '../../../../src/contract/operations/kpis';

type Line = KpiReport['floor'];

/** part / whole, or null when there is nothing to divide (no calls is not a 0% contact rate). */
export function ratio(part: number, whole: number): number | null {
  return whole > 0 ? part / whole : null;
}

export function percentText(value: number | null): string {
  return value === null ? '—' : `${Math.round(value * 100)}%`;
}

/** Contacts per call. */
export function contactRate(counts: KpiCounts): number | null {
  return ratio(counts.contacts, counts.calls);
}

/** Conversions per contact: of the people reached, how many bought (as src/domain/kpis.ts). */
export function conversionRate(counts: KpiCounts): number | null {
  return ratio(counts.conversions, counts.contacts);
}

/** Kept of the callbacks that were judged (kept or missed). */
export function keptRate(counts: KpiCounts): number | null {
  return ratio(counts.callbacks_kept, counts.callbacks_kept + counts.callbacks_missed);
}

/** 4h 05m, 12m, 45s: hours and minutes once there are any. */
export function talkTimeText(seconds: number): string {
  const minutes = Math.floor(seconds / 60);
  if (minutes === 0) return `${seconds}s`;
  const hours = Math.floor(minutes / 60);
  if (hours === 0) return `${minutes}m`;
  return `${hours}h ${String(minutes % 60).padStart(2, '0')}m`;
}

const labelFormats = new Map<string, Intl.DateTimeFormat>();

function formatFor(bucket: KpiReport['bucket'], timeZone: string): Intl.DateTimeFormat {
  const key = `${bucket}|${timeZone}`;
  let format = labelFormats.get(key);
  if (format === undefined) {
    format = new Intl.DateTimeFormat(
      'en-GB',
      bucket === 'hour'
        ? { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }
        : { timeZone, weekday: 'short', day: 'numeric', month: 'short' },
    );
    labelFormats.set(key, format);
  }
  return format;
}

/** "09:00" for an hour, "Mon 7 Dec" for a day, on the report's clock. */
export function bucketLabel(
  start: string,
  report: Pick<KpiReport, 'bucket' | 'time_zone'>,
): string {
  return formatFor(report.bucket, report.time_zone).format(Date.parse(start));
}

/** The line the charts and tiles show: the focused person's, or the floor's. */
export function lineOf(report: KpiReport, focus: string | null): Line {
  return report.people.find((person) => person.user_id === focus) ?? report.floor;
}

/** The table's order: most calls first, then by name. */
export function rankedPeople(report: KpiReport): KpiReport['people'] {
  return [...report.people].sort(
    (a, b) =>
      b.totals.calls - a.totals.calls ||
      (a.full_name || a.email || '').localeCompare(b.full_name || b.email || ''),
  );
}

/** A person's name as the table shows it. */
export function personName(person: KpiReport['people'][number]): string {
  return person.full_name.trim() || person.email || 'Unnamed';
}
