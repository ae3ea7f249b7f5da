import type { SqlClient } from './db/index.js';
import { LONGEST_TIMER_MS, startRepeating, type RepeatingTimer } from './repeating-timer.js';

// The embedded stack's stand-in for a pg_cron job of a hosted project: one SQL function called on a timer
// (retention.ts, manager-digests.ts).

export interface ScheduledCall {
  /** What the log lines start with, e.g. `retention`. */
  label: string;
  /** The stack option that set the interval, named when it is refused. */
  option: string;
  /** The function's signature for to_regprocedure, e.g. `sync.run_retention()`; absent: not called. */
  signature: string;
  /** How the call is shown in a failure line, e.g. `sync.run_retention()`. */
  shown: string;
  sql: string;
  params?: readonly unknown[];
  /** Milliseconds between runs; 0 turns it off. */
  intervalMs: number;
  /** Where failures go, one line each; the stack writes them to stderr. */
  log: (line: string) => void;
}

/** The SQLSTATE when the database gave one, else the error's name: what "the same failure" means. */
function failureKind(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && code !== '') return code;
  return error instanceof Error ? error.name : typeof error;
}

/**
 * Runs `sql` every `intervalMs` (first run one interval after the start), skipping databases without
 * the function (a stack started without migrations). Runs never overlap: the next is scheduled when one
 * ends. A failure never escapes; each kind is logged once until a run succeeds.
 */
export function startScheduledCall(db: SqlClient, call: ScheduledCall): RepeatingTimer {
  const { intervalMs, log } = call;
  if (!Number.isInteger(intervalMs) || intervalMs < 0 || intervalMs > LONGEST_TIMER_MS) {
    throw new RangeError(
      `${call.option} must be a whole number of milliseconds from 0 (off) to ${LONGEST_TIMER_MS}, got ${intervalMs}`,
    );
  }
  if (intervalMs === 0) return { stop: () => Promise.resolve() };

  const reported = new Set<string>();

  async function runOnce(): Promise<void> {
    try {
      // As text: PGlite parses values and the PostgreSQL adapter passes them through raw.
      const { rows } = await db.query<{ present: string }>(
        'select (to_regprocedure($1::text) is not null)::text as present',
        [call.signature],
      );
      if (rows[0]?.present === 'true') await db.query(call.sql, call.params);
      reported.clear();
    } catch (error) {
      const kind = failureKind(error);
      if (reported.has(kind)) return;
      reported.add(kind);
      log(
        `${call.label}: ${call.shown} failed (${kind}): ${(error as Error)?.message ?? String(error)}; ` +
          'retrying on schedule, this failure is not logged again until a run succeeds\n',
      );
    }
  }

  return startRepeating(intervalMs, runOnce);
}
