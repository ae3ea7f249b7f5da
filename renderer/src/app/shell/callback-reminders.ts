// A callback coming due raises a toast that opens its lead: the promise is kept even mid-call elsewhere.
import type { WireCallbackWithLead } from '../../../../src/contract/records';
import { listenToCore } from '../core-events';
import { toast } from '../toasts';
import { useWorkspace } from '../workspace';

function openLeadInQueue(leadId: string): void {
  const workspace = useWorkspace.getState();
  workspace.openLead(leadId);
  workspace.showView('queue');
}

function openCallbackLead(callback: WireCallbackWithLead): void {
  openLeadInQueue(callback.lead_id);
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

/**
 * The desktop shell downloaded and verified an update: say so once, and that it installs on quit, so
 * nobody is surprised by a new version after closing the app at the end of a shift.
 */
export function followUpdates(): () => void {
  return listenToCore('update:ready', ({ version }) => {
    toast({
      tone: 'info',
      title: `TalentG ${version} is ready`,
      body: 'It installs when you quit the app; your work and unsynced calls are kept.',
      timeoutMs: null,
    });
  });
}

/** The shell's lead:open (an OS notification clicked, a talentg://lead link) opens that lead in the queue. */
export function followLeadLinks(): () => void {
  return listenToCore('lead:open', ({ lead_id }) => openLeadInQueue(lead_id));
}
