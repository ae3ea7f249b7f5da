import { UsageError, type Command } from './command.js';

interface CommandEntry {
  readonly name: string;
  readonly summary: string;
  /** Each command loads its own modules: `talentg workstation status` never loads the stack or PGlite. */
  load(): Promise<Command>;
}

const commands: readonly CommandEntry[] = [
  {
    name: 'start',
    summary: 'the workstation with demo data (Electron, or the browser without its runtime)',
    load: async () => (await import('./start-command.js')).startCommand,
  },
  {
    name: 'stack',
    summary: 'serve the embedded Supabase-compatible stack and print its URL and keys as JSON',
    load: async () => (await import('./stack-command.js')).stackCommand,
  },
  {
    name: 'workstation',
    summary:
      'the headless workstation core: login, queue, log-call, sync, status, doctor, import-leads, distribute',
    load: async () => (await import('./workstation-command.js')).workstationCommand,
  },
  {
    name: 'release',
    summary: 'publish installers and stage or pull updates (admins): publish, promote, pull',
    load: async () => (await import('./release-command.js')).releaseCommand,
  },
  {
    name: 'bench',
    summary: 'the benchmarks (not implemented yet; `npm run bench` runs them)',
    load: async () => (await import('./not-built-yet.js')).benchCommand,
  },
];

const usage = `Usage: talentg <command> [options]

Commands:
${commands.map((command) => `  ${command.name.padEnd(12)} ${command.summary}`).join('\n')}

Run \`talentg <command> --help\` for a command's options.`;

/** Runs `talentg <argv>` and resolves to the exit code: 0 ok, 1 failure, 2 wrong usage or not built yet. */
export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined) {
    console.error(usage);
    return 2;
  }
  if (name === '--help' || name === '-h' || name === 'help') {
    console.log(usage);
    return 0;
  }
  const entry = commands.find((candidate) => candidate.name === name);
  if (!entry) {
    console.error(`talentg: unknown command "${name}"\n\n${usage}`);
    return 2;
  }
  try {
    return await (await entry.load()).run(rest);
  } catch (error) {
    if (error instanceof UsageError) {
      console.error(
        `talentg ${name}: ${error.message}\nRun \`talentg ${name} --help\` for its options.`,
      );
      return 2;
    }
    // The message is for the person; the stack only when asked for (TALENTG_DEBUG=1).
    const detail = process.env.TALENTG_DEBUG ? (error as Error).stack : (error as Error).message;
    console.error(`talentg ${name}: ${detail ?? String(error)}`);
    return 1;
  }
}
