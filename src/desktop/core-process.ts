// The child's end of the relay (src/desktop/core-relay.ts): opens the core when main says start, runs
// each invoke, sends every event, and asks main for the sealed secrets it cannot reach itself.
import { fail } from '../contract/api-response';
import type { SecretStore } from '../workstation/session';
import type { ChildMessage, CoreStartConfig, ParentMessage, SecretAction } from './core-relay';
import type { DesktopCore } from './open-core';

/** Electron's process.parentPort (its messages unwrapped from MessageEvent) or Node's process.send. */
export interface ParentPort {
  postMessage(message: ChildMessage): void;
  onMessage(listener: (message: ParentMessage) => void): void;
}

export type OpenCore = (config: CoreStartConfig, secrets: SecretStore) => Promise<DesktopCore>;

function codeOf(error: unknown): string {
  return typeof error === 'object' &&
    error !== null &&
    'code' in error &&
    typeof error.code === 'string'
    ? error.code
    : 'CORE_START_FAILED';
}

/** A SecretStore whose every call is a round trip to main's keychain-sealed store. */
function secretsFromParent(port: ParentPort) {
  const waiting = new Map<
    number,
    { resolve: (value: string | null) => void; reject: (error: Error) => void }
  >();
  let nextId = 1;
  const ask = (action: SecretAction, key: string, value: string | null = null) =>
    new Promise<string | null>((resolve, reject) => {
      const id = nextId++;
      waiting.set(id, { resolve, reject });
      port.postMessage({ kind: 'secret', id, action, key, value });
    });
  const store: SecretStore = {
    get: (key) => ask('get', key),
    set: async (key, value) => void (await ask('set', key, value)),
    delete: async (key) => void (await ask('delete', key)),
  };
  const settle = (message: Extract<ParentMessage, { kind: 'secret-answer' }>): void => {
    const entry = waiting.get(message.id);
    waiting.delete(message.id);
    if (message.error === null) entry?.resolve(message.value);
    else entry?.reject(new Error(message.error));
  };
  return { store, settle };
}

/** Serves the core over `port` until main says close; then `exit` ends the process. */
export function serveCore(port: ParentPort, open: OpenCore, exit: () => void): void {
  const secrets = secretsFromParent(port);
  let core: DesktopCore | null = null;
  port.onMessage((message) => {
    switch (message.kind) {
      case 'start':
        return void open(message.config, secrets.store).then(
          (opened) => {
            core = opened;
            opened.subscribe((event) => port.postMessage({ kind: 'event', event }));
            port.postMessage({ kind: 'ready' });
          },
          (error: unknown) =>
            port.postMessage({
              kind: 'start-failed',
              code: codeOf(error),
              message: error instanceof Error ? error.message : String(error),
            }),
        );
      case 'invoke': {
        const { id, op, args } = message;
        const answered =
          core === null
            ? Promise.resolve(
                fail(
                  'CORE_UNREACHABLE',
                  'The workstation is still starting; try again in a moment.',
                ),
              )
            : core.invoke(op, args);
        return void answered.then((response) => port.postMessage({ kind: 'answer', id, response }));
      }
      case 'secret-answer':
        return secrets.settle(message);
      case 'update-session': {
        const { id } = message;
        // Any failure reading it is "no session now": the updater asks again at its next check.
        const session =
          core === null ? Promise.resolve(null) : core.updateSession().catch(() => null);
        return void session.then((answer) =>
          port.postMessage({ kind: 'update-session-answer', id, session: answer }),
        );
      }
      case 'close':
        return void (core?.close() ?? Promise.resolve()).finally(() => {
          port.postMessage({ kind: 'closed' });
          exit();
        });
    }
  });
}
