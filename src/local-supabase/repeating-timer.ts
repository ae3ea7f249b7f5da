/** setTimeout fires at once for a longer delay, so anything above this is refused by the callers. */
export const LONGEST_TIMER_MS = 2 ** 31 - 1;

export interface RepeatingTimer {
  /** Cancels the next run and waits for one in progress. */
  stop(): Promise<void>;
}

/**
 * Calls `run` every `intervalMs`, the first one interval after the start. Runs never overlap: the next is
 * scheduled when one ends. `run` must not reject. The timer alone never keeps the process alive.
 */
export function startRepeating(intervalMs: number, run: () => Promise<void>): RepeatingTimer {
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;

  function scheduleNext(): void {
    timer = setTimeout(() => {
      running = run().finally(() => {
        running = undefined;
        if (!stopped) scheduleNext();
      });
    }, intervalMs);
    timer.unref();
  }

  scheduleNext();
  return {
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}
