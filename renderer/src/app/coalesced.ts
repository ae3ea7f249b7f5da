// A read that events keep asking for: one runs at a time, and every request that arrives meanwhile
// costs one more run together, not one each.

/** `run` wrapped so callers during a run share its promise, which settles after the one extra run. */
export function coalesced(run: () => Promise<void>): () => Promise<void> {
  let running: Promise<void> | null = null;
  let again = false;
  return () => {
    if (running !== null) {
      again = true;
      return running;
    }
    running = (async () => {
      try {
        do {
          again = false;
          await run();
        } while (again);
      } finally {
        running = null;
      }
    })();
    return running;
  };
}
