// A lead's own clock, shared by the queue, the lead card and the callbacks list: its local time, whether
// its calling window is open, and turning a wall time in its zone into an instant.
import { useEffect, useState } from 'react';
import {
  checkCallingWindow,
  DEFAULT_CALLING_WINDOW,
  localClock,
  type CallingWindow,
  type LocalClock,
} from '../../../src/domain/calling-window';

/** open; closing (within CLOSING_SOON_MINUTES of the window's end); closed; unknown (no valid zone). */
export type WindowState = 'open' | 'closing' | 'closed' | 'unknown';

export interface LeadClockView {
  /** "14:05", or "—" without a zone. */
  readonly time: string;
  /** "Mon", the lead's weekday, shown when it differs from the telecaller's. */
  readonly weekday: string;
  /** Whether the lead's day differs from the telecaller's (late evening abroad, early morning here). */
  readonly otherDay: boolean;
  /** "Kolkata", from the zone's name. */
  readonly place: string;
  readonly window: WindowState;
  /** A sentence for the title and screen readers: "Calling hours open until 21:00". */
  readonly windowText: string;
}

export const CLOSING_SOON_MINUTES = 30;

/** This person's own time zone, as the OS tells the window: their hours, their midnight. */
export function ownTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone;
}

const pad = (value: number): string => String(value).padStart(2, '0');

export function clockText(clock: Pick<LocalClock, 'hour' | 'minute'>): string {
  return `${pad(clock.hour)}:${pad(clock.minute)}`;
}

const WEEKDAY_NAMES: Readonly<Record<LocalClock['weekday'], string>> = {
  mon: 'Mon',
  tue: 'Tue',
  wed: 'Wed',
  thu: 'Thu',
  fri: 'Fri',
  sat: 'Sat',
  sun: 'Sun',
};

/** The last part of an IANA zone, readable: "America/New_York" is "New York". */
export function placeOf(timeZone: string | null): string {
  if (timeZone === null || timeZone === '') return 'Unknown zone';
  const last = timeZone.split('/').at(-1) ?? timeZone;
  return last.replace(/_/g, ' ');
}

function minuteOf(clockTime: string): number {
  const [hours, minutes] = clockTime.split(':').map(Number);
  return (hours ?? 0) * 60 + (minutes ?? 0);
}

const UNKNOWN: LeadClockView = {
  time: '—',
  weekday: '',
  otherDay: false,
  place: 'Unknown zone',
  window: 'unknown',
  windowText: 'The lead’s time zone is unknown, so it cannot be called until it is set.',
};

/** What a row or a card shows about the lead's clock at `now`, judged by the floor's calling hours. */
export function leadClock(
  now: number,
  timeZone: string | null,
  window: CallingWindow = DEFAULT_CALLING_WINDOW,
): LeadClockView {
  if (timeZone === null || timeZone === '') return UNKNOWN;
  const verdict = checkCallingWindow(now, timeZone, window);
  if (!verdict.ok) return { ...UNKNOWN, place: placeOf(timeZone) };
  const { local } = verdict;
  const mine = new Date(now);
  const otherDay = mine.getDate() !== local.day;
  const base = {
    time: clockText(local),
    weekday: WEEKDAY_NAMES[local.weekday],
    otherDay,
    place: placeOf(timeZone),
  };
  const end = window.end === '24:00' ? 'midnight' : window.end;
  if (verdict.allowed) {
    const left = minuteOf(window.end) - (local.hour * 60 + local.minute);
    return left <= CLOSING_SOON_MINUTES
      ? { ...base, window: 'closing', windowText: `Calling hours close at ${end} (${left} min)` }
      : { ...base, window: 'open', windowText: `Inside calling hours (until ${end})` };
  }
  const opens = localClock(verdict.nextAllowedAt, timeZone);
  const when = opens.ok
    ? `${opens.day === local.day ? '' : `${WEEKDAY_NAMES[opens.weekday]} `}${clockText(opens)}`
    : 'later';
  return { ...base, window: 'closed', windowText: `Outside calling hours; opens ${when}` };
}

export interface WallTime {
  readonly year: number;
  readonly month: number;
  readonly day: number;
  readonly hour: number;
  readonly minute: number;
}

function wallMs(wall: WallTime): number {
  return Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute);
}

/**
 * The instant when the clock in `timeZone` shows `wall`. A time skipped by a clock change lands just
 * after the change; a repeated one takes its first occurrence. Null without a valid zone.
 */
export function instantAt(wall: WallTime, timeZone: string): number | null {
  const target = wallMs(wall);
  const offsetAt = (instant: number): number | null => {
    const clock = localClock(instant, timeZone);
    if (!clock.ok) return null;
    return Date.UTC(clock.year, clock.month - 1, clock.day, clock.hour, clock.minute) - instant;
  };
  const first = offsetAt(target);
  if (first === null) return null;
  const early = target - first;
  const earlyOffset = offsetAt(early);
  if (earlyOffset === null || earlyOffset === first) return early;
  const late = target - earlyOffset;
  if (offsetAt(late) === earlyOffset) return late;
  // The wall time does not exist (the clock sprang over it): the later reading is just after the change.
  return Math.max(early, late);
}

/** "2026-11-25T14:30", what an <input type="datetime-local"> holds, for `at` on the lead's clock. */
export function toLocalInputValue(at: number, timeZone: string): string {
  const clock = localClock(at, timeZone);
  if (!clock.ok) return '';
  return `${clock.year}-${pad(clock.month)}-${pad(clock.day)}T${clockText(clock)}`;
}

/** Reads what a datetime-local input holds as a wall time; null when incomplete. */
export function parseLocalInputValue(value: string): WallTime | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})/.exec(value);
  if (match === null) return null;
  const [, year, month, day, hour, minute] = match.map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  return { year, month, day, hour, minute };
}

/** "Tue 25 Nov, 14:30" on the lead's clock (or the telecaller's without a zone). */
export function formatOnLeadClock(at: number, timeZone: string | null): string {
  const zone = timeZone !== null && timeZone !== '' ? timeZone : undefined;
  try {
    return leadClockFormat(zone).format(at);
  } catch (error) {
    if (error instanceof RangeError) return new Date(at).toLocaleString();
    throw error;
  }
}

// A card formats every entry of its history: one formatter per zone, made once (making one is slow).
const clockFormats = new Map<string, Intl.DateTimeFormat>();
function leadClockFormat(zone: string | undefined): Intl.DateTimeFormat {
  const key = zone ?? '';
  let format = clockFormats.get(key);
  if (format === undefined) {
    format = new Intl.DateTimeFormat('en-GB', {
      timeZone: zone,
      weekday: 'short',
      day: 'numeric',
      month: 'short',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    });
    clockFormats.set(key, format);
  }
  return format;
}

/** "in 5 min", "12 min ago", "in 3 h", "2 d ago": how far `at` is from `now`. */
export function relativeTime(at: number, now: number): string {
  const minutes = Math.round((at - now) / 60_000);
  const size = Math.abs(minutes);
  const text =
    size < 1
      ? 'now'
      : size < 60
        ? `${size} min`
        : size < 48 * 60
          ? `${Math.round(size / 60)} h`
          : `${Math.round(size / 1440)} d`;
  if (text === 'now') return text;
  return minutes > 0 ? `in ${text}` : `${text} ago`;
}

/** The current time, refreshed every `everyMs` (local clocks and due times move on screen). */
export function useNow(everyMs = 15_000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = window.setInterval(() => setNow(Date.now()), everyMs);
    return () => window.clearInterval(timer);
  }, [everyMs]);
  return now;
}
