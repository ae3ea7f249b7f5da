// A callback coming due raises a toast that opens its lead: the promise is kept even mid-call elsewhere.
import type { WireCallbackWithLead } from '../../../../src/contract/records';
import { listenToCore } from '../core-events';
import { toast } from '../toasts';
import { useWorkspace } from '../workspace';

function openCallbackLead(callback: WireCallbackWithLead): void {
  const workspace = useWorkspace.getState();
  workspace.openLead(callback.lead_id);
  workspace.showView('queue');
}

/** Starts raising reminders for callback:due; returns the stop. */
export function followCallbackReminders(): () => void {
  return listenToCore('callback:due', ({ callback }) => {
    toast({
      tone: 'info',
      title: `Callback due · ${callback.lead_name}`,
      ...(callback.note.trim() === '' ? {} : { body: callback.note.trim() }),
      action: { label: 'Open lead', run: () => openCallbackLead(callback) },
      // A promise to call stays on screen until the person acts on it or waves it away.
      timeoutMs: null,
    });
  });
}
