// The relay's child in plain Node (forked with tsx): the same serveCore Electron's utility process runs.
import { serveCore } from '../../src/desktop/core-process';
import { parentPortOverProcess } from './node-core-ports';
import { openDesktopCore } from '../../src/desktop/open-core';

// Main learns of the end from the exit itself, so a 'closed' message lost with the process costs nothing.
serveCore(parentPortOverProcess(), openDesktopCore, () => process.exit(0));
