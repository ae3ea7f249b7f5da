import { UsageError, type Command } from './command.js';
import { benchCommand } from './not-built-yet.js';
import { stackCommand } from './stack-command.js';
import { startCommand } from './start-command.js';
import { workstationCommand } from './workstation-command.js';

const commands: Command[] = [startCommand, stackCommand, workstationCommand, benchCommand];

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
  const command = commands.find((candidate) => candidate.name === name);
  if (!command) {
    console.error(`talentg: unknown command "${name}"\n\n${usage}`);
    return 2;
  }
  try {
    return await command.run(rest);
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
