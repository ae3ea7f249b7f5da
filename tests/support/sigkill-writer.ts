// The child of sigkill.test.ts: logs calls until it is killed, printing each seq only after logCall returned.
import { writeSync } from 'node:fs';
import { setImmediate as yieldToTimers } from 'node:timers/promises';
import { openCache } from '../../src/workstation/cache/open-cache.js';

const [dataDir, userId, leadId] = process.argv.slice(2);
if (dataDir === undefined || userId === undefined || leadId === undefined) {
  throw new Error('usage: sigkill-writer <dataDir> <userId> <leadId>');
}
// A short checkpoint interval, so some kills land during a checkpoint too.
const cache = openCache({ dataDir, userId, checkpointIntervalMs: 20 });
writeSync(1, 'ready\n');
for (;;) {
  for (let i = 0; i < 25; i++) {
    const done = cache.logCall({ leadId, disposition: 'NA', notes: 'loop', now: Date.now() });
    if (!done.ok) throw new Error(`${done.code}: ${done.message}`);
    // Synchronous: once the line is printed, the parent may rely on the commit behind it.
    writeSync(1, `${done.seq}\n`);
  }
  await yieldToTimers();
}
