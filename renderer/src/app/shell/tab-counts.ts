// What the view tabs count, as the tabs show it; pure.
import type { CACHE_TABLES } from '../../../../src/contract/events';

type CacheTable = (typeof CACHE_TABLES)[number];

/** Above this the tab says "500+": the callbacks list is read with this limit. */
export const CALLBACK_COUNT_LIMIT = 500;

/** A count as a tab shows it; null hides the badge. */
export function tabCount(count: number | null, limit = Number.POSITIVE_INFINITY): string | null {
  if (count === null || count === 0) return null;
  return count >= limit ? `${limit.toLocaleString()}+` : count.toLocaleString();
}

/** The end of the local day: callbacks due before it are today's. */
export function endOfLocalDay(now: Date): Date {
  return new Date(now.getFullYear(), now.getMonth(), now.getDate() + 1);
}

/** Whether a cache change touches what the tabs count. */
export function touchesCounts(tables: readonly CacheTable[]): boolean {
  return tables.includes('leads') || tables.includes('callbacks');
}
