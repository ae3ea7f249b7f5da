// Fakes of the Electron objects src/desktop drives: they record what the shell asked for, nothing more.
import type { Invoke } from '../../src/contract/answer-invoke';
import type { ApiError } from '../../src/contract/api-response';
import { createCoreClient } from '../../src/contract/core-client';
import { coreEvent, type CoreEvent } from '../../src/contract/events';
import { setPresenceArgsSchema, type Presence } from '../../src/contract/operations/presence';
import type { SessionState } from '../../src/contract/operations/session';
import { EVENT_EXAMPLES } from './contract-examples';
import type { LeadWindow } from '../../src/desktop/lead-opener';

export interface FakeWindow extends LeadWindow {
  minimized: boolean;
  visible: boolean;
  destroyed: boolean;
  readonly calls: string[];
  readonly sent: CoreEvent[];
}

export function fakeWindow(
  state: Partial<Pick<FakeWindow, 'minimized' | 'visible'>> = {},
): FakeWindow {
  const window: FakeWindow = {
    minimized: state.minimized ?? false,
    visible: state.visible ?? true,
    destroyed: false,
    calls: [],
    sent: [],
    isDestroyed: () => window.destroyed,
    isMinimized: () => window.minimized,
    isVisible: () => window.visible,
    restore: () => {
      window.calls.push('restore');
      window.minimized = false;
    },
    show: () => {
      window.calls.push('show');
      window.visible = true;
    },
    focus: () => void window.calls.push('focus'),
    sendEvent: (event) => void window.sent.push(event),
  };
  return window;
}

/** An event source the test pushes into, like hostCore's subscribe. */
export function fakeEvents(): {
  readonly subscribe: (listener: (event: CoreEvent) => void) => () => void;
  emit(event: CoreEvent): void;
  readonly listeners: number;
} {
  const listeners = new Set<(event: CoreEvent) => void>();
  return {
    subscribe: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    emit: (event) => listeners.forEach((listener) => listener(event)),
    get listeners() {
      return listeners.size;
    },
  };
}

/**
 * A stand-in core for the shell's unit tests: presence, session and sync answered from memory, every
 * answer in the contract's envelope, presence:changed emitted on each set. The real core is exercised
 * against the embedded stack in tests/integration/desktop.
 */
export function fakeCore(initial: { presence?: Presence; session?: SessionState } = {}) {
  const events = fakeEvents();
  const calls: { op: string; args: unknown }[] = [];
  const state = {
    presence: initial.presence ?? presenceOf('ready'),
    session: initial.session ?? ({ status: 'signed_out' } as SessionState),
    sync: { ...EVENT_EXAMPLES['sync:progress'].payload },
    refuseSet: null as null | { code: string; message: string },
  };
  const ok = (data: unknown) => Promise.resolve({ success: true as const, data });
  const invoke: Invoke = (op, args) => {
    calls.push({ op, args });
    if (op === 'presence:state') return ok(state.presence);
    if (op === 'session:state') return ok(state.session);
    if (op === 'sync:status') return ok(state.sync);
    if (op === 'presence:set') {
      if (state.refuseSet !== null) {
        return Promise.resolve({ success: false as const, error: state.refuseSet as ApiError });
      }
      const parsed = setPresenceArgsSchema.parse(args);
      state.presence = {
        state: parsed.state,
        since: new Date().toISOString(),
        lead_id: parsed.lead_id ?? null,
        pause_reason: parsed.pause_reason ?? null,
      };
      events.emit(coreEvent('presence:changed', state.presence));
      return ok(state.presence);
    }
    return Promise.resolve({
      success: false as const,
      error: { code: 'UNKNOWN_OPERATION', message: `the fake core has no ${op}` } as ApiError,
    });
  };
  const client = createCoreClient(
    { invoke, onEvent: (listener) => events.subscribe(listener) },
    {
      onInvalidEvent: (error) => {
        throw new Error(error.message);
      },
    },
  );
  return { invoke, subscribe: events.subscribe, emit: events.emit, client, calls, state };
}

export function presenceOf(
  state: Presence['state'],
  extra: Partial<Pick<Presence, 'lead_id' | 'pause_reason'>> = {},
): Presence {
  return {
    state,
    since: '2026-11-24T10:00:00.000Z',
    lead_id: extra.lead_id ?? null,
    pause_reason: extra.pause_reason ?? null,
  };
}

/** Lets the promises the code under test started settle. */
export function settle(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** powerMonitor with an idle state the test sets and events the test fires. */
export function fakePowerMonitor() {
  const listeners = new Map<string, Set<() => void>>();
  const power = {
    idleState: 'active' as 'active' | 'idle' | 'locked' | 'unknown',
    thresholds: [] as number[],
    on: (event: string, listener: () => void) => {
      const set = listeners.get(event) ?? new Set();
      set.add(listener);
      listeners.set(event, set);
    },
    off: (event: string, listener: () => void) => void listeners.get(event)?.delete(listener),
    getSystemIdleState: (threshold: number) => {
      power.thresholds.push(threshold);
      return power.idleState;
    },
    fire: (event: string) => listeners.get(event)?.forEach((listener) => listener()),
    listening: () => [...listeners.values()].reduce((n, set) => n + set.size, 0),
  };
  return power;
}

/** A repeating timer the test cranks by hand: `tick()` runs every started check once. */
export function handCrankedTimer() {
  const checks = new Set<() => void>();
  return {
    every: (_ms: number, check: () => void) => {
      checks.add(check);
      return () => void checks.delete(check);
    },
    tick: () => checks.forEach((check) => check()),
    running: () => checks.size,
  };
}

/**
 * Electron's single-instance lock across launches: the first app to ask holds it, and a later launch's
 * argv reaches the holder's 'second-instance' listeners, as Electron does.
 */
export function fakeInstanceLock() {
  let holder: ReturnType<typeof launch> | null = null;
  function launch(argv: string[]) {
    const listeners = new Map<string, ((...args: never[]) => void)[]>();
    const app = {
      argv,
      quitCalled: false,
      requestSingleInstanceLock: () => {
        if (holder !== null) {
          holder.emit('second-instance', {}, argv);
          return false;
        }
        holder = launched;
        return true;
      },
      quit: () => void (app.quitCalled = true),
      on: (event: string, listener: (...args: never[]) => void) => {
        listeners.set(event, [...(listeners.get(event) ?? []), listener]);
      },
    };
    const launched = {
      app,
      emit: (event: string, ...args: unknown[]) =>
        listeners
          .get(event)
          ?.forEach((listener) => (listener as (...a: unknown[]) => void)(...args)),
    };
    return launched;
  }
  return { launch };
}
