// The shell's log in the user's log folder (what IT asks a telecaller to send), rolled by size and
// day so a machine left on for months never fills its disk.
import { once } from 'node:events';
import { join } from 'node:path';
import { format } from 'node:util';
import pino, { type Logger } from 'pino';
import roll from 'pino-roll';

export interface LogFileOptions {
  /** Electron's app.getPath('logs'). */
  readonly dir: string;
  /** Largest file before the next is started, in pino-roll's notation ('5m', '200k'). */
  readonly maxFileSize?: string;
  /** Rolled files kept beside the current one. */
  readonly keep?: number;
}

export interface LogFile {
  readonly logger: Logger;
  /** Writes what is buffered and closes the file (on quit). */
  close(): Promise<void>;
}

export async function openLogFile({
  dir,
  maxFileSize = '5m',
  keep = 5,
}: LogFileOptions): Promise<LogFile> {
  const stream = await roll({
    file: join(dir, 'talentg'),
    extension: '.log',
    size: maxFileSize,
    frequency: 'daily',
    mkdir: true,
    limit: { count: keep, removeOtherLogFiles: true },
  });
  // The file is opened asynchronously; the first lines (a failed start) must not be lost.
  await once(stream, 'ready');
  const logger = pino({ base: { pid: process.pid } }, stream);
  return {
    logger,
    close: async () => {
      const closed = once(stream, 'close');
      stream.end();
      await closed;
    },
  };
}

type ConsoleLevel = 'log' | 'info' | 'warn' | 'error';
const LEVELS: Readonly<Record<ConsoleLevel, 'info' | 'warn' | 'error'>> = {
  log: 'info',
  info: 'info',
  warn: 'warn',
  error: 'error',
};

/**
 * Copies every console line of this process into `logger` as well: the shell and the core already
 * say what matters through console.warn/error, so routing them keeps one way of logging.
 */
export function copyConsoleTo(
  logger: Logger,
  target: Pick<Console, ConsoleLevel> = console,
): () => void {
  const originals = { ...target };
  for (const method of Object.keys(LEVELS) as ConsoleLevel[]) {
    target[method] = (...args: unknown[]) => {
      originals[method](...args);
      const error = args.find((arg): arg is Error => arg instanceof Error);
      logger[LEVELS[method]](error === undefined ? {} : { err: error }, format(...args));
    };
  }
  return () => Object.assign(target, originals);
}
