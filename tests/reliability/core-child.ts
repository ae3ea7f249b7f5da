// A workstation core in its own process, for tests that SIGKILL it: it logs calls and notes on the
// leads it is given as fast as it can while the engine pushes and pulls, and prints each local commit.
// argv: <dataDir> <url> <anonKey> <leadIdsCsv>
import { writeSync } from 'node:fs';
import { Workstation } from '../../src/workstation/workstation.js';

const [dataDir, url, anonKey, leadCsv] = process.argv.slice(2);
if (!dataDir || !url || !anonKey || !leadCsv) {
  console.error('usage: core-child <dataDir> <url> <anonKey> <leadIdsCsv>');
  process.exit(2);
}
const leads = leadCsv.split(',');
const OUTCOMES = ['NA', 'B', 'A'];

/** Synchronous write: a line printed here was on the pipe before the next local write began. */
const say = (line: string) => writeSync(1, `${line}\n`);

const workstation = await Workstation.open({
  dataDir,
  url,
  anonKey,
  requestTimeoutMs: 5_000,
  sync: { periodicMs: 25, backoff: { baseMs: 20, maxMs: 200 } },
});
workstation.startSync({ realtime: false });
say('ready');

let n = 0;
for (;;) {
  const leadId = leads[Math.floor(Math.random() * leads.length)]!;
  const now = Date.now();
  const done =
    n % 3 === 2
      ? workstation.cache.addNote({ leadId, content: `note ${n}`, now })
      : workstation.cache.logCall({
          leadId,
          disposition: OUTCOMES[n % OUTCOMES.length]!,
          notes: `call ${n}`,
          now,
        });
  if (done.ok) say(`ack ${done.seq} ${done.interaction.id}`);
  else say(`refused ${done.code}`);
  n += 1;
  // Yield so the engine's requests make progress between writes.
  await new Promise((resolve) => setTimeout(resolve, Math.random() * 4));
}
