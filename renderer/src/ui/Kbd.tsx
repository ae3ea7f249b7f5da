// Key caps: how every shortcut is shown (buttons, menus, the `?` overlay, the command palette).
import type { KeyBinding } from '../app/keys';

const IS_MAC = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.userAgent);

const KEY_NAMES: Readonly<Record<string, string>> = {
  Escape: 'Esc',
  Enter: 'Enter',
  ArrowUp: '↑',
  ArrowDown: '↓',
  ArrowLeft: '←',
  ArrowRight: '→',
  ' ': 'Space',
  Backspace: '⌫',
  Delete: 'Del',
  Tab: 'Tab',
};

/** The caps of one binding, e.g. ['Ctrl', 'K'] or ['⌘', 'K']. */
export function keyCaps(binding: Pick<KeyBinding, 'key' | 'mod'>): string[] {
  const key =
    KEY_NAMES[binding.key] ?? (binding.key.length === 1 ? binding.key.toUpperCase() : binding.key);
  return binding.mod === true ? [IS_MAC ? '⌘' : 'Ctrl', key] : [key];
}

/** The value of aria-keyshortcuts for a binding, e.g. "Control+K". */
export function ariaKeyShortcut(binding: Pick<KeyBinding, 'key' | 'mod'>): string {
  const key =
    binding.key === ' '
      ? 'Space'
      : binding.key.length === 1
        ? binding.key.toUpperCase()
        : binding.key;
  return binding.mod === true ? `${IS_MAC ? 'Meta' : 'Control'}+${key}` : key;
}

interface KbdProps {
  readonly binding: Pick<KeyBinding, 'key' | 'mod'>;
  /** Caps on a dark or accent surface. */
  readonly inverted?: boolean;
  /** Read out (a list of shortcuts); by default the caps are decoration beside a named control. */
  readonly readable?: boolean;
}

export function Kbd({ binding, inverted = false, readable = false }: KbdProps) {
  return (
    <span
      className={inverted ? 'kbd-group kbd-inverted' : 'kbd-group'}
      aria-hidden={readable ? undefined : true}
    >
      {keyCaps(binding).map((cap) => (
        <kbd key={cap} className="kbd">
          {cap}
        </kbd>
      ))}
    </span>
  );
}
