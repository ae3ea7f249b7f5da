import { describe, expect, it } from 'vitest';
import { acceleratorOf, appMenuTemplate, type MenuEntry } from './app-menu';

const labels = (entries: readonly MenuEntry[]) => entries.map((e) => e.label ?? e.role ?? e.type);

describe('application menu', () => {
  it('lists the app-wide shortcuts with their keys, as labels that never take the key from the page', () => {
    const menu = appMenuTemplate({ platform: 'win32', appName: 'TalentG', development: false });
    const shortcuts = menu.find((entry) => entry.label === 'Keyboard shortcuts')?.submenu ?? [];
    expect(shortcuts.slice(0, 4)).toEqual([
      {
        label: 'Command palette',
        accelerator: 'CmdOrCtrl+K',
        registerAccelerator: false,
        enabled: false,
      },
      { label: 'Keyboard shortcuts', accelerator: '?', registerAccelerator: false, enabled: false },
      { label: 'Sync now', accelerator: 'CmdOrCtrl+S', registerAccelerator: false, enabled: false },
      {
        label: 'Pause or resume',
        accelerator: 'CmdOrCtrl+P',
        registerAccelerator: false,
        enabled: false,
      },
    ]);
  });

  it('has the app menu on macOS only, and reload and devtools only in development', () => {
    const mac = appMenuTemplate({ platform: 'darwin', appName: 'TalentG', development: false });
    const win = appMenuTemplate({ platform: 'win32', appName: 'TalentG', development: true });
    expect(labels(mac)).toEqual([
      'TalentG',
      'File',
      'editMenu',
      'View',
      'windowMenu',
      'Keyboard shortcuts',
    ]);
    expect(labels(win)[0]).toBe('File');
    const viewOf = (menu: MenuEntry[]) =>
      labels(menu.find((e) => e.label === 'View')?.submenu ?? []);
    expect(viewOf(win)).toContain('toggleDevTools');
    expect(viewOf(mac)).not.toContain('toggleDevTools');
  });

  it('writes keys in Electron accelerator syntax', () => {
    expect(acceleratorOf({ key: 'Enter' })).toBe('Enter');
    expect(acceleratorOf({ key: 'j' })).toBe('J');
    expect(acceleratorOf({ key: '1', mod: true })).toBe('CmdOrCtrl+1');
  });
});
