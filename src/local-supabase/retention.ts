import type { SqlClient } from './db/index.js';
import { LONGEST_TIMER_MS, startRepeating, type RepeatingTimer } from './repeating-timer.js';

/**
 * The embedded stack's stand-in for the pg_cron job a hosted project gets from
 * supabase/migrations/20261126000100_sync_retention.sql: it calls sync.run_retention() on a timer.
 */
export const DEFAULT_RETENTION_INTERVAL_MS = 60 * 60 * 1000;

export interface RetentionOptions {
  /** Milliseconds between runs; 0 turns retention off. */
  intervalMs: number;
  /** Where failures go, one line each; the stack writes them to stderr. */
  log: (line: string) => void;
}

/** stop() cancels the next run and waits for one in progress, so the database can be closed after it. */
export type RetentionTimer = RepeatingTimer;

/** The SQLSTATE when the database gave one, else the error's name: what "the same failure" means. */
function failureKind(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && code !== '') return code;
  return error instanceof Error ? error.name : typeof error;
}

/**
 * Runs sync.run_retention() every `intervalMs` (first run one interval after the start), skipping
 * databases without the function (a stack started without migrations). Runs never overlap: the next
 * is scheduled when one ends. A failure never escapes; each kind is logged once until a run succeeds.
 */
export function startRetention(db: SqlClient, options: RetentionOptions): RetentionTimer {
  const { intervalMs, log } = options;
  if (!Number.isInteger(intervalMs) || intervalMs < 0 || intervalMs > LONGEST_TIMER_MS) {
    throw new RangeError(
      `retentionIntervalMs must be a whole number of milliseconds from 0 (off) to ${LONGEST_TIMER_MS}, got ${intervalMs}`,
    );
  }
  if (intervalMs === 0) return { stop: () => Promise.resolve() };

  const reported = new Set<string>();

  async function runOnce(): Promise<void> {
    try {
      // As text: PGlite parses values and the PostgreSQL adapter passes them through raw.
      const { rows } = await db.query<{ present: string }>(
        "select (to_regprocedure('sync.run_retention()') is not null)::text as present",
      );
      if (rows[0]?.present === 'true') await db.query('select sync.run_retention()');
      reported.clear();
    } catch (error) {
      const kind = failureKind(error);
      if (reported.has(kind)) return;
      reported.add(kind);
      log(
        `retention: sync.run_retention() failed (${kind}): ${(error as Error)?.message ?? String(error)}; ` +
          'retrying on schedule, this failure is not logged again until a run succeeds\n',
      );
    }
  }

  return startRepeating(intervalMs, runOnce);
}
