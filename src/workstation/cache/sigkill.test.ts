import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedCache, serverLead, snapshot, tempDataDir } from '../../../tests/support/cache-rows.js';
import { cacheFilePath, openCache } from './open-cache.js';

const USER = '5151e000-0000-4000-8000-000000000001';
const RUNS = 10;
const WRITER = fileURLToPath(new URL('../../../tests/support/sigkill-writer.ts', import.meta.url));
const REPO = fileURLToPath(new URL('../../..', import.meta.url));

let data: ReturnType<typeof tempDataDir>;
let leadId: string;
beforeAll(() => {
  data = tempDataDir();
  const cache = openCache({ dataDir: data.dir, userId: USER, checkpointIntervalMs: 0 });
  const lead = serverLead(USER);
  leadId = lead.id;
  seedCache(cache, [lead]);
  cache.close();
});
afterAll(() => data.remove());

/** Starts the writer, kills it `afterMs` after it is ready, and answers the seqs it printed. */
function runAndKill(afterMs: number): Promise<number[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', WRITER, data.dir, USER, leadId], {
      cwd: REPO,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    let timer: NodeJS.Timeout | undefined;
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      out += chunk;
      if (timer === undefined && out.startsWith('ready\n')) {
        timer = setTimeout(() => child.kill('SIGKILL'), afterMs);
      }
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (err += chunk));
    child.on('error', reject);
    child.on('exit', (_code, signal) => {
      clearTimeout(timer);
      if (signal !== 'SIGKILL') {
        reject(new Error(`the writer stopped by itself (${String(signal)}): ${err}`));
        return;
      }
      // A line cut by the kill is not a printed seq.
      const complete = out.slice(0, out.lastIndexOf('\n') + 1);
      resolve(
        complete
          .split('\n')
          .filter((line) => /^\d+$/.test(line))
          .map(Number),
      );
    });
  });
}

describe('a logged call whose logCall returned survives SIGKILL', () => {
  it(`keeps every printed seq in the outbox across ${RUNS} kills at random moments`, async () => {
    let printedTotal = 0;
    let before = 0;
    for (let run = 0; run < RUNS; run++) {
      const printed = await runAndKill(Math.floor(Math.random() * 250));
      printedTotal += printed.length;

      const cache = openCache({ dataDir: data.dir, userId: USER, checkpointIntervalMs: 0 });
      const seqs = cache.pendingBatch(1_000_000).map((entry) => entry.seq);
      cache.close();
      for (const seq of printed) expect(seqs).toContain(seq);
      // Nothing acknowledged, so the outbox is exactly 1..n: no seq lost, none reused, no gap.
      expect(seqs).toEqual(Array.from({ length: seqs.length }, (_, i) => i + 1));
      expect(seqs.length).toBeGreaterThanOrEqual(before);
      if (printed.length > 0) expect(printed[0]).toBe(before + 1);
      // Each committed log_call brought its interaction: the two were one transaction.
      const { interactions } = snapshot(cacheFilePath(data.dir, USER), ['interactions']);
      expect(interactions).toHaveLength(seqs.length);
      before = seqs.length;
    }
    expect(printedTotal).toBeGreaterThan(0);
  }, 180_000);
});
