// The callback:due timer: sleeps until the next of the user's pending callbacks falls due, then announces
// each one that came due since it last looked. Callbacks already overdue when it starts are the queue's.
import type { WireCallbackWithLead } from '../../contract/records.js';
import type { Cache } from '../cache/index.js';
import type { Workstation } from '../workstation.js';
import { callbackWithLeadToWire } from './wire-records.js';

export interface CallbackDueTimerOptions {
  readonly now: () => number;
  /** The longest sleep: a callback added behind the timer's back (a pull, another process) waits at most this. */
  readonly maxSleepMs: number;
  readonly onDue: (callback: WireCallbackWithLead) => void;
  readonly onError: (error: unknown) => void;
}

export interface CallbackDueTimer {
  /** Something changed the callbacks: look again now. */
  reschedule(): void;
  close(): void;
}

function cacheOf(workstation: Workstation): Cache | null {
  const attached = workstation.attached();
  return 'ok' in attached ? null : attached.cache;
}

export function startCallbackDueTimer(
  workstation: Workstation,
  options: CallbackDueTimerOptions,
): CallbackDueTimer {
  const { now, maxSleepMs } = options;
  let owner: string | null = cacheOf(workstation)?.userId ?? null;
  let watermark = now();
  let timer: NodeJS.Timeout | null = null;
  let closed = false;

  const schedule = (delayMs: number): void => {
    if (closed) return;
    if (timer !== null) clearTimeout(timer);
    timer = setTimeout(check, Math.max(0, Math.min(maxSleepMs, delayMs)));
    timer.unref();
  };

  /** Announces what came due in (watermark, now] and sleeps until the next one; returns the sleep. */
  const look = (): number => {
    const at = now();
    const cache = cacheOf(workstation);
    if (cache === null) {
      owner = null;
      return maxSleepMs;
    }
    if (cache.userId !== owner) {
      // Another user's file: their overdue callbacks are in their queue, not news.
      owner = cache.userId;
      watermark = at;
    }
    const due = cache.callbacksComingDue(watermark, at);
    watermark = at;
    for (const row of due) {
      options.onDue(
        callbackWithLeadToWire(row.callback, row.unconfirmed ? 'pending' : 'synced', row.lead),
      );
    }
    const next = cache.nextCallbackDue(at);
    return next === null ? maxSleepMs : next - at;
  };

  function check(): void {
    timer = null;
    if (closed) return;
    let sleep = maxSleepMs;
    try {
      sleep = look();
    } catch (error) {
      options.onError(error);
    }
    schedule(sleep);
  }

  schedule(0);
  return {
    reschedule: () => schedule(0),
    close: () => {
      closed = true;
      if (timer !== null) clearTimeout(timer);
      timer = null;
    },
  };
}
