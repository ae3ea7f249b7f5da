import { fail, type ApiResponse } from './api-response';
import { invokeRequestSchema } from './invoke-request';

/** Runs one operation of the contract; the workstation core provides it. */
export type Invoke = (op: string, args: unknown) => Promise<ApiResponse>;

/**
 * What every host (Electron IPC, the web-host socket) does with a request it has already
 * authenticated: parse it, run it, and turn a crash into an error value the caller can show.
 */
export async function answerInvoke(
  request: unknown,
  invoke: Invoke,
  logCrash: (op: string, error: unknown) => void,
): Promise<ApiResponse> {
  const parsed = invokeRequestSchema.safeParse(request);
  if (!parsed.success) {
    return fail('INVALID_REQUEST', 'The request is not { op, args }.', parsed.error.issues);
  }
  const { op, args } = parsed.data;
  try {
    return await invoke(op, args);
  } catch (error: unknown) {
    logCrash(op, error);
    return fail('INTERNAL_ERROR', `"${op}" failed unexpectedly; the details are in the log.`);
  }
}
