// The command palette's list: every action the window offers, narrowed by what the person types.
import type { ListedBinding } from './key-listing';

export interface Command {
  readonly id: string;
  readonly title: string;
  /** Shown beside the title and matched too, e.g. 'Go to', 'Presence', 'Queue'. */
  readonly group: string;
  readonly binding?: Pick<ListedBinding, 'key' | 'mod'>;
  readonly run: () => void;
}

function rank(command: Command, query: string, firstTerm: string): number {
  const title = command.title.toLowerCase();
  if (title.startsWith(query)) return 0;
  if (title.split(/[\s·:]+/).some((word) => word.startsWith(firstTerm))) return 1;
  return 2;
}

/** Commands whose title and group hold every typed word; titles that start with it come first. */
export function filterCommands(commands: readonly Command[], typed: string): Command[] {
  const query = typed.trim().toLowerCase();
  if (query === '') return [...commands];
  const terms = query.split(/\s+/);
  const firstTerm = terms[0] ?? '';
  return commands
    .filter((command) => {
      const text = `${command.title} ${command.group}`.toLowerCase();
      return terms.every((term) => text.includes(term));
    })
    .map((command, index) => ({ command, index, rank: rank(command, query, firstTerm) }))
    .sort((a, b) => a.rank - b.rank || a.index - b.index)
    .map(({ command }) => command);
}
