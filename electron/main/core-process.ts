// Entry of the core's utility process: src/desktop's serveCore over Electron's parentPort.
import { serveCore } from '../../src/desktop/core-process';
import type { ParentMessage } from '../../src/desktop/core-relay';
import { openDesktopCore } from '../../src/desktop/open-core';

const { parentPort } = process;

serveCore(
  {
    postMessage: (message) => parentPort.postMessage(message),
    // Electron wraps each message in a MessageEvent; the relay speaks the bare message.
    onMessage: (listener) =>
      void parentPort.on('message', (event) => listener(event.data as ParentMessage)),
  },
  openDesktopCore,
  () => process.exit(0),
);
