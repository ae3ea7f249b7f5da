import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));

export interface TalentgProcess {
  child: ChildProcessWithoutNullStreams;
  stdout(): string;
  stderr(): string;
  /** Resolves to the first stdout line; rejects with stderr if the process exits first. */
  firstLine(timeoutMs?: number): Promise<string>;
  /** Resolves to the exit code, or the signal name when killed by one, once all output is read. */
  exited: Promise<number | NodeJS.Signals>;
}

/** Spawns `node bin/talentg.mjs <args>` from the repo root, as `npx talentg` would run it. */
export function spawnTalentg(args: string[]): TalentgProcess {
  const child = spawn(process.execPath, ['bin/talentg.mjs', ...args], { cwd: REPO_ROOT });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | NodeJS.Signals>((resolve) =>
    child.once('close', (code, signal) => resolve(code ?? signal ?? -1)),
  );
  return {
    child,
    stdout: () => stdout,
    stderr: () => stderr,
    exited,
    firstLine(timeoutMs = 90_000) {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`no line on stdout within ${timeoutMs} ms; stderr:\n${stderr}`)),
          timeoutMs,
        );
        const check = () => {
          const newline = stdout.indexOf('\n');
          if (newline < 0) return;
          clearTimeout(timer);
          child.stdout.off('data', check);
          resolve(stdout.slice(0, newline));
        };
        child.stdout.on('data', check);
        check();
        void exited.then((code) => {
          clearTimeout(timer);
          reject(
            new Error(
              `talentg ${args.join(' ')} exited (${code}) before printing a line; stderr:\n${stderr}`,
            ),
          );
        });
      });
    },
  };
}
