// Crash safety (DESIGN.md §6): the core is SIGKILLed at random moments while it writes, pushes and
// pulls; after a restart and a sync every locally acknowledged write is on the server exactly once,
// each client's seqs apply without gaps, and the cache equals the server's RLS-visible view.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cacheFilePath } from '../../src/workstation/cache/index.js';
import { Workstation } from '../../src/workstation/workstation.js';
import {
  cacheProjection,
  serverProjection,
  signedInWorkstation,
  startSyncStack,
  syncUntilQuiet,
  tempDir,
  type SyncStack,
} from './sync-fixture.js';

// 20 kills keep `npm test` inside its 10 minutes; TALENTG_CRASH_RUNS=100 soaks longer.
const RUNS = Number(process.env.TALENTG_CRASH_RUNS ?? 20);
const CHILD = fileURLToPath(new URL('./core-child.ts', import.meta.url));
const TC1 = 'tc1@talentg.test';

interface ChildRun {
  acked: { seq: number; interactionId: string }[];
  killedAfterMs: number;
}

/** Starts the core in a child process, lets it work for a random while, and SIGKILLs it. */
function runAndKill(args: string[], maxWorkMs: number): Promise<ChildRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', CHILD, ...args], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const acked: ChildRun['acked'] = [];
    let buffered = '';
    let stderr = '';
    let killedAfterMs = -1;
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.stdout.on('data', (chunk: Buffer) => {
      buffered += chunk.toString();
      const lines = buffered.split('\n');
      buffered = lines.pop() ?? '';
      for (const line of lines) {
        if (line === 'ready') {
          killedAfterMs = Math.floor(Math.random() * maxWorkMs);
          setTimeout(() => child.kill('SIGKILL'), killedAfterMs);
        }
        const ack = /^ack (\d+) (\S+)$/.exec(line);
        if (ack) acked.push({ seq: Number(ack[1]), interactionId: ack[2]! });
      }
    });
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      if (signal === 'SIGKILL') resolve({ acked, killedAfterMs });
      else
        reject(
          new Error(`core child exited ${code ?? signal} before the kill: ${stderr.slice(-2000)}`),
        );
    });
  });
}

/** Per lead: attempts on the row and call rows in its history. */
async function leadCounters(
  stack: SyncStack,
  ids: string[],
): Promise<Map<string, { attempts: number; calls: number }>> {
  const { rows } = await stack.sql.query<{ id: string; attempts: number; calls: number }>(
    `select l.id, l.attempts,
            (select count(*)::int from public.interactions i where i.lead_id = l.id and i.type = 'call') as calls
       from public.leads l where l.id = any($1::uuid[])`,
    [ids],
  );
  return new Map(rows.map(({ id, attempts, calls }) => [id, { attempts, calls }]));
}

describe('the core survives SIGKILL while it writes, pushes and pulls', () => {
  let stack: SyncStack;
  const data = tempDir('talentg-crash-');
  let leadIds: string[] = [];
  let userId = '';
  let clientId = '';

  beforeAll(async () => {
    stack = await startSyncStack();
    // The child writes as fast as the machine lets it for each run: on a quiet machine twenty runs pushed
    // more than sync_push's per-user bucket (20,000, then 100 a second) and the restarts met
    // SYNC_RATE_LIMITED. This test is about kills, not limits (tests/integration/sync/rate-limit.test.ts).
    await stack.sql.query(
      "update sync.rate_limit_rules set burst = 1000000, per_second = 100000 where rpc = 'sync_push'",
    );
    const workstation = await signedInWorkstation(
      { dataDir: data.dir, url: stack.stack.url, anonKey: stack.stack.anonKey },
      TC1,
    );
    await syncUntilQuiet(workstation);
    userId = workstation.cache.userId;
    clientId = workstation.cache.clientId;
    await workstation.close();
    const { rows } = await stack.sql.query<{ id: string }>(
      "select id from public.leads where assigned_to = $1 and status in ('new', 'contacted') order by id limit 40",
      [userId],
    );
    leadIds = rows.map((row) => row.id);
  });

  afterAll(async () => {
    await stack?.close();
    data.remove();
  });

  it(
    `keeps every acknowledged write exactly once over ${RUNS} kills`,
    async () => {
      const before = await leadCounters(stack, leadIds);
      const allAcked: string[] = [];
      let killsWithAcks = 0;
      for (let run = 0; run < RUNS; run++) {
        const { acked } = await runAndKill(
          [data.dir, stack.stack.url, stack.stack.anonKey, leadIds.join(',')],
          1500,
        );
        if (acked.length > 0) killsWithAcks += 1;
        allAcked.push(...acked.map((ack) => ack.interactionId));

        // Restart: the same data directory, the session restored from it without signing in, a sync to quiescence.
        const workstation = await Workstation.open({
          dataDir: data.dir,
          url: stack.stack.url,
          anonKey: stack.stack.anonKey,
        });
        expect(workstation.session.currentUser()?.id, `run ${run}: session restored`).toBe(userId);
        await syncUntilQuiet(workstation);
        await workstation.close();

        const onServer = await stack.sql.query<{ id: string }>(
          'select id from public.interactions where id = any($1::uuid[])',
          [allAcked],
        );
        expect(onServer.rowCount, `run ${run}: acknowledged writes on the server`).toBe(
          allAcked.length,
        );
      }
      expect(killsWithAcks).toBeGreaterThan(RUNS / 2);

      // Each seq of this client applied once, none missing, and each applied write had one effect.
      const mutations = await stack.sql.query<{ seq: string; status: string }>(
        'select seq, status from sync.mutations where client_id = $1 order by seq',
        [clientId],
      );
      const seqs = mutations.rows.map((row) => Number(row.seq));
      expect(seqs).toEqual(seqs.map((_, index) => index + 1));
      const after = await leadCounters(stack, leadIds);
      let callsLogged = 0;
      for (const [id, now] of after) {
        const then = before.get(id)!;
        // One attempt per call row: a call applied twice would show as attempts running ahead.
        expect(now.attempts - then.attempts, `lead ${id}`).toBe(now.calls - then.calls);
        callsLogged += now.calls - then.calls;
      }
      const logCalls = await stack.sql.query<{ n: string }>(
        "select count(*)::text as n from sync.mutations where client_id = $1 and op = 'log_call'",
        [clientId],
      );
      expect(callsLogged).toBe(Number(logCalls.rows[0]!.n));

      // After quiescence the cache equals what tc1 sees on the server.
      const server = await serverProjection(stack.stack, TC1);
      const cache = cacheProjection(cacheFilePath(data.dir, userId));
      expect(cache.leads).toEqual(server.leads);
      expect(cache.interactions).toEqual(server.interactions);
      expect(cache.callbacks).toEqual(server.callbacks);
      // Each run is a 1.5 s window, a restart and a sync to quiescence: ~2 s each on a quiet machine, so
      // the default 60 s left no room on a slow one (runs took 54–59 s).
    },
    RUNS * 5_000,
  );
});
