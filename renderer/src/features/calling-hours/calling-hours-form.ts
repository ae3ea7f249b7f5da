// The calling-hours editor's draft: what the manager typed, checked with the domain's own schema, so the
// screen names each problem beside its field before anything reaches the core.
import { sameCallingHours, weekOrder } from '../../../../src/domain/calling-hours';
import {
  callingWindowSchema,
  type CallingWindow,
  type Weekday,
} from '../../../../src/domain/calling-window';

export interface CallingHoursDraft {
  readonly start: string;
  readonly end: string;
  readonly days: readonly Weekday[];
}

export type DraftField = 'start' | 'end' | 'days';
export type DraftProblems = Partial<Readonly<Record<DraftField, string>>>;

export function draftOf(window: CallingWindow): CallingHoursDraft {
  return { start: window.start, end: window.end, days: weekOrder(window.days) };
}

/** The day switched on or off, the days kept in week order. */
export function toggleDay(draft: CallingHoursDraft, day: Weekday): CallingHoursDraft {
  const days = draft.days.includes(day)
    ? draft.days.filter((each) => each !== day)
    : weekOrder([...draft.days, day]);
  return { ...draft, days };
}

/** The draft as hours the core accepts, or the first problem of each field. */
export function checkDraft(
  draft: CallingHoursDraft,
): { ok: true; window: CallingWindow } | { ok: false; problems: DraftProblems } {
  const trimmed = { start: draft.start.trim(), end: draft.end.trim(), days: [...draft.days] };
  const parsed = callingWindowSchema.safeParse(trimmed);
  if (parsed.success) return { ok: true, window: parsed.data };
  const problems: Partial<Record<DraftField, string>> = {};
  // "Must end after it starts" means nothing while a time is not one yet: that field's own problem comes first.
  const malformed = parsed.error.issues.some(
    (issue) => issue.code !== 'custom' && (issue.path[0] === 'start' || issue.path[0] === 'end'),
  );
  for (const issue of parsed.error.issues) {
    if (malformed && issue.code === 'custom') continue;
    const field = issue.path[0];
    if (
      (field === 'start' || field === 'end' || field === 'days') &&
      problems[field] === undefined
    ) {
      problems[field] = issue.message;
    }
  }
  return { ok: false, problems };
}

export function draftUnchanged(draft: CallingHoursDraft, saved: CallingWindow): boolean {
  const checked = checkDraft(draft);
  return checked.ok && sameCallingHours(checked.window, saved);
}
