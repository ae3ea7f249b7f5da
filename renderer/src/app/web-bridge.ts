// Browser mode: provides window.talentg over the web host's WebSocket (src/web-host), so the app above
// it cannot tell this bridge from the desktop preload. In Electron the preload has already set it.
import type { TalentgBridge } from '../../../src/contract/bridge';
import { BULK_DEADLINE_MS, BULK_OPERATIONS } from '../../../src/contract/operations/manager';
import { hostFrameSchema, WEB_SOCKET_PATH } from '../../../src/contract/web-socket-frames';

/** How long a call may wait for the host before it counts as unreachable. */
const CALL_TIMEOUT_MS = 30_000;
/** A bulk operation may take the core its whole deadline; the host gets a margin beyond it. */
const BULK_CALL_TIMEOUT_MS = BULK_DEADLINE_MS + 15_000;
const RECONNECT_MS = [250, 500, 1_000, 2_000, 4_000];

interface PendingCall {
  readonly frame: string;
  readonly resolve: (response: unknown) => void;
  readonly reject: (error: Error) => void;
  readonly timer: number;
  sent: boolean;
}

function socketUrl(): string {
  const scheme = window.location.protocol === 'https:' ? 'wss:' : 'ws:';
  return `${scheme}//${window.location.host}${WEB_SOCKET_PATH}`;
}

function createWebBridge(): TalentgBridge {
  const pending = new Map<number, PendingCall>();
  const listeners = new Set<(message: unknown) => void>();
  let nextId = 1;
  let socket: WebSocket | null = null;
  let attempts = 0;

  const flush = (): void => {
    if (socket?.readyState !== WebSocket.OPEN) return;
    for (const call of pending.values()) {
      if (call.sent) continue;
      socket.send(call.frame);
      call.sent = true;
    }
  };

  const onMessage = (data: unknown): void => {
    if (typeof data !== 'string') return;
    let json: unknown;
    try {
      json = JSON.parse(data);
    } catch {
      console.warn('[talentg] the web host sent a frame that is not JSON');
      return;
    }
    const frame = hostFrameSchema.safeParse(json);
    if (!frame.success) {
      console.warn('[talentg] the web host sent a frame this page cannot read', frame.error.issues);
      return;
    }
    if ('event' in frame.data) {
      for (const listener of [...listeners]) listener(frame.data.event);
      return;
    }
    const { id, response } = frame.data;
    if (id === null) {
      console.warn('[talentg] the web host refused a frame', response.error);
      return;
    }
    const call = pending.get(id);
    if (call === undefined) return;
    pending.delete(id);
    window.clearTimeout(call.timer);
    call.resolve(response);
  };

  const connect = (): void => {
    const opened = new WebSocket(socketUrl());
    socket = opened;
    opened.addEventListener('open', () => {
      attempts = 0;
      flush();
    });
    opened.addEventListener('message', (event: MessageEvent) => onMessage(event.data));
    opened.addEventListener('close', () => {
      socket = null;
      // A call sent on the lost socket may have run: never resend it (a write would happen twice);
      // it fails as unreachable and the person sees it. Calls not yet sent wait for the next socket.
      for (const [id, call] of pending) {
        if (!call.sent) continue;
        pending.delete(id);
        window.clearTimeout(call.timer);
        call.reject(new Error('the connection to the workstation closed before it answered'));
      }
      const delay = RECONNECT_MS[Math.min(attempts, RECONNECT_MS.length - 1)] ?? 4_000;
      attempts += 1;
      window.setTimeout(connect, delay);
    });
  };
  connect();

  return {
    invoke: (op, args) =>
      new Promise((resolve, reject) => {
        const id = nextId++;
        const timeoutMs = BULK_OPERATIONS.has(op) ? BULK_CALL_TIMEOUT_MS : CALL_TIMEOUT_MS;
        const timer = window.setTimeout(() => {
          pending.delete(id);
          reject(new Error(`the workstation did not answer ${op} within ${timeoutMs / 1000} s`));
        }, timeoutMs);
        pending.set(id, {
          frame: JSON.stringify({ id, op, args: args ?? {} }),
          resolve,
          reject,
          timer,
          sent: false,
        });
        flush();
      }),
    onEvent: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

/** Sets window.talentg to the web bridge unless a preload already provided the bridge. */
export function installWebBridge(): void {
  if (window.talentg !== undefined) return;
  window.talentg = createWebBridge();
}
