/**
 * The embedded stack's stand-in for a pg_cron job that POSTs an Edge Function (a hosted project
 * schedules supabase/functions/email-sender that way; docs/integrations.md): each named function is
 * POSTed with the service key every so many milliseconds. Off unless the stack is given schedules.
 */

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
    if (!Number.isInteger(everyMs) || everyMs < 1 || everyMs > 2 ** 31 - 1) {
      throw new RangeError(
        `the schedule of ${name} must be 1 to ${2 ** 31 - 1} ms, got ${everyMs}`,
      );
    }
  }
  const stops = Object.entries(options.schedules).map(([name, everyMs]) => {
    let stopped = false;
    let timer: NodeJS.Timeout | undefined;
    let running: Promise<void> | undefined;
    // Each kind of failure once until a run succeeds, so a function left failing does not flood the log.
    let lastFailure: string | undefined;
    const controller = new AbortController();

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
        if (stopped) return;
        failure = (error as Error).message;
      }
      if (failure && failure !== lastFailure) {
        options.log(`function schedule: ${name} ${failure}; retrying on schedule\n`);
      }
      lastFailure = failure;
    }

    function scheduleNext(): void {
      timer = setTimeout(() => {
        running = runOnce().finally(() => {
          running = undefined;
          if (!stopped) scheduleNext();
        });
      }, everyMs);
      timer.unref();
    }

    scheduleNext();
    return async () => {
      stopped = true;
      clearTimeout(timer);
      controller.abort();
      await running;
    };
  });
  return {
    async stop() {
      await Promise.all(stops.map((stop) => stop()));
    },
  };
}
