import { ipcMain, type IpcMainInvokeEvent } from 'electron';
import { answerInvoke, type Invoke } from '../../src/contract/answer-invoke';
import { fail, type ApiResponse } from '../../src/contract/api-response';
import { INVOKE_CHANNEL } from '../../src/contract/bridge';
import { isTrustedSender, type TrustedRenderer } from '../../src/security/trusted-sender';

/**
 * The single IPC entry point. `trustedRenderer` is read per call because the window
 * (and so its web contents id) can be recreated.
 */
export function handleInvokeChannel(
  trustedRenderer: () => TrustedRenderer | null,
  invoke: Invoke,
): void {
  ipcMain.handle(
    INVOKE_CHANNEL,
    (event: IpcMainInvokeEvent, request: unknown): Promise<ApiResponse> => {
      const trusted = trustedRenderer();
      const sender = {
        url: event.senderFrame?.url,
        isMainFrame: event.senderFrame?.parent === null,
        webContentsId: event.sender.id,
      };
      if (trusted === null || !isTrustedSender(sender, trusted)) {
        console.warn(`[talentg] refused ${INVOKE_CHANNEL} from ${sender.url ?? 'a gone frame'}`);
        return Promise.resolve(
          fail('UNTRUSTED_SENDER', 'This window may not call the workstation.'),
        );
      }
      return answerInvoke(request, invoke, (op, error) =>
        console.error(`[talentg] operation ${op} crashed`, error),
      );
    },
  );
}
