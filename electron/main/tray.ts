// Electron's Tray and Menu under src/desktop's tray logic: the view becomes a menu, a click an action.
import { Menu, Tray, nativeImage, type MenuItemConstructorOptions } from 'electron';
import type { CoreClient } from '../../src/contract/core-client';
import {
  followTray,
  type TrayAction,
  type TrayController,
  type TrayItem,
} from '../../src/desktop/tray-status';
import iconPath from '../../resources/icon.png?asset';

function menuItems(
  items: readonly TrayItem[],
  run: (action: TrayAction) => void,
): MenuItemConstructorOptions[] {
  return items.map((item): MenuItemConstructorOptions => {
    if (item.type === 'separator') return { type: 'separator' };
    const { action, submenu } = item;
    return {
      label: item.label,
      enabled: item.enabled,
      ...(action === undefined ? {} : { click: () => run(action) }),
      ...(submenu === undefined ? {} : { submenu: menuItems(submenu, run) }),
    };
  });
}

export function startTray(
  client: CoreClient,
  shell: { showWindow: () => void; quit: () => void },
): TrayController & { destroy(): void } {
  const tray = new Tray(nativeImage.createFromPath(iconPath).resize({ width: 16, height: 16 }));
  tray.on('click', shell.showWindow);
  let controller: TrayController | null = null;
  const run = (action: TrayAction): void => void controller?.run(action);
  controller = followTray({
    client,
    ...shell,
    warn: (message) => console.warn(`[talentg] ${message}`),
    tray: {
      render: ({ tooltip, items }) => {
        tray.setToolTip(tooltip);
        tray.setContextMenu(Menu.buildFromTemplate(menuItems(items, run)));
      },
    },
  });
  void controller.refresh();
  const started = controller;
  return { ...started, destroy: () => (started.stop(), tray.destroy()) };
}
