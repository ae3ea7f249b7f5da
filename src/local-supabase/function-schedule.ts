/**
 * The embedded stack's stand-in for a pg_cron job that POSTs an Edge Function (a hosted project
 * schedules supabase/functions/email-sender that way; docs/integrations.md): each named function is
 * POSTed with the service key every so many milliseconds. Off unless the stack is given schedules.
 */
import { LONGEST_TIMER_MS, startRepeating } from './repeating-timer.js';

export interface FunctionScheduleOptions {
  /** The stack's own URL, known once its gateway listens. */
  url: string;
  serviceRoleKey: string;
  /** Function name to milliseconds between the end of one run and the start of the next. */
  schedules: Record<string, number>;
  /** Where failures go, one line each; the stack writes them to stderr. */
  log: (line: string) => void;
}

export interface FunctionSchedule {
  /** Cancels the next runs and waits for the ones in progress. */
  stop(): Promise<void>;
}

export function startFunctionSchedule(options: FunctionScheduleOptions): FunctionSchedule {
  // All checked before any timer starts, so a bad entry leaves nothing running.
  for (const [name, everyMs] of Object.entries(options.schedules)) {
    if (!Number.isInteger(everyMs) || everyMs < 1 || everyMs > LONGEST_TIMER_MS) {
      throw new RangeError(
        `the schedule of ${name} must be 1 to ${LONGEST_TIMER_MS} ms, got ${everyMs}`,
      );
    }
  }
  // Stopping aborts the calls in flight.
  const controller = new AbortController();
  const timers = Object.entries(options.schedules).map(([name, everyMs]) => {
    // Each kind of failure once until a run succeeds, so a function left failing does not flood the log.
    let lastFailure: string | undefined;

    async function runOnce(): Promise<void> {
      let failure: string | undefined;
      try {
        const response = await fetch(`${options.url}/functions/v1/${name}`, {
          method: 'POST',
          headers: { authorization: `Bearer ${options.serviceRoleKey}` },
          signal: controller.signal,
        });
        await response.arrayBuffer();
        if (!response.ok) failure = `answered ${response.status}`;
      } catch (error) {
        if (controller.signal.aborted) return;
        failure = (error as Error).message;
      }
      if (failure && failure !== lastFailure) {
        options.log(`function schedule: ${name} ${failure}; retrying on schedule\n`);
      }
      lastFailure = failure;
    }

    return startRepeating(everyMs, runOnce);
  });
  return {
    async stop() {
      controller.abort();
      await Promise.all(timers.map((timer) => timer.stop()));
    },
  };
}
