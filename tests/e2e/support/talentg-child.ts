// A `talentg` command run as a child process for the end-to-end tests: its output kept, a line waited
// for with a deadline, and a stop that always ends in the process being gone.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = fileURLToPath(new URL('../../..', import.meta.url));

export interface TalentgChild {
  readonly pid: number;
  /** Everything written to stdout and stderr so far, for failure messages. */
  output(): string;
  /** The first stdout line matching `pattern` (already printed or still to come); rejects on exit or timeout. */
  waitForLine(pattern: RegExp, timeoutMs: number): Promise<RegExpMatchArray>;
  /** SIGTERM, then SIGKILL after `graceMs`; resolves once the process has exited. */
  stop(graceMs?: number): Promise<void>;
}

/** The last lines of a long output: enough to see why a process failed without flooding the report. */
function tail(text: string, lines = 40): string {
  return text.split('\n').slice(-lines).join('\n');
}

export function spawnTalentg(args: readonly string[], env: NodeJS.ProcessEnv = {}): TalentgChild {
  const child: ChildProcessWithoutNullStreams = spawn(
    process.execPath,
    ['bin/talentg.mjs', ...args],
    {
      cwd: REPO_ROOT,
      // No Electron runtime here; the flag also keeps `talentg start` in browser mode where one exists.
      env: { ...process.env, ELECTRON_SKIP_BINARY_DOWNLOAD: '1', ...env },
    },
  );
  let stdout = '';
  let combined = '';
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
    combined += chunk.toString();
  });
  child.stderr.on('data', (chunk: Buffer) => (combined += chunk.toString()));
  // 'exit', not 'close': a grandchild holding the pipes open (Deno for edge functions) must not hold stop().
  const exited = new Promise<string>((resolve) => {
    child.once('exit', (code, signal) => resolve(String(code ?? signal)));
    child.once('error', (error) => resolve(`spawn error: ${error.message}`));
  });
  const describe = `talentg ${args.join(' ')}`;

  return {
    pid: child.pid ?? -1,
    output: () => combined,
    waitForLine(pattern, timeoutMs) {
      return new Promise((resolve, reject) => {
        const find = () => {
          for (const line of stdout.split('\n')) {
            const match = line.match(pattern);
            if (match) return match;
          }
          return null;
        };
        const finish = (error: Error | null, match?: RegExpMatchArray) => {
          clearTimeout(timer);
          child.stdout.off('data', check);
          if (error) reject(error);
          else resolve(match!);
        };
        const check = () => {
          const match = find();
          if (match) finish(null, match);
        };
        const timer = setTimeout(
          () =>
            finish(
              new Error(
                `${describe}: no line matching ${pattern} within ${timeoutMs} ms; output:\n${tail(combined)}`,
              ),
            ),
          timeoutMs,
        );
        child.stdout.on('data', check);
        void exited.then((how) =>
          finish(
            new Error(`${describe} exited (${how}) before ${pattern}; output:\n${tail(combined)}`),
          ),
        );
        check();
      });
    },
    async stop(graceMs = 8_000) {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const killer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      await exited;
      clearTimeout(killer);
    },
  };
}
