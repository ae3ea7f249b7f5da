// The core's events (src/contract/events.ts) from one workstation: cache changes as the cache reports
// its writes, sync progress, session changes, callbacks coming due, and the person's floor presence.
import {
  coreEvent,
  type CoreEvent,
  type EventName,
  type EventPayload,
} from '../../contract/events.js';
import type { SyncProgress } from '../../contract/operations/sync.js';
import type { Workstation } from '../workstation.js';
import { startCallbackDueTimer } from './callback-due-timer.js';
import { isOnline } from './service-context.js';
import type { HubSignal, ServicesHub } from './services-hub.js';
import { progressToWire } from './wire-sync.js';

export interface EventSourceOptions {
  /** Epoch ms, as given to createHandlers. */
  readonly now?: () => number;
  /** The longest the callback timer sleeps before looking at the cache again. */
  readonly callbackCheckMs?: number;
  /** Where a listener's exception goes; the other listeners still get the event. */
  readonly onListenerError?: (error: unknown) => void;
}

export interface CoreEventSource {
  /** Calls `listener` with every event until the returned function is called. */
  subscribe(listener: (event: CoreEvent) => void): () => void;
  /** Stops the timers and the subscriptions; the floor channel stays (the hub's close leaves it). */
  close(): void;
}

export function createEventSource(
  workstation: Workstation,
  hub: ServicesHub,
  options: EventSourceOptions = {},
): CoreEventSource {
  const now = options.now ?? Date.now;
  const onListenerError =
    options.onListenerError ??
    ((error: unknown) => console.error('[talentg] an event listener failed:', error));
  const listeners = new Set<(event: CoreEvent) => void>();
  let lastProgress = '';

  const emit = <K extends EventName>(event: K, payload: EventPayload<K>): void => {
    const message = coreEvent(event, payload);
    for (const listener of [...listeners]) {
      try {
        listener(message);
      } catch (error) {
        onListenerError(error);
      }
    }
  };

  /** sync:progress, only when it differs from the last one sent. */
  const emitProgress = (progress: SyncProgress | null): void => {
    if (progress === null) return;
    const key = JSON.stringify(progress);
    if (key === lastProgress) return;
    lastProgress = key;
    emit('sync:progress', progress);
  };

  const observedProgress = (): SyncProgress | null => {
    const attached = workstation.attached();
    // Nobody signed in: no progress to tell.
    return 'ok' in attached ? null : progressToWire(attached.engine.progress());
  };

  const observePresence = (online: boolean): void => {
    if (!hub.presence.active) return;
    const shown = hub.presence.observe(online, now());
    if (shown !== null) emit('presence:changed', shown);
  };

  const callbacks = startCallbackDueTimer(workstation, {
    now,
    maxSleepMs: options.callbackCheckMs ?? 30_000,
    onDue: (callback) => emit('callback:due', { callback }),
    onError: (error) => console.error('[talentg] the callback reminder failed:', error),
  });

  const onSignal = (signal: HubSignal): void => {
    switch (signal.kind) {
      case 'sync-round':
        emitProgress(observedProgress());
        observePresence(isOnline(workstation));
        return;
      case 'presence':
        emit('presence:changed', signal.presence);
        return;
      case 'user-switched':
        lastProgress = '';
        emitProgress(observedProgress());
        callbacks.reschedule();
        return;
    }
  };

  const stops: (() => void)[] = [
    hub.onSignal(onSignal),
    workstation.onCacheChanged((change) => {
      emit('cache:changed', {
        tables: [...change.tables],
        lead_ids: change.lead_ids === null ? null : [...change.lead_ids],
      });
      emitProgress(observedProgress());
      if (change.tables.includes('callbacks')) callbacks.reschedule();
    }),
    workstation.session.onChange((state) => emit('session:changed', state)),
    hub.presence.onMembersChanged(() => emit('floor:changed', {})),
    workstation.onProgress((progress) => {
      emitProgress(progressToWire(progress));
      observePresence(progress.online);
    }),
  ];

  return {
    subscribe: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    close: () => {
      for (const stop of stops.splice(0)) stop();
      callbacks.close();
      listeners.clear();
    },
  };
}
