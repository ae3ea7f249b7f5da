// The renderer's one way to the core: the typed client over window.talentg (preload or web bridge).
import { useEffect } from 'react';
import { createCoreClient, type CoreClient } from '../../../src/contract/core-client';
import type { EventName, EventPayload } from '../../../src/contract/events';

let client: CoreClient | null = null;

/** The client over the bridge installed before the app mounted (main.tsx). */
export function core(): CoreClient {
  if (client === null) {
    const bridge = window.talentg;
    if (bridge === undefined) throw new Error('window.talentg is missing: no bridge was installed');
    client = createCoreClient(bridge);
  }
  return client;
}

/** Subscribes a component to one core event for as long as it is mounted. */
export function useCoreEvent<E extends EventName>(
  event: E,
  listener: (payload: EventPayload<E>) => void,
): void {
  useEffect(() => core().on(event, listener), [event, listener]);
}
