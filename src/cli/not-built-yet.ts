import type { Command } from './command.js';

/** A command that DESIGN.md section 7 promises but a later issue builds: say so, exit 2, never fake it. */
export function notBuiltYet(name: string, summary: string, plannedUsage: string): Command {
  const usage = `${plannedUsage}\n\nNot implemented yet: ${summary} lands in a later issue.`;
  return {
    name,
    usage,
    async run(argv) {
      if (argv.includes('--help') || argv.includes('-h')) {
        console.log(usage);
        return 0;
      }
      console.error(`talentg ${name}: not implemented yet (${summary} lands in a later issue)`);
      return 2;
    },
  };
}

export const benchCommand = notBuiltYet(
  'bench',
  'the benchmarks',
  `Usage: talentg bench [--json]

Prints the benchmark figures; with --json one object {"<metric>": {"value","unit","target","baseline"?}}.`,
);
