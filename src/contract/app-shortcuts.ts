// The keys that work anywhere in the window, declared once: the renderer registers them and the
// desktop shell's menu lists them (the rest of the key map lives with each screen, shown by `?`).

export interface AppShortcut {
  /** KeyboardEvent.key; letters match either case. */
  readonly key: string;
  /** Also needs Ctrl (Cmd on macOS). */
  readonly mod?: boolean;
  readonly description: string;
  readonly group: 'Anywhere';
  /** Fires even while typing in a text field. */
  readonly inInputs?: boolean;
}

export const APP_SHORTCUTS = {
  palette: {
    key: 'k',
    mod: true,
    description: 'Command palette',
    group: 'Anywhere',
    inInputs: true,
  },
  shortcuts: { key: '?', description: 'Keyboard shortcuts', group: 'Anywhere' },
  syncNow: { key: 's', mod: true, description: 'Sync now', group: 'Anywhere', inInputs: true },
  pause: { key: 'p', mod: true, description: 'Pause or resume', group: 'Anywhere', inInputs: true },
} as const satisfies Readonly<Record<string, AppShortcut>>;
