// The tray: who is signed in, presence, and sync health at a glance, with Ready and Pause one click
// away, so a telecaller can go on break without bringing the window forward.
import type { CoreClient } from '../contract/core-client';
import type { Presence } from '../contract/operations/presence';
import type { SessionState } from '../contract/operations/session';
import type { SyncProgress } from '../contract/operations/sync';
import { PAUSE_REASONS, PRESENCE_LABELS } from '../contract/presence-words';

export interface TrayStatus {
  readonly session: SessionState['status'] | 'starting';
  readonly presence: Presence | null;
  readonly sync: SyncProgress | null;
}

export type TrayAction =
  | { readonly kind: 'show-window' }
  | { readonly kind: 'ready' }
  | { readonly kind: 'pause'; readonly reason: string }
  | { readonly kind: 'quit' };

export type TrayItem =
  | { readonly type: 'separator' }
  | {
      readonly type: 'item';
      readonly label: string;
      readonly enabled: boolean;
      readonly action?: TrayAction;
      readonly submenu?: readonly TrayItem[];
    };

export interface TrayView {
  readonly tooltip: string;
  readonly items: readonly TrayItem[];
}

const SEPARATOR: TrayItem = { type: 'separator' };

function pendingWords(sync: SyncProgress | null): string {
  if (sync === null) return 'sync not started';
  const waiting =
    sync.pending === 0
      ? 'all changes synced'
      : `${sync.pending} change${sync.pending === 1 ? '' : 's'} waiting to sync`;
  return sync.phase === 'offline' ? `offline, ${waiting}` : waiting;
}

function presenceWords(status: TrayStatus): string {
  if (status.session === 'starting') return 'starting';
  if (status.session === 'signed_out') return 'signed out';
  if (status.presence === null) return 'presence unknown';
  const label = PRESENCE_LABELS[status.presence.state];
  return status.presence.pause_reason === null
    ? label
    : `${label} · ${status.presence.pause_reason}`;
}

function statusLines(status: TrayStatus): readonly string[] {
  const lines = [presenceWords(status), pendingWords(status.sync)];
  const dead = status.sync?.dead_letters ?? 0;
  if (dead > 0) lines.push(`${dead} change${dead === 1 ? '' : 's'} refused: open the app`);
  if (status.session === 'expired') lines.push('session expired: sign in again to sync');
  return lines;
}

/** Ready comes back from a pause; a pause starts from ready. A call and its wrap-up are the window's. */
function presenceItems(status: TrayStatus): readonly TrayItem[] {
  const state = status.session === 'signed_out' ? null : (status.presence?.state ?? null);
  return [
    { type: 'item', label: 'Ready', enabled: state === 'paused', action: { kind: 'ready' } },
    {
      type: 'item',
      label: 'Pause',
      enabled: state === 'ready',
      submenu: PAUSE_REASONS.map((reason) => ({
        type: 'item' as const,
        label: reason,
        enabled: state === 'ready',
        action: { kind: 'pause' as const, reason },
      })),
    },
  ];
}

export function trayView(status: TrayStatus): TrayView {
  const lines = statusLines(status);
  return {
    tooltip: ['TalentG Workstation', ...lines].join('\n'),
    items: [
      ...lines.map((label): TrayItem => ({ type: 'item', label, enabled: false })),
      SEPARATOR,
      ...presenceItems(status),
      SEPARATOR,
      { type: 'item', label: 'Open TalentG', enabled: true, action: { kind: 'show-window' } },
      { type: 'item', label: 'Quit', enabled: true, action: { kind: 'quit' } },
    ],
  };
}

/** Electron's Tray (setToolTip, setContextMenu) behind one call. */
export interface TrayAdapter {
  render(view: TrayView): void;
}

export interface TrayDeps {
  readonly client: CoreClient;
  readonly tray: TrayAdapter;
  readonly showWindow: () => void;
  readonly quit: () => void;
  /** Where a refused Ready or Pause goes; the tray has no room to show it. */
  readonly warn: (message: string) => void;
}

export interface TrayController {
  run(action: TrayAction): Promise<void>;
  /** Asks the core again for everything the tray shows. */
  refresh(): Promise<void>;
  stop(): void;
}

/** Keeps the tray in step with the core's events and runs what its menu offers. */
export function followTray({ client, tray, showWindow, quit, warn }: TrayDeps): TrayController {
  let status: TrayStatus = { session: 'starting', presence: null, sync: null };
  const update = (next: Partial<TrayStatus>): void => {
    status = { ...status, ...next };
    tray.render(trayView(status));
  };
  const refreshPresence = async (): Promise<void> => {
    const answer = await client.presence.state();
    update({ presence: answer.success ? answer.data : null });
  };
  const refresh = async (): Promise<void> => {
    const [session, sync] = await Promise.all([client.session.state(), client.sync.status()]);
    update({
      session: session.success ? session.data.status : 'starting',
      sync: sync.success ? sync.data : null,
    });
    await refreshPresence();
  };
  const stops = [
    client.on('presence:changed', (presence) => update({ presence })),
    client.on('sync:progress', (sync) => update({ sync })),
    client.on('session:changed', (session) => {
      update({
        session: session.status,
        ...(session.status === 'signed_out' ? { presence: null } : {}),
      });
      if (session.status !== 'signed_out') void refreshPresence();
    }),
  ];
  update({});
  return {
    refresh,
    run: async (action) => {
      if (action.kind === 'show-window') return showWindow();
      if (action.kind === 'quit') return quit();
      const answer = await client.presence.set(
        action.kind === 'ready'
          ? { state: 'ready' }
          : { state: 'paused', pause_reason: action.reason },
      );
      if (answer.success) update({ presence: answer.data });
      else warn(`The tray could not set presence: ${answer.error.message} (${answer.error.code})`);
    },
    stop: () => stops.forEach((stop) => stop()),
  };
}
