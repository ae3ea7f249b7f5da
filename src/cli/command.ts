import { parseArgs, type ParseArgsConfig } from 'node:util';

/** Wrong arguments: the CLI prints the message with the usage and exits 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** One `talentg` subcommand; run resolves to the process exit code. */
export interface Command {
  name: string;
  usage: string;
  run(argv: string[]): Promise<number>;
}

type Options = NonNullable<ParseArgsConfig['options']>;

/** parseArgs' message for `--duration -5` is about ambiguity; say what the value was and how to pass it. */
function plainParseError(error: Error, argv: readonly string[]): string {
  const ambiguous = /^Option '(--[\w-]+)[^']*' argument is ambiguous/.exec(error.message);
  if (ambiguous === null) return error.message;
  const option = ambiguous[1] ?? '';
  const value = argv[argv.indexOf(option) + 1] ?? '';
  return `${option} got "${value}", which looks like an option; a value starting with "-" is written ${option}=${value}`;
}

/** node:util parseArgs in strict mode, with its errors turned into UsageError. */
export function parseCommandArgs<T extends Options>(argv: string[], options: T) {
  try {
    return parseArgs({ args: argv, options, strict: true, allowPositionals: true });
  } catch (error) {
    const code = (error as { code?: string }).code ?? '';
    if (code.startsWith('ERR_PARSE_ARGS_'))
      throw new UsageError(plainParseError(error as Error, argv));
    throw error;
  }
}
