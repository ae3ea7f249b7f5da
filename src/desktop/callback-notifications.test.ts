import { describe, expect, it } from 'vitest';
import { coreEvent } from '../contract/events';
import { EVENT_EXAMPLES } from '../../tests/support/contract-examples';
import { fakeEvents, fakeWindow } from '../../tests/support/fake-shell';
import { notifyCallbacksDue, type ShownNotification } from './callback-notifications';
import { leadOpener } from './lead-opener';

const due = EVENT_EXAMPLES['callback:due'].payload;

function rig(options: { supported?: boolean; minimized?: boolean; visible?: boolean } = {}) {
  const events = fakeEvents();
  const window = fakeWindow(options);
  const shown: ShownNotification[] = [];
  const stop = notifyCallbacksDue(
    events.subscribe,
    { isSupported: () => options.supported ?? true, show: (n) => void shown.push(n) },
    leadOpener(() => window),
  );
  return { events, window, shown, stop };
}

describe('callback notifications', () => {
  it('shows one OS notification per callback:due, titled with the lead, the note as body', () => {
    const { events, shown } = rig();
    events.emit(coreEvent('callback:due', due));
    events.emit(coreEvent('cache:changed', EVENT_EXAMPLES['cache:changed'].payload));
    expect(shown).toHaveLength(1);
    expect(shown[0]?.title).toBe(`Callback due: ${due.callback.lead_name}`);
    expect(shown[0]?.body).toBe(due.callback.note.trim() || 'Open TalentG to call back now.');
  });

  it('clicking it restores and focuses the window and tells the renderer to open that lead', () => {
    const { events, shown, window } = rig({ minimized: true });
    events.emit(coreEvent('callback:due', due));
    shown[0]?.onClick();
    expect(window.calls).toEqual(['restore', 'focus']);
    expect(window.sent).toEqual([coreEvent('lead:open', { lead_id: due.callback.lead_id })]);
  });

  it('shows a window hidden to the tray before focusing it', () => {
    const { events, shown, window } = rig({ visible: false });
    events.emit(coreEvent('callback:due', due));
    shown[0]?.onClick();
    expect(window.calls).toEqual(['show', 'focus']);
  });

  it('a click after the window closed does nothing and sends nothing', () => {
    const { events, shown, window } = rig();
    events.emit(coreEvent('callback:due', due));
    window.destroyed = true;
    shown[0]?.onClick();
    expect(window.calls).toEqual([]);
    expect(window.sent).toEqual([]);
  });

  it('falls back to a fixed body when the note is blank', () => {
    const { events, shown } = rig();
    events.emit(coreEvent('callback:due', { callback: { ...due.callback, note: '   ' } }));
    expect(shown[0]?.body).toBe('Open TalentG to call back now.');
  });

  it('listens to nothing where the OS has no notifications, and stops when asked', () => {
    const unsupported = rig({ supported: false });
    expect(unsupported.events.listeners).toBe(0);
    const supported = rig();
    supported.stop();
    supported.events.emit(coreEvent('callback:due', due));
    expect(supported.shown).toEqual([]);
  });
});

describe('lead opener', () => {
  it('refuses an id that is not a lead id, leaving the window alone', () => {
    const window = fakeWindow();
    expect(leadOpener(() => window)('../etc/passwd')).toBe(false);
    expect(window.calls).toEqual([]);
    expect(window.sent).toEqual([]);
  });

  it('answers false with no window', () => {
    expect(leadOpener(() => null)(due.callback.lead_id)).toBe(false);
  });
});
