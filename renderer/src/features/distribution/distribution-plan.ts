// The pure half of the distribution screen: the filter as the contract's arguments, and the shares the
// server will give each telecaller, shown for confirmation before anything moves. The server decides
// (distribute_leads); these forecasts follow its rules so the confirmation says what will happen.
import type { z } from 'zod';
import type {
  DISTRIBUTION_MODES,
  distributeArgsSchema,
  managerLeadsArgsSchema,
} from '../../../../src/contract/operations/manager';
import { LEAD_STATUSES, type LeadStatus } from '../../../../src/domain/lead';

export type DistributionMode = (typeof DISTRIBUTION_MODES)[number];
export type DistributeArgs = z.input<typeof distributeArgsSchema>;
export type LeadsArgs = z.input<typeof managerLeadsArgsSchema>;

/** The filter as typed: numbers and lists stay text until they are sent. */
export interface LeadFilterForm {
  readonly statuses: readonly LeadStatus[];
  readonly sources: string;
  readonly unassigned: boolean;
  readonly olderThanDays: string;
  readonly timeZones: string;
  readonly limit: string;
}

export const OPEN_STATUSES: readonly LeadStatus[] = ['new', 'contacted', 'qualified'];

export const DEFAULT_FILTER: LeadFilterForm = {
  statuses: OPEN_STATUSES,
  sources: '',
  unassigned: true,
  olderThanDays: '',
  timeZones: '',
  limit: '',
};

type FilterArgs = Pick<
  DistributeArgs,
  'statuses' | 'sources' | 'unassigned' | 'created_before' | 'time_zones' | 'limit'
>;

function listOf(text: string): string[] | undefined {
  const items = text
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');
  return items.length === 0 ? undefined : items;
}

function wholeNumber(text: string, least: number): number | null | undefined {
  const trimmed = text.trim();
  if (trimmed === '') return undefined;
  const value = Number(trimmed);
  return Number.isInteger(value) && value >= least ? value : null;
}

/** The filter as the contract takes it, or what to correct in it. */
export function filterArgs(form: LeadFilterForm, now: number): FilterArgs | { problem: string } {
  if (form.statuses.length === 0) return { problem: 'Pick at least one status.' };
  const days = wholeNumber(form.olderThanDays, 0);
  if (days === null) return { problem: 'The age is a whole number of days (0 or more).' };
  const limit = wholeNumber(form.limit, 1);
  if (limit === null) return { problem: 'The limit is a whole number of leads (1 or more).' };
  const sources = listOf(form.sources);
  const timeZones = listOf(form.timeZones);
  return {
    // In the contract's order, so the same filter always sends the same arguments.
    statuses: LEAD_STATUSES.filter((status) => form.statuses.includes(status)),
    unassigned: form.unassigned,
    ...(sources === undefined ? {} : { sources }),
    ...(timeZones === undefined ? {} : { time_zones: timeZones }),
    ...(days === undefined
      ? {}
      : { created_before: new Date(now - days * 86_400_000).toISOString() }),
    ...(limit === undefined ? {} : { limit }),
  };
}

/** A telecaller chosen to receive leads. */
export interface Recipient {
  readonly id: string;
  readonly email: string;
  readonly weight: number;
  /** Open leads held now (what a cap counts). */
  readonly openLeads: number;
}

/**
 * How many of `total` leads each recipient gets, in their order, as distribute_leads shares them:
 * round-robin evenly (the first ones get the remainder), weighted by largest remainder, capped in turn
 * until each reaches the cap with the leads held already.
 */
export function plannedShares(
  total: number,
  recipients: readonly Recipient[],
  mode: DistributionMode,
  cap: number,
): number[] {
  const n = recipients.length;
  if (n === 0) return [];
  if (mode === 'round-robin') {
    return recipients.map((_, i) => Math.floor(total / n) + (i < total % n ? 1 : 0));
  }
  if (mode === 'weighted') {
    const sum = recipients.reduce((acc, r) => acc + r.weight, 0);
    const base = recipients.map((r) => Math.floor((total * r.weight) / sum));
    const left = total - base.reduce((acc, b) => acc + b, 0);
    const byRemainder = recipients
      .map((r, i) => ({ i, remainder: (total * r.weight) % sum }))
      .sort((a, b) => b.remainder - a.remainder || a.i - b.i);
    for (const { i } of byRemainder.slice(0, left)) base[i]! += 1;
    return base;
  }
  const room = recipients.map((r) => Math.max(cap - r.openLeads, 0));
  const shares = recipients.map(() => 0);
  let left = Math.min(
    total,
    room.reduce((acc, r) => acc + r, 0),
  );
  // One at a time in turn, skipping whoever is full: the server's water-filling, spelled out.
  for (let level = 1; left > 0; level += 1) {
    for (let i = 0; i < n && left > 0; i += 1) {
      if (room[i]! >= level) {
        shares[i]! += 1;
        left -= 1;
      }
    }
  }
  return shares;
}
