// Test and bench support: the relay's ports over plain Node (child_process.fork with structured
// clone), carrying the same message shapes as Electron's utilityProcess and parentPort.
import { fork, type ChildProcess } from 'node:child_process';
import type { ChildMessage, ChildPort, ParentMessage } from '../../src/desktop/core-relay';
import type { ParentPort } from '../../src/desktop/core-process';

export function forkCoreProcess(
  modulePath: string,
  execArgv: readonly string[] = [],
): ChildProcess {
  return fork(modulePath, [], {
    serialization: 'advanced',
    execArgv: [...execArgv],
    stdio: 'inherit',
  });
}

export function childPortOverFork(child: ChildProcess): ChildPort {
  return {
    postMessage: (message) => void child.send(message),
    onMessage: (listener) =>
      void child.on('message', (message) => listener(message as ChildMessage)),
    onExit: (listener) => void child.on('exit', (code) => listener(code)),
    kill: () => void child.kill('SIGKILL'),
  };
}

export function parentPortOverProcess(): ParentPort {
  if (process.send === undefined)
    throw new Error('This module runs as a forked child of the relay.');
  return {
    postMessage: (message) => void process.send?.(message),
    onMessage: (listener) =>
      void process.on('message', (message) => listener(message as ParentMessage)),
  };
}

/** The plain-Node child (tests/support/core-child.ts), started through tsx as the bench and tests do. */
export function forkNodeCoreChild(
  childModule: string,
): ChildPort & { readonly child: ChildProcess } {
  const child = forkCoreProcess(childModule, ['--import', 'tsx']);
  return { child, ...childPortOverFork(child) };
}
