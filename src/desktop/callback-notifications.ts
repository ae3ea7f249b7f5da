// A callback coming due is an OS notification too, so it reaches a telecaller whose window is behind
// another; clicking it brings the window forward with that lead open.
import type { CoreEvent } from '../contract/events';
import type { OpenLead } from './lead-opener';

export interface ShownNotification {
  readonly title: string;
  readonly body: string;
  readonly onClick: () => void;
}

/** Electron's Notification behind two calls, so the logic runs with a fake in plain Node. */
export interface Notifier {
  isSupported(): boolean;
  show(notification: ShownNotification): void;
}

export type SubscribeEvents = (listener: (event: CoreEvent) => void) => () => void;

/** Shows one notification per callback:due until the returned function is called. */
export function notifyCallbacksDue(
  subscribe: SubscribeEvents,
  notifier: Notifier,
  openLead: OpenLead,
): () => void {
  if (!notifier.isSupported()) return () => undefined;
  return subscribe((event) => {
    if (event.event !== 'callback:due') return;
    const { callback } = event.payload;
    const note = callback.note.trim();
    notifier.show({
      title: `Callback due: ${callback.lead_name}`,
      body: note === '' ? 'Open TalentG to call back now.' : note,
      onClick: () => void openLead(callback.lead_id),
    });
  });
}
