// One browser tab's socket: parse each frame, run it on the shared core, answer with the request id,
// and forward the core's events. A bad frame gets an error envelope; the socket and the host go on.
import type { WebSocket } from 'ws';
import { fail, type ApiResponse } from '../contract/api-response.js';
import type { CoreEvent } from '../contract/events.js';
import { invokeFrameSchema, type HostFrame } from '../contract/web-socket-frames.js';
import type { HostedCore } from '../workstation/host-core.js';

export interface SocketSessionOptions {
  readonly core: HostedCore;
  readonly log: (message: string) => void;
}

function idOf(value: unknown): number | null {
  if (typeof value !== 'object' || value === null || !('id' in value)) return null;
  const id = value.id;
  return typeof id === 'number' && Number.isSafeInteger(id) && id >= 0 ? id : null;
}

/** What a text frame asks for, or the refusal to answer it with. */
function parseFrame(
  data: string,
): { id: number; op: string; args: unknown } | { id: number | null; refusal: ApiResponse } {
  let json: unknown;
  try {
    json = JSON.parse(data);
  } catch {
    return { id: null, refusal: fail('INVALID_REQUEST', 'The frame is not JSON.') };
  }
  const frame = invokeFrameSchema.safeParse(json);
  if (!frame.success) {
    return {
      id: idOf(json),
      refusal: fail('INVALID_REQUEST', 'The frame is not { id, op, args }.', {
        issues: frame.error.issues.map(({ path, message }) => ({ path, message })),
      }),
    };
  }
  return frame.data;
}

export function serveSocket(socket: WebSocket, { core, log }: SocketSessionOptions): void {
  const send = (frame: HostFrame): void => {
    if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(frame));
  };
  const stopEvents = core.subscribe((event: CoreEvent) => send({ event }));

  socket.on('message', (data, isBinary) => {
    if (isBinary) {
      log('refused a binary frame');
      send({ id: null, response: fail('INVALID_REQUEST', 'Frames are JSON text.') });
      return;
    }
    const parsed = parseFrame(data.toString());
    if ('refusal' in parsed) {
      log(`refused a malformed frame: ${parsed.refusal.error?.message ?? ''}`);
      send({ id: parsed.id, response: parsed.refusal });
      return;
    }
    core.invoke(parsed.op, parsed.args).then(
      (response) => send({ id: parsed.id, response }),
      (error: unknown) => {
        // Invoke answers envelopes; a throw here is a bug in the host, still answered as a value.
        log(`operation ${parsed.op.slice(0, 80)} threw: ${String(error)}`);
        send({
          id: parsed.id,
          response: fail('INTERNAL_ERROR', 'The operation failed unexpectedly.'),
        });
      },
    );
  });
  socket.on('error', (error) => log(`socket error: ${error.message}`));
  socket.on('close', () => stopEvents());
}
