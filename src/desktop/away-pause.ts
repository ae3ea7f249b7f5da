// Presence that follows the person: the machine going idle, its screen locking or it going to sleep
// pauses presence with the reason, and coming back restores what it was, but only if the app paused it.
import type { CoreClient } from '../contract/core-client';
import type { Presence } from '../contract/operations/presence';

export type AwayReason = 'idle' | 'locked' | 'asleep';

/** What the floor board shows as the pause reason, so a manager sees why. */
export const AWAY_PAUSE_REASONS: Readonly<Record<AwayReason, string>> = {
  idle: 'Away (idle)',
  locked: 'Away (screen locked)',
  asleep: 'Away (computer asleep)',
};

export type PowerEvent = 'lock-screen' | 'unlock-screen' | 'suspend' | 'resume';

/** Electron's powerMonitor, the two parts of it this needs. */
export interface PowerMonitor {
  on(event: PowerEvent, listener: () => void): void;
  off(event: PowerEvent, listener: () => void): void;
  /** Electron's getSystemIdleState(idleThresholdSeconds). */
  getSystemIdleState(idleThresholdSeconds: number): 'active' | 'idle' | 'locked' | 'unknown';
}

export interface AwayPauseOptions {
  readonly client: CoreClient;
  readonly power: PowerMonitor;
  /** Starts a repeating check; answers its stop (setInterval in the app, a hand-cranked one in tests). */
  readonly every: (ms: number, check: () => void) => () => void;
  readonly idleAfterSeconds?: number;
  readonly pollMs?: number;
  readonly warn?: (message: string) => void;
}

/** A call can run for many minutes without a key press, so only these states are paused for being away. */
const PAUSABLE: ReadonlySet<Presence['state']> = new Set(['ready', 'wrap_up']);

export interface AwayPause {
  /** Why the app paused presence, or null when it did not (or the person has since taken over). */
  away(): AwayReason | null;
  /** Resolves once every change started so far has reached the core. */
  settled(): Promise<void>;
  stop(): void;
}

interface Paused {
  readonly reason: AwayReason;
  readonly before: Presence;
  /** The core's answer to our pause: still this exact presence means the person has not touched it. */
  readonly ours: Presence;
}

function restoreArgs(before: Presence) {
  return before.state === 'wrap_up' && before.lead_id !== null
    ? { state: 'wrap_up' as const, lead_id: before.lead_id }
    : { state: 'ready' as const };
}

function isUntouched(now: Presence, ours: Presence): boolean {
  return (
    now.state === ours.state && now.pause_reason === ours.pause_reason && now.since === ours.since
  );
}

export function followAwayPause({
  client,
  power,
  every,
  idleAfterSeconds = 300,
  pollMs = 15_000,
  warn = (message) => console.warn(`[talentg] ${message}`),
}: AwayPauseOptions): AwayPause {
  const flags = { locked: false, asleep: false };
  let paused: Paused | null = null;
  // One change at a time: a lock and an idle tick arriving together must not pause twice.
  let chain: Promise<void> = Promise.resolve();
  const queue = (step: () => Promise<void>): void => {
    chain = chain.then(step).catch((error: unknown) => warn(`away pause failed: ${String(error)}`));
  };

  const reasonNow = (): AwayReason | null => {
    if (flags.asleep) return 'asleep';
    const idle = power.getSystemIdleState(idleAfterSeconds);
    if (flags.locked || idle === 'locked') return 'locked';
    return idle === 'idle' ? 'idle' : null;
  };

  const goAway = async (reason: AwayReason): Promise<void> => {
    if (paused !== null) return;
    const current = await client.presence.state();
    if (!current.success || !PAUSABLE.has(current.data.state)) return;
    const answer = await client.presence.set({
      state: 'paused',
      pause_reason: AWAY_PAUSE_REASONS[reason],
    });
    if (!answer.success) return warn(`could not pause presence: ${answer.error.message}`);
    paused = { reason, before: current.data, ours: answer.data };
  };

  const comeBack = async (): Promise<void> => {
    if (paused === null) return;
    const { before, ours } = paused;
    paused = null;
    const current = await client.presence.state();
    if (!current.success || !isUntouched(current.data, ours)) return;
    const answer = await client.presence.set(restoreArgs(before));
    if (!answer.success) warn(`could not restore presence: ${answer.error.message}`);
  };

  const check = (): void =>
    queue(async () => {
      const reason = reasonNow();
      if (reason !== null) await goAway(reason);
      else await comeBack();
    });

  const listeners: Record<PowerEvent, () => void> = {
    'lock-screen': () => ((flags.locked = true), check()),
    'unlock-screen': () => ((flags.locked = false), check()),
    suspend: () => ((flags.asleep = true), check()),
    resume: () => ((flags.asleep = false), check()),
  };
  for (const [event, listener] of Object.entries(listeners))
    power.on(event as PowerEvent, listener);
  const stopPolling = every(pollMs, check);

  return {
    away: () => paused?.reason ?? null,
    settled: () => chain,
    stop: () => {
      stopPolling();
      for (const [event, listener] of Object.entries(listeners)) {
        power.off(event as PowerEvent, listener);
      }
    },
  };
}
