import { describe, expect, it } from 'vitest';
import { coreEvent } from '../contract/events';
import type { SessionState } from '../contract/operations/session';
import { OPERATION_EXAMPLES } from '../../tests/support/contract-examples';
import { fakeCore, presenceOf, settle } from '../../tests/support/fake-shell';
import { followTray, trayView, type TrayItem, type TrayView } from './tray-status';

const SIGNED_IN: SessionState = {
  status: 'signed_in',
  user: {
    id: '00000000-0000-4000-8000-000000000003',
    email: 'tc1@talentg.test',
    full_name: 'Telecaller One',
    role: 'telecaller',
  },
  signed_in_at: '2026-11-24T10:00:00.000Z',
};

function labels(items: readonly TrayItem[]): string[] {
  return items.map((item) => (item.type === 'separator' ? '---' : item.label));
}

function item(view: TrayView, label: string) {
  const found = view.items.find((i) => i.type === 'item' && i.label === label);
  if (found === undefined || found.type !== 'item') throw new Error(`no tray item ${label}`);
  return found;
}

function rig(presence = presenceOf('ready')) {
  const core = fakeCore({ presence, session: SIGNED_IN });
  const views: TrayView[] = [];
  const asked: string[] = [];
  const warnings: string[] = [];
  const tray = followTray({
    client: core.client,
    tray: { render: (view) => void views.push(view) },
    showWindow: () => void asked.push('show'),
    quit: () => void asked.push('quit'),
    warn: (message) => void warnings.push(message),
  });
  const last = (): TrayView => {
    const view = views.at(-1);
    if (view === undefined) throw new Error('the tray never rendered');
    return view;
  };
  return { core, views, asked, warnings, tray, last };
}

describe('tray view', () => {
  it('shows presence and the pending-sync count in the tooltip and the menu', () => {
    const view = trayView({
      session: 'signed_in',
      presence: presenceOf('paused', { pause_reason: 'Lunch' }),
      sync: {
        ...OPERATION_EXAMPLES['sync:status'].result,
        pending: 3,
        dead_letters: 0,
        phase: 'offline',
      },
    });
    expect(view.tooltip).toBe(
      'TalentG Workstation\nPaused · Lunch\noffline, 3 changes waiting to sync',
    );
    expect(labels(view.items)).toEqual([
      'Paused · Lunch',
      'offline, 3 changes waiting to sync',
      '---',
      'Ready',
      'Pause',
      '---',
      'Open TalentG',
      'Quit',
    ]);
    expect(item(view, 'Ready').enabled).toBe(true);
    expect(item(view, 'Pause').enabled).toBe(false);
  });

  it('says when everything is synced, and names refused changes and an expired session', () => {
    const sync = {
      ...OPERATION_EXAMPLES['sync:status'].result,
      phase: 'idle' as const,
      done: 0,
      total: 0,
    };
    expect(
      trayView({
        session: 'signed_in',
        presence: presenceOf('ready'),
        sync: { ...sync, pending: 0, dead_letters: 0 },
      }).tooltip,
    ).toBe('TalentG Workstation\nReady\nall changes synced');
    expect(
      trayView({
        session: 'expired',
        presence: presenceOf('ready'),
        sync: { ...sync, pending: 1, dead_letters: 2 },
      }).tooltip,
    ).toBe(
      'TalentG Workstation\nReady\n1 change waiting to sync\n2 changes refused: open the app\nsession expired: sign in again to sync',
    );
  });

  it('offers Pause with each pause code from ready, and neither during a call or signed out', () => {
    const ready = trayView({ session: 'signed_in', presence: presenceOf('ready'), sync: null });
    expect(item(ready, 'Ready').enabled).toBe(false);
    const pause = item(ready, 'Pause');
    expect(pause.enabled).toBe(true);
    expect(pause.submenu?.map((i) => (i.type === 'item' ? i.action : null))).toEqual(
      ['Break', 'Lunch', 'Training', 'Meeting', 'Coaching'].map((reason) => ({
        kind: 'pause',
        reason,
      })),
    );
    const onCall = trayView({ session: 'signed_in', presence: presenceOf('on_call'), sync: null });
    expect([item(onCall, 'Ready').enabled, item(onCall, 'Pause').enabled]).toEqual([false, false]);
    const out = trayView({ session: 'signed_out', presence: presenceOf('paused'), sync: null });
    expect(out.tooltip).toBe('TalentG Workstation\nsigned out\nsync not started');
    expect([item(out, 'Ready').enabled, item(out, 'Pause').enabled]).toEqual([false, false]);
  });
});

describe('following the core', () => {
  it('renders at once, then what the core answers, then each event', async () => {
    const { core, tray, last, views } = rig();
    expect(last().tooltip).toContain('starting');
    await tray.refresh();
    expect(last().tooltip).toBe(
      'TalentG Workstation\nReady\n3 changes waiting to sync\n1 change refused: open the app',
    );
    core.emit(coreEvent('sync:progress', { ...core.state.sync, pending: 0, dead_letters: 0 }));
    expect(last().tooltip).toBe('TalentG Workstation\nReady\nall changes synced');
    core.emit(coreEvent('session:changed', { status: 'signed_out' }));
    expect(last().tooltip).toContain('signed out');
    const rendered = views.length;
    tray.stop();
    core.emit(coreEvent('sync:progress', core.state.sync));
    expect(views).toHaveLength(rendered);
  });

  it('sets presence from the menu: Pause with its code, then Ready', async () => {
    const { core, tray, last } = rig();
    await tray.refresh();
    await tray.run({ kind: 'pause', reason: 'Lunch' });
    expect(core.calls.at(-1)).toEqual({
      op: 'presence:set',
      args: { state: 'paused', pause_reason: 'Lunch' },
    });
    expect(last().items[0]).toMatchObject({ label: 'Paused · Lunch' });
    await tray.run({ kind: 'ready' });
    expect(core.state.presence.state).toBe('ready');
    expect(last().items[0]).toMatchObject({ label: 'Ready' });
  });

  it('leaves a warning, not a crash, when the core refuses a presence change', async () => {
    const { core, tray, warnings } = rig();
    core.state.refuseSet = { code: 'NOT_SIGNED_IN', message: 'Sign in first.' };
    await tray.run({ kind: 'ready' });
    expect(warnings).toEqual(['The tray could not set presence: Sign in first. (NOT_SIGNED_IN)']);
  });

  it('Open and Quit go to the shell', async () => {
    const { tray, asked } = rig();
    await tray.run({ kind: 'show-window' });
    await tray.run({ kind: 'quit' });
    await settle();
    expect(asked).toEqual(['show', 'quit']);
  });
});
