// The core in a process of its own (Electron's utilityProcess, as Actual Budget runs its server), so a
// 20k-row sync page written by better-sqlite3 never blocks main's IPC and window events. Main keeps
// the same { invoke, subscribe, close } it had in-process and relays the contract's messages as they
// are; the renderer and the contract cannot tell. The keychain stays in main: the child asks main to
// read and write its sealed secrets.
import { fail, type ApiResponse } from '../contract/api-response';
import type { CoreEvent } from '../contract/events';
import type { UpdateSession } from '../release/update-policy';
import type { HostedCore } from '../workstation/host-core';
import type { SecretStore } from '../workstation/session';

/** What the child needs to open the core. */
export interface CoreStartConfig {
  readonly dataDir: string;
  readonly url: string;
  readonly anonKey: string;
  /** Background sync after a sign-in (the app: true; a bench syncing by hand: false). */
  readonly autoSync?: boolean;
}

export type SecretAction = 'get' | 'set' | 'delete';

export type ParentMessage =
  | { readonly kind: 'start'; readonly config: CoreStartConfig }
  | { readonly kind: 'invoke'; readonly id: number; readonly op: string; readonly args: unknown }
  | {
      readonly kind: 'secret-answer';
      readonly id: number;
      readonly value: string | null;
      readonly error: string | null;
    }
  | { readonly kind: 'update-session'; readonly id: number }
  | { readonly kind: 'close' };

export type ChildMessage =
  | { readonly kind: 'ready' }
  | { readonly kind: 'start-failed'; readonly code: string; readonly message: string }
  | { readonly kind: 'answer'; readonly id: number; readonly response: ApiResponse }
  | { readonly kind: 'event'; readonly event: CoreEvent }
  | {
      readonly kind: 'secret';
      readonly id: number;
      readonly action: SecretAction;
      readonly key: string;
      readonly value: string | null;
    }
  | {
      readonly kind: 'update-session-answer';
      readonly id: number;
      readonly session: UpdateSession | null;
    }
  | { readonly kind: 'closed' };

/**
 * Main's end of the child: Electron's UtilityProcess (postMessage, 'message', 'exit') or, in plain
 * Node, child_process.fork with structured-clone serialisation; both carry the same messages.
 */
export interface ChildPort {
  postMessage(message: ParentMessage): void;
  onMessage(listener: (message: ChildMessage) => void): void;
  onExit(listener: (code: number | null) => void): void;
  kill(): void;
}

/**
 * The relayed core, and the updater's session asked of the child over the same port: a message of the
 * relay's own, never a contract operation, so no page can read the person's token through it.
 */
export interface RelayedCore extends HostedCore {
  updateSession(): Promise<UpdateSession | null>;
}

/** A start failure keeps the child's code, so the failure screen can name it. */
export class CoreStartError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'CoreStartError';
  }
}

const CLOSE_GRACE_MS = 10_000;

const gone = (): ApiResponse =>
  fail('CORE_UNREACHABLE', 'The workstation core stopped; quit and start the app again.');

async function answerSecret(
  secrets: SecretStore,
  message: Extract<ChildMessage, { kind: 'secret' }>,
): Promise<ParentMessage> {
  const { id, action, key, value } = message;
  try {
    if (action === 'get')
      return { kind: 'secret-answer', id, value: await secrets.get(key), error: null };
    if (action === 'set') await secrets.set(key, value ?? '');
    else await secrets.delete(key);
    return { kind: 'secret-answer', id, value: null, error: null };
  } catch (error: unknown) {
    return {
      kind: 'secret-answer',
      id,
      value: null,
      error: error instanceof Error ? error.message : String(error),
    };
  }
}

/**
 * Starts the core behind `port`; resolves once it is open, rejects with CoreStartError when it cannot.
 * `onCrash` hears of a child that exits after it started without being asked to close.
 */
export function relayCore(
  port: ChildPort,
  config: CoreStartConfig,
  secrets: SecretStore,
  onCrash: (code: number | null) => void = () => undefined,
): Promise<RelayedCore> {
  const pending = new Map<number, (response: ApiResponse) => void>();
  const sessions = new Map<number, (session: UpdateSession | null) => void>();
  const listeners = new Set<(event: CoreEvent) => void>();
  let nextId = 1;
  let exited = false;
  let started = false;
  let onClosed: (() => void) | null = null;

  return new Promise<RelayedCore>((resolve, reject) => {
    const core: RelayedCore = {
      invoke: (op, args) => {
        if (exited) return Promise.resolve(gone());
        const id = nextId++;
        return new Promise<ApiResponse>((answer) => {
          pending.set(id, answer);
          port.postMessage({ kind: 'invoke', id, op, args });
        });
      },
      subscribe: (listener) => {
        listeners.add(listener);
        return () => listeners.delete(listener);
      },
      updateSession: () => {
        if (exited) return Promise.resolve(null);
        const id = nextId++;
        return new Promise<UpdateSession | null>((answer) => {
          sessions.set(id, answer);
          port.postMessage({ kind: 'update-session', id });
        });
      },
      close: () => closeChild(),
    };

    let closing: Promise<void> | null = null;
    const closeChild = (): Promise<void> => {
      closing ??= exited
        ? Promise.resolve()
        : new Promise<void>((done) => {
            const timer = setTimeout(() => port.kill(), CLOSE_GRACE_MS);
            onClosed = () => {
              clearTimeout(timer);
              done();
            };
            port.postMessage({ kind: 'close' });
          });
      return closing;
    };

    port.onMessage((message) => {
      switch (message.kind) {
        case 'ready':
          started = true;
          return resolve(core);
        case 'start-failed':
          return reject(new CoreStartError(message.code, message.message));
        case 'answer': {
          const answer = pending.get(message.id);
          pending.delete(message.id);
          return answer?.(message.response);
        }
        case 'event':
          return listeners.forEach((listener) => listener(message.event));
        case 'update-session-answer': {
          const answer = sessions.get(message.id);
          sessions.delete(message.id);
          return answer?.(message.session);
        }
        case 'secret':
          return void answerSecret(secrets, message).then((reply) => {
            if (!exited) port.postMessage(reply);
          });
        case 'closed':
          return onClosed?.();
      }
    });
    port.onExit((code) => {
      exited = true;
      for (const answer of pending.values()) answer(gone());
      pending.clear();
      for (const answer of sessions.values()) answer(null);
      sessions.clear();
      if (started && closing === null) onCrash(code);
      onClosed?.();
      reject(
        new CoreStartError(
          'CORE_UNREACHABLE',
          `The workstation core exited (code ${code}) while starting.`,
        ),
      );
    });
    port.postMessage({ kind: 'start', config });
  });
}
