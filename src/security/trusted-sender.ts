import { isSameOrigin } from './origin';

/** What the main process knows about the frame that sent an IPC message. */
export interface SenderFrame {
  /** `event.senderFrame?.url`; undefined once the frame is gone. */
  url: string | undefined;
  /** `event.senderFrame.parent === null`. */
  isMainFrame: boolean;
  /** `event.sender.id`. */
  webContentsId: number;
}

/** The one renderer we serve: our window's web contents, loaded from our origin. */
export interface TrustedRenderer {
  origin: string;
  webContentsId: number;
}

/**
 * Only the main frame of our own window, still showing our origin, may call the core
 * (VS Code's validatedIpcMain): an iframe, a navigated-away page or another window may not.
 */
export function isTrustedSender(sender: SenderFrame, trusted: TrustedRenderer): boolean {
  if (sender.webContentsId !== trusted.webContentsId) return false;
  if (!sender.isMainFrame) return false;
  if (sender.url === undefined) return false;
  return isSameOrigin(sender.url, trusted.origin);
}
