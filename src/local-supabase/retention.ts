import type { SqlClient } from './db/index.js';
import type { RepeatingTimer } from './repeating-timer.js';
import { startScheduledCall } from './scheduled-call.js';

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

/**
 * Runs sync.run_retention() every `intervalMs` (first run one interval after the start), skipping
 * databases without the function (a stack started without migrations). Runs never overlap: the next
 * is scheduled when one ends. A failure never escapes; each kind is logged once until a run succeeds.
 */
export function startRetention(db: SqlClient, options: RetentionOptions): RetentionTimer {
  return startScheduledCall(db, {
    label: 'retention',
    option: 'retentionIntervalMs',
    signature: 'sync.run_retention()',
    shown: 'sync.run_retention()',
    sql: 'select sync.run_retention()',
    ...options,
  });
}
