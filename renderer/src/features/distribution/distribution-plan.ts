// The distribution screen's filter as typed, and as the contract's arguments.
import type { z } from 'zod';
import type {
  DISTRIBUTION_MODES,
  distributeArgsSchema,
  managerLeadsArgsSchema,
} from '../../../../src/contract/operations/manager';
import type { ShareTaker } from '../../../../src/domain/distribution-shares';
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
export interface Recipient extends ShareTaker {
  readonly id: string;
  readonly email: string;
}
