// Subscribing a store (not a component) to a core event: stores live outside React, so no hook here.
import type { EventName, EventPayload } from '../../../src/contract/events';
import { core } from './client';

/**
 * Calls `listener` with each `event` until the returned function is called. A bridge that cannot
 * deliver events leaves a warning and a no-op instead of breaking the window; callers poll as well.
 */
export function listenToCore<E extends EventName>(
  event: E,
  listener: (payload: EventPayload<E>) => void,
): () => void {
  try {
    return core().on(event, listener);
  } catch (error: unknown) {
    console.warn(
      `[talentg] cannot listen to ${event}:`,
      error instanceof Error ? error.message : error,
    );
    return () => undefined;
  }
}
