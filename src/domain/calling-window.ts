// When a lead may be called: a daily window on chosen weekdays, judged on the lead's own clock.
import { z } from 'zod';
import { failure, type Failure } from './failure';
import type { EpochMs } from './lead';

export const CALLING_WINDOW_ERROR_CODES = ['CALLING_WINDOW_INVALID', 'INVALID_TIME_ZONE'] as const;
export type CallingWindowErrorCode = (typeof CALLING_WINDOW_ERROR_CODES)[number];

export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

const CLOCK_TIME = /^(?:([01]\d|2[0-3]):([0-5]\d)|(24):(00))$/;

/** A campaign's calling hours: local `start` (inclusive) to `end` (exclusive) on `days`; no overnight windows. */
export const callingWindowSchema = z
  .object({
    start: z.string().regex(CLOCK_TIME, 'Use HH:MM, e.g. 09:00.'),
    end: z.string().regex(CLOCK_TIME, 'Use HH:MM, e.g. 21:00 (24:00 for midnight).'),
    days: z.array(z.enum(WEEKDAYS)).min(1, 'Pick at least one calling day.'),
  })
  .refine((window) => minuteOfDay(window.start) < minuteOfDay(window.end), {
    message: 'The window must end after it starts, on the same day.',
    path: ['end'],
  });
export type CallingWindow = z.infer<typeof callingWindowSchema>;

/** 09:00–21:00 Monday to Saturday, the hours Indian telemarketing rules (TRAI) allow. */
export const DEFAULT_CALLING_WINDOW: CallingWindow = {
  start: '09:00',
  end: '21:00',
  days: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat'],
};

export function parseCallingWindow(
  value: unknown,
): { ok: true; window: CallingWindow } | Failure<'CALLING_WINDOW_INVALID'> {
  const parsed = callingWindowSchema.safeParse(value);
  if (parsed.success) return { ok: true, window: parsed.data };
  return failure('CALLING_WINDOW_INVALID', 'The calling hours are not valid.', {
    issues: parsed.error.issues,
  });
}

// ---- The lead's clock, from Intl alone ----

export interface LocalClock {
  readonly year: number;
  readonly month: number;
  readonly day: number;
  readonly hour: number;
  readonly minute: number;
  readonly second: number;
  readonly weekday: Weekday;
}

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;
// Formatters are costly to build and zones are few, so each is built once.
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat | undefined {
  const cached = formatters.get(timeZone);
  if (cached !== undefined) return cached;
  if (timeZone.trim() === '') return undefined;
  let formatter: Intl.DateTimeFormat;
  try {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
  } catch (error) {
    // Intl signals an unknown zone with a RangeError; anything else is a real fault.
    if (error instanceof RangeError) return undefined;
    throw error;
  }
  formatters.set(timeZone, formatter);
  return formatter;
}

export function isValidTimeZone(timeZone: string): boolean {
  return formatterFor(timeZone) !== undefined;
}

interface Wall {
  /** The local date and time read as if it were UTC, in ms: arithmetic on it is calendar arithmetic. */
  readonly wall: number;
  /** `wall` at the start of the local day. */
  readonly midnight: number;
  readonly clock: LocalClock;
}

function utcMs(year: number, month: number, day: number, hour = 0, minute = 0, second = 0): number {
  const date = new Date(Date.UTC(2000, month - 1, day, hour, minute, second));
  date.setUTCFullYear(year); // Date.UTC reads years 0–99 as 1900–1999
  return date.getTime();
}

function wallAt(formatter: Intl.DateTimeFormat, instant: EpochMs): Wall {
  const fields = { year: 0, month: 0, day: 0, hour: 0, minute: 0, second: 0 };
  for (const part of formatter.formatToParts(instant)) {
    if (part.type in fields) fields[part.type as keyof typeof fields] = Number(part.value);
  }
  const hour = fields.hour === 24 ? 0 : fields.hour;
  const midnight = utcMs(fields.year, fields.month, fields.day);
  const weekday = WEEKDAYS[(new Date(midnight).getUTCDay() + 6) % 7] ?? 'mon';
  const millis = ((instant % 1000) + 1000) % 1000;
  return {
    wall: midnight + ((hour * 60 + fields.minute) * 60 + fields.second) * 1000 + millis,
    midnight,
    clock: { ...fields, hour, weekday },
  };
}

export function localClock(
  now: EpochMs,
  timeZone: string,
): ({ ok: true } & LocalClock) | Failure<'INVALID_TIME_ZONE'> {
  const formatter = formatterFor(timeZone);
  if (formatter === undefined) return invalidTimeZone(timeZone);
  return { ok: true, ...wallAt(formatter, now).clock };
}

/**
 * The instant of the local midnight that starts the day of `instant` (NaN for a zone that is not one).
 * A second look corrects the first guess when the clock changed since midnight (a DST day): it lands
 * an hour off, on either side.
 */
export function localMidnight(instant: EpochMs, timeZone: string): EpochMs {
  const formatter = formatterFor(timeZone);
  if (formatter === undefined) return Number.NaN;
  const sinceMidnight = (at: EpochMs) => {
    const here = wallAt(formatter, at);
    return here.wall - here.midnight;
  };
  let guess = instant - sinceMidnight(instant);
  const off = sinceMidnight(guess);
  // Past noon: the guess fell back into the previous day, so midnight is still ahead of it.
  if (off !== 0) guess += off >= DAY_MS / 2 ? DAY_MS - off : -off;
  return guess;
}

// ---- The window ----

interface CompiledWindow {
  readonly start: number;
  readonly end: number;
  readonly days: ReadonlySet<Weekday>;
}

function minuteOfDay(clockTime: string): number {
  const match = CLOCK_TIME.exec(clockTime);
  if (match === null) return Number.NaN;
  const hours = match[1] ?? match[3];
  const minutes = match[2] ?? match[4];
  return Number(hours) * 60 + Number(minutes);
}

function compile(window: CallingWindow): CompiledWindow | undefined {
  const start = minuteOfDay(window.start);
  const end = minuteOfDay(window.end);
  const days = new Set(window.days.filter((day) => WEEKDAYS.includes(day)));
  if (!(start < end) || days.size === 0) return undefined;
  return { start, end, days };
}

function inside(window: CompiledWindow, clock: LocalClock): boolean {
  const minute = clock.hour * 60 + clock.minute;
  return window.days.has(clock.weekday) && window.start <= minute && minute < window.end;
}

// A week holds at most 7 window openings; each clock change on the way costs one more step.
const MAX_STEPS = 64;

/** The first instant at or after `now` inside the window. */
function nextInside(formatter: Intl.DateTimeFormat, window: CompiledWindow, now: EpochMs): EpochMs {
  let instant = now;
  for (let step = 0; step < MAX_STEPS; step += 1) {
    const here = wallAt(formatter, instant);
    if (inside(window, here.clock)) return instant;
    const minute = here.clock.hour * 60 + here.clock.minute;
    const opensToday = window.days.has(here.clock.weekday) && minute < window.start;
    const target = here.midnight + (opensToday ? 0 : DAY_MS) + window.start * MINUTE_MS;
    const offset = here.wall - instant;
    const candidate = instant + (target - here.wall);
    // Only a clock change can open the window early (falling back into it) or make the opening
    // not exist (springing over it); either way, look again from the change itself.
    instant =
      wallAt(formatter, candidate).wall - candidate === offset
        ? candidate
        : firstOffsetChange(formatter, instant, candidate, offset);
  }
  throw new Error(`No calling-window opening found within ${MAX_STEPS} steps from ${now}.`);
}

/** Binary search for the first instant in (before, after] whose UTC offset is no longer `offset`. */
function firstOffsetChange(
  formatter: Intl.DateTimeFormat,
  before: EpochMs,
  after: EpochMs,
  offset: number,
): EpochMs {
  let low = before;
  let high = after;
  while (high - low > 1) {
    const middle = low + Math.floor((high - low) / 2);
    if (wallAt(formatter, middle).wall - middle !== offset) high = middle;
    else low = middle;
  }
  return high;
}

export type CallingWindowVerdict =
  | { readonly ok: true; readonly allowed: true; readonly local: LocalClock }
  | {
      readonly ok: true;
      readonly allowed: false;
      readonly local: LocalClock;
      /** The next instant the lead may be called; never before `now`. */
      readonly nextAllowedAt: EpochMs;
    }
  | Failure<CallingWindowErrorCode>;

/** Whether a lead in `timeZone` may be called at `now`, and if not, from when. */
export function checkCallingWindow(
  now: EpochMs,
  timeZone: string,
  window: CallingWindow = DEFAULT_CALLING_WINDOW,
): CallingWindowVerdict {
  const formatter = formatterFor(timeZone);
  if (formatter === undefined) return invalidTimeZone(timeZone);
  const compiled = compile(window);
  if (compiled === undefined || !Number.isFinite(now)) {
    return failure('CALLING_WINDOW_INVALID', 'The calling hours are not valid.', { window, now });
  }
  const local = wallAt(formatter, now).clock;
  if (inside(compiled, local)) return { ok: true, allowed: true, local };
  return { ok: true, allowed: false, local, nextAllowedAt: nextInside(formatter, compiled, now) };
}

/** The next instant at or after `now` when a lead in `timeZone` may be called. */
export function nextAllowedInstant(
  now: EpochMs,
  timeZone: string,
  window: CallingWindow = DEFAULT_CALLING_WINDOW,
): { ok: true; at: EpochMs } | Failure<CallingWindowErrorCode> {
  const verdict = checkCallingWindow(now, timeZone, window);
  if (!verdict.ok) return verdict;
  return { ok: true, at: verdict.allowed ? now : verdict.nextAllowedAt };
}

function invalidTimeZone(timeZone: string): Failure<'INVALID_TIME_ZONE'> {
  return failure(
    'INVALID_TIME_ZONE',
    `"${timeZone}" is not a time zone: use an IANA name such as Asia/Kolkata.`,
    { timeZone },
  );
}
