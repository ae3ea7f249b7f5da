// The shape of the one bridge the renderer gets; kept free of zod so the sandboxed preload stays tiny.

/** The only IPC channel the renderer may use; every operation travels inside it. */
export const INVOKE_CHANNEL = 'talentg:invoke';

/** What the preload exposes as `window.talentg`; results are unknown until the caller parses them. */
export interface TalentgBridge {
  invoke(op: string, args?: unknown): Promise<unknown>;
}
