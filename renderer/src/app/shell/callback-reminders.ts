// A callback coming due raises a toast that opens its lead: the promise is kept even mid-call elsewhere.
import type { WireCallbackWithLead } from '../../../../src/contract/records';
import { core } from '../client';
import { listenToCore } from '../core-events';
import { holdLeadLinks } from '../lead-link-hold';
import { useSession, userOf } from '../session';
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

/**
 * The shell's lead:open (an OS notification clicked, a talentg://lead link) opens that lead in the queue
 * once someone is signed in and it is in their cache; followed from the app's root, so a link that
 * arrives at the sign-in screen is held, not dropped (lead-link-hold.ts).
 */
export function followLeadLinks(): () => void {
  const links = holdLeadLinks({
    findLead: async (leadId) => {
      const answer = await core().leads.get({ lead_id: leadId });
      if (answer.success) return 'found';
      return answer.error.code === 'LEAD_NOT_FOUND' ? 'missing' : { reason: answer.error.message };
    },
    open: openLeadInQueue,
    drop: (reason) => toast({ tone: 'warning', title: 'Could not open the lead', body: reason }),
    now: () => Date.now(),
  });
  const signedIn = () => userOf(useSession.getState().session) !== null;
  links.session(signedIn());
  const stops = [
    useSession.subscribe(() => links.session(signedIn())),
    listenToCore('lead:open', ({ lead_id }) => links.arrived(lead_id)),
    listenToCore('sync:progress', ({ last_pull_at }) => links.pulled(last_pull_at)),
    listenToCore('cache:changed', ({ lead_ids }) => links.cacheChanged(lead_ids)),
  ];
  return () => {
    for (const stop of stops) stop();
  };
}
