// The signed-in window: top bar, the view's screen, the status bar, and what floats above them.
import { Suspense, useEffect, useMemo, useState } from 'react';
import { useKey, type KeyBinding } from '../keys';
import { PAUSE_REASONS, usePresence } from '../presence';
import { useSession, type SignedInUser } from '../session';
import { useSyncHealth } from '../sync-health';
import { useWorkspace, type View } from '../workspace';
import { signOutWithNotice } from '../../features/session/AccountMenu';
import { followCallbackReminders, followUpdates } from './callback-reminders';
import { CommandPalette } from './CommandPalette';
import type { Command } from './command-search';
import { useNavCounts } from './nav-counts';
import { SessionExpiredBanner } from '../../features/session/SessionExpiredBanner';
import { ShortcutsOverlay } from './ShortcutsOverlay';
import { DownloadProgress, StatusBar } from './StatusBar';
import { SYNC_NOW_BINDING } from '../../features/sync/SyncStatus';
import { Toasts } from './Toasts';
import { ScreenBoundary } from './ScreenBoundary';
import { PALETTE_BINDING, SHORTCUTS_BINDING, TopBar } from './TopBar';
import { firstViewFor, isCaller, viewsFor } from './view-access';
import { VIEW_ENTRIES } from './views';
import { APP_SHORTCUTS } from '../../../../src/contract/app-shortcuts';
import './shell.css';
import './overlays.css';

const PAUSE_BINDING = APP_SHORTCUTS.pause;

type Overlay = 'palette' | 'shortcuts' | null;

/** One registered key as a component, so a list of views can each register theirs. */
function KeyCommand({ binding, run }: { readonly binding: KeyBinding; readonly run: () => void }) {
  useKey(binding, run);
  return null;
}

function presenceCommands(): Command[] {
  return [
    {
      id: 'presence:toggle',
      title: 'Pause or resume',
      group: 'Presence',
      binding: PAUSE_BINDING,
      run: () => void usePresence.getState().togglePause(),
    },
    {
      id: 'presence:ready',
      title: 'Ready',
      group: 'Presence',
      run: () => void usePresence.getState().choose({ state: 'ready' }),
    },
    ...PAUSE_REASONS.map((reason) => ({
      id: `presence:pause:${reason}`,
      title: `Pause · ${reason}`,
      group: 'Presence',
      run: () => void usePresence.getState().choose({ state: 'paused', pause_reason: reason }),
    })),
  ];
}

function useShellCommands(
  views: readonly View[],
  withPresence: boolean,
  openShortcuts: () => void,
): readonly Command[] {
  const showView = useWorkspace((state) => state.showView);
  return useMemo(() => {
    return [
      ...views.map((view) => {
        const { label, key } = VIEW_ENTRIES[view];
        return {
          id: `view:${view}`,
          title: label,
          group: 'Go to',
          ...(key === undefined ? {} : { binding: { key, mod: true } }),
          run: () => showView(view),
        };
      }),
      ...(withPresence ? presenceCommands() : []),
      {
        id: 'sync:now',
        title: 'Sync now',
        group: 'Sync',
        binding: SYNC_NOW_BINDING,
        run: () => void useSyncHealth.getState().syncNow(),
      },
      {
        id: 'shortcuts',
        title: 'Keyboard shortcuts',
        group: 'Help',
        binding: SHORTCUTS_BINDING,
        run: openShortcuts,
      },
      {
        id: 'session:sign-out',
        title: 'Sign out',
        group: 'Account',
        run: () => void signOutWithNotice(),
      },
    ];
  }, [views, withPresence, showView, openShortcuts]);
}

export function Shell({ user }: { readonly user: SignedInUser }) {
  const view = useWorkspace((state) => state.view);
  const expired = useSession((state) => state.session.status === 'expired');
  const [overlay, setOverlay] = useState<Overlay>(null);
  const views = useMemo(() => viewsFor(user.role), [user.role]);
  const openShortcuts = useMemo(() => () => setOverlay('shortcuts'), []);
  const caller = isCaller(user.role);
  const commands = useShellCommands(views, caller, openShortcuts);

  useEffect(() => {
    const stops = [
      useSyncHealth.getState().follow(),
      useNavCounts.getState().follow(),
      followCallbackReminders(),
      followUpdates(),
      ...(caller ? [usePresence.getState().follow()] : []),
    ];
    return () => stops.forEach((stop) => stop());
  }, [caller]);

  // A role without the current view (a candidate has no queue) lands on its first one.
  useEffect(() => {
    const { view: current, showView } = useWorkspace.getState();
    if (!viewsFor(user.role).includes(current)) showView(firstViewFor(user.role));
  }, [user.role]);

  // The app-wide keys are declared in src/contract so the desktop menu lists the same ones.
  useKey(PALETTE_BINDING, () => setOverlay('palette'));
  useKey(SHORTCUTS_BINDING, () => setOverlay('shortcuts'));
  useKey(SYNC_NOW_BINDING, () => void useSyncHealth.getState().syncNow());
  useKey(PAUSE_BINDING, () => void usePresence.getState().togglePause(), caller);

  // The window's title names the view, as the taskbar and the window switcher show it.
  useEffect(() => {
    document.title = `${VIEW_ENTRIES[view].label} · TalentG Workstation`;
  }, [view]);

  const Screen = VIEW_ENTRIES[view].Screen;

  return (
    <div className="shell">
      {views.map((entryView) => {
        const { key, label } = VIEW_ENTRIES[entryView];
        return key === undefined ? null : (
          <KeyCommand
            key={entryView}
            binding={{ key, mod: true, description: label, group: 'Go to' }}
            run={() => useWorkspace.getState().showView(entryView)}
          />
        );
      })}
      <TopBar
        user={user}
        onOpenPalette={() => setOverlay('palette')}
        onOpenShortcuts={openShortcuts}
      />
      <DownloadProgress />
      {expired && <SessionExpiredBanner user={user} />}
      <main className="work-area" id="work-area">
        <ScreenBoundary name={VIEW_ENTRIES[view].label}>
          <Suspense fallback={<div className="screen-loading" aria-busy="true" />}>
            <Screen />
          </Suspense>
        </ScreenBoundary>
      </main>
      <StatusBar />
      <Toasts />
      <CommandPalette
        open={overlay === 'palette'}
        onClose={() => setOverlay(null)}
        commands={commands}
      />
      <ShortcutsOverlay open={overlay === 'shortcuts'} onClose={() => setOverlay(null)} />
    </div>
  );
}
