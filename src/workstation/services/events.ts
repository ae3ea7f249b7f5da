// The core's events (src/contract/events.ts) from one workstation: cache changes from local writes and
// sync rounds, sync progress, session changes, callbacks coming due, and the person's floor presence.
import {
  coreEvent,
  type CoreEvent,
  type EventName,
  type EventPayload,
} from '../../contract/events.js';
import type { SyncProgress } from '../../contract/operations/sync.js';
import { CacheError } from '../cache/index.js';
import type { Workstation } from '../workstation.js';
import { startCallbackDueTimer } from './callback-due-timer.js';
import { isOnline } from './service-context.js';
import { forwardEngineProgress, hubOf, type CacheTable, type HubSignal } from './services-hub.js';
import { progressToWire } from './wire-sync.js';

export interface EventSourceOptions {
  /** Epoch ms, as given to createHandlers. */
  readonly now?: () => number;
  /**
   * How often sync health and reachability are looked at between the engine's own reports;
   * 0 turns the look off.
   */
  readonly pollMs?: number;
  /** The longest the callback timer sleeps before looking at the cache again. */
  readonly callbackCheckMs?: number;
  /** Where a listener's exception goes; the other listeners still get the event. */
  readonly onListenerError?: (error: unknown) => void;
}

export interface CoreEventSource {
  /** Calls `listener` with every event until the returned function is called. */
  subscribe(listener: (event: CoreEvent) => void): () => void;
  /** Stops the timers and the subscriptions; the floor channel stays (closeServices leaves it). */
  close(): void;
}

/** What a sync round may have changed: any cached table, on any lead. */
const SYNCED_TABLES: CacheTable[] = ['leads', 'interactions', 'callbacks', 'dispositions'];

export function createEventSource(
  workstation: Workstation,
  options: EventSourceOptions = {},
): CoreEventSource {
  const now = options.now ?? Date.now;
  const onListenerError =
    options.onListenerError ??
    ((error: unknown) => console.error('[talentg] an event listener failed:', error));
  const hub = hubOf(workstation);
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
    try {
      return progressToWire(workstation.engine.progress());
    } catch (error) {
      if (error instanceof CacheError) return null; // nobody signed in: no progress to tell
      throw error;
    }
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
      case 'local-write':
        emit('cache:changed', { tables: [...signal.tables], lead_ids: [...signal.lead_ids] });
        emitProgress(observedProgress());
        if (signal.tables.includes('callbacks')) callbacks.reschedule();
        return;
      case 'sync-round':
        emitProgress(observedProgress());
        observePresence(isOnline(workstation));
        return;
      case 'engine-progress':
        emitProgress(progressToWire(signal.progress));
        observePresence(signal.progress.online);
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
    workstation.onCacheChanged(() => {
      emit('cache:changed', { tables: SYNCED_TABLES, lead_ids: null });
      emitProgress(observedProgress());
      callbacks.reschedule();
    }),
    workstation.session.onChange((state) => emit('session:changed', state)),
    workstation.onProgress((progress) => forwardEngineProgress(workstation, progress)),
  ];

  const pollMs = options.pollMs ?? 1_000;
  if (pollMs > 0) {
    const poll = setInterval(() => {
      try {
        emitProgress(observedProgress());
        observePresence(isOnline(workstation));
      } catch (error) {
        console.error('[talentg] reading sync health for events failed:', error);
      }
    }, pollMs);
    poll.unref();
    stops.push(() => clearInterval(poll));
  }

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
