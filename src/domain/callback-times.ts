// The callback picker's quick times on the lead's clock, kept inside the floor's calling hours, and the
// warning a custom time outside them gets (it is still allowed: a person may insist).
import { callingHoursText, DAY_NAMES } from './calling-hours';
import {
  checkCallingWindow,
  localClock,
  localMidnight,
  nextAllowedInstant,
  type CallingWindow,
  type CallingWindowErrorCode,
} from './calling-window';
import type { Failure } from './failure';
import type { EpochMs } from './lead';

/** in-an-hour and next-opening answer key 1; tomorrow and next-calling-day answer key 2. */
export type CallbackChoiceKind = 'in-an-hour' | 'next-opening' | 'tomorrow' | 'next-calling-day';

export interface CallbackChoice {
  readonly kind: CallbackChoiceKind;
  readonly at: EpochMs;
  /** "In 1 hour", "Next opening · Mon 09:00", "Tomorrow 10:00", "Next calling day · Mon 10:00". */
  readonly label: string;
}

const MINUTE_MS = 60_000;
const FIVE_MINUTES_MS = 5 * MINUTE_MS;
/** The second quick choice's hour on the lead's clock, when the calling hours include it. */
const PREFERRED_CLOCK_TIME = '10:00';

const pad = (value: number): string => String(value).padStart(2, '0');

/** An hour from now, rounded up to five minutes: a time a person would say out loud. */
export function inAnHour(now: EpochMs): EpochMs {
  return Math.ceil((now + 60 * MINUTE_MS) / FIVE_MINUTES_MS) * FIVE_MINUTES_MS;
}

/**
 * The two quick choices at `now` for a lead in `timeZone`: an hour from now, or the next opening of the
 * window when that hour falls outside it; and 10:00 (the window's start when 10:00 is outside it) on
 * the first calling day after the lead's today.
 */
export function quickCallbackChoices(
  now: EpochMs,
  timeZone: string,
  window: CallingWindow,
):
  | { readonly ok: true; readonly choices: readonly [CallbackChoice, CallbackChoice] }
  | Failure<CallingWindowErrorCode> {
  const hour = inAnHour(now);
  const verdict = checkCallingWindow(hour, timeZone, window);
  if (!verdict.ok) return verdict;
  const first: CallbackChoice = verdict.allowed
    ? { kind: 'in-an-hour', at: hour, label: 'In 1 hour' }
    : {
        kind: 'next-opening',
        at: verdict.nextAllowedAt,
        label: `Next opening · ${dayAndTime(verdict.nextAllowedAt, timeZone)}`,
      };

  // 36 hours after today's midnight is always in the lead's tomorrow, however long a day is (23–25 h).
  const tomorrowMidnight = localMidnight(
    localMidnight(now, timeZone) + 36 * 60 * MINUTE_MS,
    timeZone,
  );
  const preferred = window.start <= PREFERRED_CLOCK_TIME && PREFERRED_CLOCK_TIME < window.end;
  // The window narrowed to start at the chosen time: its next opening from tomorrow is that time on
  // the next calling day, clock changes included.
  const from = { ...window, start: preferred ? PREFERRED_CLOCK_TIME : window.start };
  const day = nextAllowedInstant(tomorrowMidnight, timeZone, from);
  if (!day.ok) return day;
  const isTomorrow = sameLocalDate(day.at, tomorrowMidnight, timeZone);
  const time = clockOf(day.at, timeZone);
  const second: CallbackChoice = isTomorrow
    ? { kind: 'tomorrow', at: day.at, label: `Tomorrow ${time}` }
    : {
        kind: 'next-calling-day',
        at: day.at,
        label: `Next calling day · ${dayAndTime(day.at, timeZone)}`,
      };
  return { ok: true, choices: [first, second] };
}

/**
 * "Outside calling hours: 09:00–21:00 Mon–Sat" for a time the floor does not call at on the lead's
 * clock; null inside the hours, and for a zone or window that is not one (the picker cannot judge).
 */
export function callbackTimeWarning(
  at: EpochMs,
  timeZone: string,
  window: CallingWindow,
): string | null {
  const verdict = checkCallingWindow(at, timeZone, window);
  if (!verdict.ok || verdict.allowed) return null;
  return `Outside calling hours: ${callingHoursText(window)}`;
}

function clockOf(at: EpochMs, timeZone: string): string {
  const clock = localClock(at, timeZone);
  return clock.ok ? `${pad(clock.hour)}:${pad(clock.minute)}` : '';
}

function dayAndTime(at: EpochMs, timeZone: string): string {
  const clock = localClock(at, timeZone);
  return clock.ok ? `${DAY_NAMES[clock.weekday]} ${pad(clock.hour)}:${pad(clock.minute)}` : '';
}

function sameLocalDate(a: EpochMs, b: EpochMs, timeZone: string): boolean {
  const one = localClock(a, timeZone);
  const two = localClock(b, timeZone);
  return (
    one.ok && two.ok && one.year === two.year && one.month === two.month && one.day === two.day
  );
}
