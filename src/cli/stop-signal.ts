/**
 * Resolves on the first SIGTERM or SIGINT so the caller can shut down cleanly (PGlite must flush);
 * a second signal while shutting down exits at once. Under `npx`/`npm run` it also resolves when the
 * launching npm goes away, because npm does not pass SIGTERM on to the command it runs.
 */
export function waitForStopSignal(
  log: (line: string) => void,
): Promise<NodeJS.Signals | 'parent exited'> {
  return new Promise((resolve) => {
    let received = false;
    const stop = (reason: NodeJS.Signals | 'parent exited') => {
      if (received) {
        log(`${reason} again while stopping; exiting without a clean shutdown`);
        process.exit(130);
      }
      received = true;
      clearInterval(parentWatch);
      log(`${reason}: stopping`);
      resolve(reason);
    };
    process.on('SIGTERM', stop);
    process.on('SIGINT', stop);
    const launcher = process.env.npm_command === undefined ? undefined : process.ppid;
    const parentWatch = setInterval(() => {
      if (launcher !== undefined && process.ppid !== launcher) stop('parent exited');
    }, 500);
    parentWatch.unref();
  });
}
