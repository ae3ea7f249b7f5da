// The application menu: the standard edit and window roles (copy and paste need them on macOS) and a
// Keyboard shortcuts menu listing the app-wide keys. Their accelerators are labels only: the page owns
// its keys, so a menu accelerator must never swallow a `?` typed into the notes field.
import { APP_SHORTCUTS, type AppShortcut } from '../contract/app-shortcuts';

/** The subset of Electron's MenuItemConstructorOptions the shell uses, kept plain for tests. */
export interface MenuEntry {
  readonly label?: string;
  readonly role?: string;
  readonly type?: 'separator';
  readonly accelerator?: string;
  readonly registerAccelerator?: boolean;
  readonly enabled?: boolean;
  readonly submenu?: readonly MenuEntry[];
}

/** `CmdOrCtrl+K`, `?`: Electron's accelerator syntax for a key of the renderer's map. */
export function acceleratorOf(shortcut: Pick<AppShortcut, 'key' | 'mod'>): string {
  const key = shortcut.key.length === 1 ? shortcut.key.toUpperCase() : shortcut.key;
  return shortcut.mod === true ? `CmdOrCtrl+${key}` : key;
}

function shortcutEntries(): MenuEntry[] {
  return Object.values(APP_SHORTCUTS).map((shortcut: AppShortcut) => ({
    label: shortcut.description,
    accelerator: acceleratorOf(shortcut),
    registerAccelerator: false,
    enabled: false,
  }));
}

export interface AppMenuOptions {
  readonly platform: NodeJS.Platform;
  readonly appName: string;
  /** Reload and the developer tools are for a build run from source. */
  readonly development: boolean;
}

export function appMenuTemplate({ platform, appName, development }: AppMenuOptions): MenuEntry[] {
  const mac = platform === 'darwin';
  const view: MenuEntry[] = [
    ...(development
      ? [{ role: 'reload' }, { role: 'toggleDevTools' }, { type: 'separator' as const }]
      : []),
    { role: 'resetZoom' },
    { role: 'zoomIn' },
    { role: 'zoomOut' },
    { type: 'separator' },
    { role: 'togglefullscreen' },
  ];
  return [
    ...(mac
      ? [
          {
            label: appName,
            submenu: [
              { role: 'about' },
              { type: 'separator' as const },
              { role: 'hide' },
              { role: 'quit' },
            ],
          },
        ]
      : []),
    { label: 'File', submenu: [mac ? { role: 'close' } : { role: 'quit' }] },
    { role: 'editMenu' },
    { label: 'View', submenu: view },
    { role: 'windowMenu' },
    {
      label: 'Keyboard shortcuts',
      submenu: [
        ...shortcutEntries(),
        { type: 'separator' },
        { label: 'Press ? in the window for every key of the screen you are on', enabled: false },
      ],
    },
  ];
}
