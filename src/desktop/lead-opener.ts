// Opening a lead from outside the page (a clicked notification, a talentg://lead link): bring the window
// forward and tell the renderer through the contract's lead:open event.
import { coreEvent, type CoreEvent } from '../contract/events';
import { idSchema } from '../contract/wire-types';
import { revealWindow, type FocusableWindow } from './window-focus';

export interface LeadWindow extends FocusableWindow {
  /** Sends one message on the event channel (webContents.send(EVENT_CHANNEL, …) in Electron). */
  sendEvent(event: CoreEvent): void;
}

/** Answers whether the lead was handed to a window; a malformed id is refused, never sent. */
export type OpenLead = (leadId: string) => boolean;

export function leadOpener(currentWindow: () => LeadWindow | null): OpenLead {
  return (leadId) => {
    if (!idSchema.safeParse(leadId).success) return false;
    const window = currentWindow();
    if (window === null || !revealWindow(window)) return false;
    window.sendEvent(coreEvent('lead:open', { lead_id: leadId }));
    return true;
  };
}
