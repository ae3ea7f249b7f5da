import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseEnv } from 'node:util';
import { LONGEST_TIMER_MS } from '../local-supabase/repeating-timer.js';
import { UsageError } from './command.js';

// The Edge Functions' options of `talentg stack` and `talentg start`: their secrets from a file, as
// `supabase functions serve --env-file` takes them, and timers that POST a function as pg_cron does on
// a hosted project (docs/integrations.md).

export const functionOptions = {
  'env-file': { type: 'string' },
  'function-schedule': { type: 'string', multiple: true },
} as const;

export const functionOptionsUsage = `  --env-file <path>   secrets for the Edge Functions, over supabase/functions/.env (which is read
                      when present either way)
  --function-schedule <name>=<seconds>
                      POST that function with the service role key every <seconds> after the
                      last run ends, as pg_cron does hosted; repeat for more functions
                      (e.g. --function-schedule email-sender=60)`;

export interface FunctionSettings {
  functionsEnv?: Record<string, string>;
  functionSchedules?: Record<string, number>;
}

/** The variables of an env file (dotenv syntax, as node:util parseEnv and the Supabase CLI read it). */
function readEnvFile(file: string): Record<string, string> {
  let text: string;
  try {
    text = readFileSync(path.resolve(file), 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'EISDIR' || code === 'EACCES') {
      throw new UsageError(`--env-file ${file} cannot be read (${code})`);
    }
    throw error;
  }
  return Object.fromEntries(
    Object.entries(parseEnv(text)).filter(
      (entry): entry is [string, string] => entry[1] !== undefined,
    ),
  );
}

// A function's name as the Supabase CLI allows it, then seconds (fractions allowed for tests and demos).
const SCHEDULE = /^([A-Za-z][A-Za-z0-9_-]*)=(\d+(?:\.\d+)?)$/;

function parseSchedules(entries: readonly string[]): Record<string, number> {
  const schedules: Record<string, number> = {};
  for (const entry of entries) {
    const match = SCHEDULE.exec(entry);
    if (!match) {
      throw new UsageError(
        `--function-schedule must be <function>=<seconds>, e.g. email-sender=60; got "${entry}"`,
      );
    }
    const [, name, seconds] = match as unknown as [string, string, string];
    const everyMs = Math.round(Number(seconds) * 1000);
    if (everyMs < 1 || everyMs > LONGEST_TIMER_MS) {
      throw new UsageError(
        `--function-schedule ${name}: the period must be 0.001 to ${LONGEST_TIMER_MS / 1000} seconds, got ${seconds}`,
      );
    }
    if (Object.hasOwn(schedules, name)) {
      throw new UsageError(`--function-schedule names ${name} twice`);
    }
    schedules[name] = everyMs;
  }
  return schedules;
}

/** The stack options the two flags give, checked before anything starts. */
export function readFunctionSettings(values: {
  'env-file'?: string | undefined;
  'function-schedule'?: string[] | undefined;
}): FunctionSettings {
  const file = values['env-file'];
  const schedules = values['function-schedule'] ?? [];
  return {
    ...(file !== undefined && { functionsEnv: readEnvFile(file) }),
    ...(schedules.length > 0 && { functionSchedules: parseSchedules(schedules) }),
  };
}

/** Whether either flag was given (they mean nothing for a hosted project). */
export function hasFunctionSettings(settings: FunctionSettings): boolean {
  return settings.functionsEnv !== undefined || settings.functionSchedules !== undefined;
}
