import type { SqlClient } from './db/index.js';
import type { RepeatingTimer } from './repeating-timer.js';
import { startScheduledCall } from './scheduled-call.js';

/**
 * The embedded stack's stand-in for the pg_cron job docs/integrations.md gives a hosted project: it calls
 * public.enqueue_manager_digests(null, <time zone>) on a timer, which enqueues each active manager's digest
 * of yesterday (in that time zone) once per manager and day, so an hourly run mails each of them once a
 * day, soon after midnight there.
 */
export const DEFAULT_DIGEST_INTERVAL_MS = 60 * 60 * 1000;
export const DEFAULT_DIGEST_TIME_ZONE = 'UTC';

export interface ManagerDigestOptions {
  /** Milliseconds between runs; 0 turns the digests off. */
  intervalMs: number;
  /** Where the floor's day starts and ends (PostgreSQL's time zone names, e.g. Asia/Kolkata). */
  timeZone: string;
  /** Where failures go, one line each; the stack writes them to stderr. */
  log: (line: string) => void;
}

/** PostgreSQL judges the name, as the function will: a name it does not know is refused at the start. */
export async function checkDigestTimeZone(db: SqlClient, timeZone: string): Promise<void> {
  try {
    await db.query('select now() at time zone $1::text', [timeZone]);
  } catch (error) {
    if ((error as { code?: unknown } | null)?.code !== '22023') throw error;
    throw new RangeError(
      `digestTimeZone must be a time zone PostgreSQL knows, such as UTC or Asia/Kolkata; got "${timeZone}"`,
      { cause: error },
    );
  }
}

/**
 * Runs public.enqueue_manager_digests every `intervalMs` (first run one interval after the start),
 * skipping databases without the function. Runs never overlap, and each kind of failure is logged once
 * until a run succeeds (scheduled-call.ts).
 */
export function startManagerDigests(db: SqlClient, options: ManagerDigestOptions): RepeatingTimer {
  return startScheduledCall(db, {
    label: 'manager digests',
    option: 'digestIntervalMs',
    signature: 'public.enqueue_manager_digests(date, text)',
    shown: `public.enqueue_manager_digests(null, '${options.timeZone}')`,
    sql: 'select public.enqueue_manager_digests(null, $1::text)',
    params: [options.timeZone],
    intervalMs: options.intervalMs,
    log: options.log,
  });
}
