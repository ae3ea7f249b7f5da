import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));
/** The CLI pinned in package.json, the same binary `npx supabase` runs. */
export const SUPABASE_CLI = fileURLToPath(
  new URL('../../node_modules/.bin/supabase', import.meta.url),
);

export interface ToolResult {
  code: number | null;
  /** stdout and stderr interleaved as they arrived, for failure messages. */
  output: string;
  stdout: string;
}

/** Runs a command to completion; a non-zero exit is a result to assert on, not an exception. */
export function runTool(
  command: string,
  args: readonly string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv } = {},
): Promise<ToolResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd: options.cwd ?? REPO_ROOT,
      env: { ...process.env, ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      stdout += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('error', (error) =>
      reject(new Error(`could not run ${command}: ${error.message}`, { cause: error })),
    );
    child.once('close', (code) => resolve({ code, output, stdout }));
  });
}

/** The Supabase CLI from the repo root (where supabase/config.toml is), without telemetry. */
export function runSupabaseCli(args: readonly string[]): Promise<ToolResult> {
  return runTool(SUPABASE_CLI, args, {
    env: { DO_NOT_TRACK: '1', SUPABASE_TELEMETRY_DISABLED: '1' },
  });
}

/** The CLI wants TLS unless told otherwise; the test cluster has none. */
export function cliDbUrl(databaseUrl: string): string {
  const url = new URL(databaseUrl);
  url.searchParams.set('sslmode', 'disable');
  return url.toString();
}
