// Ctrl+K: every action by name, the shell's and each feature's registered keys, run with Enter.
import { useEffect, useId, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { Dialog } from '../../ui/Dialog';
import { Kbd } from '../../ui/Kbd';
import { useKeyMap } from '../keys';
import { filterCommands, type Command } from './command-search';
import { SearchIcon } from './icons';
import { listBindings, SHELL_GROUPS } from './key-listing';

type RegisteredBinding = ReturnType<typeof useKeyMap.getState>['bindings'][number];

/** Feature keys become commands; the shell's own are already in `commands` with nicer titles. */
function featureCommands(bindings: readonly RegisteredBinding[]): Command[] {
  return listBindings(bindings)
    .filter(({ group }) => !(SHELL_GROUPS as readonly string[]).includes(group))
    .flatMap(({ group, actions }) =>
      // One command per action: its first key stands for the others.
      actions.flatMap(({ bindings: [binding] }) =>
        binding === undefined
          ? []
          : [
              {
                id: `key:${binding.id}`,
                title: binding.description,
                group,
                binding,
                // The handler expects its key press; give it one, as if the key had been pressed.
                run: () =>
                  binding.run(
                    new window.KeyboardEvent('keydown', {
                      key: binding.key,
                      ctrlKey: binding.mod === true,
                    }),
                  ),
              },
            ],
      ),
    );
}

interface PaletteProps {
  readonly onClose: () => void;
  readonly commands: readonly Command[];
}

function Palette({ onClose, commands }: PaletteProps) {
  const [query, setQuery] = useState('');
  const [active, setActive] = useState(0);
  const bindings = useKeyMap((state) => state.bindings);
  const listId = useId();
  const listRef = useRef<HTMLUListElement>(null);
  const all = useMemo(() => [...commands, ...featureCommands(bindings)], [commands, bindings]);
  const shown = filterCommands(all, query);
  const activeIndex = Math.min(active, Math.max(0, shown.length - 1));
  const activeCommand = shown[activeIndex];

  useEffect(() => {
    listRef.current?.querySelector('[aria-selected="true"]')?.scrollIntoView({ block: 'nearest' });
  }, [activeIndex, query]);

  const run = (command: Command): void => {
    onClose();
    // After the dialog has closed and focus is back where it was, so the command acts on the work area.
    window.setTimeout(command.run, 0);
  };

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>): void => {
    const last = shown.length - 1;
    if (event.key === 'ArrowDown' || (event.key === 'n' && event.ctrlKey)) {
      setActive(activeIndex >= last ? 0 : activeIndex + 1);
    } else if (event.key === 'ArrowUp' || (event.key === 'p' && event.ctrlKey)) {
      setActive(activeIndex <= 0 ? last : activeIndex - 1);
    } else if (event.key === 'Enter') {
      if (activeCommand !== undefined) run(activeCommand);
    } else {
      return;
    }
    event.preventDefault();
  };

  return (
    <div className="palette">
      <div className="palette-search">
        <SearchIcon />
        <input
          autoFocus
          role="combobox"
          aria-label="Search commands"
          aria-expanded="true"
          aria-controls={listId}
          aria-activedescendant={
            activeCommand === undefined ? undefined : `${listId}-${activeCommand.id}`
          }
          placeholder="Type a command…"
          spellCheck={false}
          value={query}
          onChange={(event) => {
            setQuery(event.target.value);
            setActive(0);
          }}
          onKeyDown={onKeyDown}
        />
      </div>
      <ul id={listId} ref={listRef} role="listbox" aria-label="Commands" className="palette-list">
        {shown.map((command, index) => (
          <li
            key={command.id}
            id={`${listId}-${command.id}`}
            role="option"
            aria-selected={index === activeIndex}
            className="palette-item"
            onMouseMove={() => {
              if (index !== activeIndex) setActive(index);
            }}
            onClick={() => run(command)}
          >
            {/* The overlay's group names carry notes in brackets; the palette's column has room for the name. */}
            <span className="palette-group">{command.group.replace(/\s*\(.*\)$/, '')}</span>
            <span className="palette-title">{command.title}</span>
            {command.binding !== undefined && <Kbd binding={command.binding} />}
          </li>
        ))}
        {shown.length === 0 && <li className="palette-empty">No command matches “{query}”.</li>}
      </ul>
    </div>
  );
}

interface CommandPaletteProps extends PaletteProps {
  readonly open: boolean;
}

export function CommandPalette({ open, onClose, commands }: CommandPaletteProps) {
  return (
    <Dialog open={open} onClose={onClose} label="Command palette" className="palette-dialog">
      <Palette onClose={onClose} commands={commands} />
    </Dialog>
  );
}
