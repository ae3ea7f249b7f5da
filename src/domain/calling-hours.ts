// The floor's calling hours as people read them: "09:00–21:00 Mon–Sat", days in week order.
import { WEEKDAYS, type CallingWindow, type Weekday } from './calling-window';

/** A day as the screens write it: Mon, Tue, … */
export const DAY_NAMES: Readonly<Record<Weekday, string>> = {
  mon: 'Mon',
  tue: 'Tue',
  wed: 'Wed',
  thu: 'Thu',
  fri: 'Fri',
  sat: 'Sat',
  sun: 'Sun',
};

/** The days once each, Monday first: how the server stores them and the screen shows them. */
export function weekOrder(days: readonly Weekday[]): Weekday[] {
  return WEEKDAYS.filter((day) => days.includes(day));
}

/** "Mon–Sat", "Mon–Fri, Sun", "every day": runs of three or more days joined with a dash. */
export function callingDaysText(days: readonly Weekday[]): string {
  const ordered = weekOrder(days);
  if (ordered.length === WEEKDAYS.length) return 'every day';
  const runs: Weekday[][] = [];
  for (const day of ordered) {
    const run = runs.at(-1);
    const previous = run?.at(-1);
    if (
      run !== undefined &&
      previous !== undefined &&
      WEEKDAYS.indexOf(previous) + 1 === WEEKDAYS.indexOf(day)
    ) {
      run.push(day);
    } else runs.push([day]);
  }
  return runs
    .flatMap((run) =>
      run.length >= 3
        ? [`${DAY_NAMES[run[0]!]}–${DAY_NAMES[run.at(-1)!]}`]
        : run.map((day) => DAY_NAMES[day]),
    )
    .join(', ');
}

/** "09:00–21:00 Mon–Sat"; all day every day is "all day, every day". */
export function callingHoursText(window: CallingWindow): string {
  const days = callingDaysText(window.days);
  if (window.start === '00:00' && window.end === '24:00') {
    return days === 'every day' ? 'all day, every day' : `all day ${days}`;
  }
  return `${window.start}–${window.end} ${days}`;
}

/** Whether two windows allow the same minutes (days compared as sets). */
export function sameCallingHours(a: CallingWindow, b: CallingWindow): boolean {
  const daysA = weekOrder(a.days);
  const daysB = weekOrder(b.days);
  return (
    a.start === b.start &&
    a.end === b.end &&
    daysA.length === daysB.length &&
    daysA.every((day, index) => day === daysB[index])
  );
}
