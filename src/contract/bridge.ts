// The shape of the one bridge the renderer gets; kept free of zod so the sandboxed preload stays tiny.

/** The only IPC channel the renderer may use; every operation travels inside it. */
export const INVOKE_CHANNEL = 'talentg:invoke';

/** Core-to-renderer events (src/contract/events.ts), one `{ event, payload }` message each. */
export const EVENT_CHANNEL = 'talentg:event';

/** What the preload exposes as `window.talentg`; results are unknown until the caller parses them. */
export interface TalentgBridge {
  invoke(op: string, args?: unknown): Promise<unknown>;
  /** Delivers each message of the event channel until the returned function is called. */
  onEvent(listener: (message: unknown) => void): () => void;
}
