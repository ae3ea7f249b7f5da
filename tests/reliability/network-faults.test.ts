// Network faults (DESIGN.md §6): a proxy the test controls drops, black-holes, delays and cuts the
// core's connections mid-request and mid-response, and the stack restarts mid-push; afterwards every
// locally acknowledged write is on the server exactly once and the cache equals the server's view.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cacheFilePath } from '../../src/workstation/cache/index.js';
import type { Workstation } from '../../src/workstation/workstation.js';
import { portOf, startFaultProxy, type FaultProxy } from '../support/fault-proxy.js';
import {
  cacheProjection,
  serverProjection,
  signedInWorkstation,
  startSyncStack,
  syncUntilQuiet,
  tempDir,
  type SyncStack,
} from './sync-fixture.js';

const TC1 = 'tc1@talentg.test';
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('sync through a failing network and a restarting stack', () => {
  let stack: SyncStack;
  let proxy: FaultProxy;
  let workstation: Workstation;
  const data = tempDir('talentg-faults-');
  let leadIds: string[] = [];

  beforeAll(async () => {
    stack = await startSyncStack();
    proxy = await startFaultProxy({ targetPort: portOf(stack.stack.url) });
    workstation = await signedInWorkstation(
      {
        dataDir: data.dir,
        url: proxy.url,
        anonKey: stack.stack.anonKey,
        requestTimeoutMs: 1_000,
        sync: { periodicMs: 50, backoff: { baseMs: 20, maxMs: 250 }, pushBatchSize: 40 },
      },
      TC1,
    );
    await syncUntilQuiet(workstation);
    const { rows } = await stack.sql.query<{ id: string }>(
      "select id from public.leads where assigned_to = $1 and status in ('new', 'contacted') order by id limit 30",
      [workstation.cache.userId],
    );
    leadIds = rows.map((row) => row.id);
  });

  afterAll(async () => {
    await workstation?.close();
    await proxy?.close();
    await stack?.close();
    data.remove();
  });

  it('loses nothing and applies nothing twice', async () => {
    const acked: string[] = [];
    const write = (n: number) => {
      const leadId = leadIds[n % leadIds.length]!;
      const done =
        n % 2 === 0
          ? workstation.cache.addNote({ leadId, content: `fault note ${n}`, now: Date.now() })
          : workstation.cache.logCall({ leadId, disposition: 'B', notes: `fault call ${n}`, now: Date.now() });
      if (done.ok) acked.push(done.interaction.id);
    };

    // A backlog built offline, then writes keep coming while the network misbehaves.
    proxy.mode('drop');
    for (let n = 0; n < 200; n++) write(n);
    workstation.startSync({ realtime: false });

    const faults: (() => void)[] = [
      () => proxy.mode('drop'),
      () => proxy.mode('blackhole'),
      () => proxy.delay(80),
      () => proxy.cutAfterBytes(200 + Math.floor(Math.random() * 3000), 'request'),
      () => proxy.cutAfterBytes(50 + Math.floor(Math.random() * 2000), 'response'),
      () => proxy.cutAll(),
    ];
    let restarted = false;
    for (let step = 0; step < 40; step++) {
      proxy.mode('pass');
      proxy.delay(0);
      proxy.cutAfterBytes(null);
      if (Math.random() < 0.7) faults[Math.floor(Math.random() * faults.length)]!();
      for (let k = 0; k < 5; k++) write(200 + step * 5 + k);
      if (step === 20) {
        // The stack goes away mid-push and comes back on a new port behind the same proxy address.
        proxy.cutAfterBytes(null);
        proxy.mode('pass');
        const again = await stack.restart();
        proxy.setTarget(portOf(again.url));
        restarted = true;
      }
      await sleep(40 + Math.random() * 80);
    }
    expect(restarted).toBe(true);
    expect(proxy.counters().cut + proxy.counters().refused).toBeGreaterThan(0);

    proxy.mode('pass');
    proxy.delay(0);
    proxy.cutAfterBytes(null);
    await workstation.engine.stop();
    await syncUntilQuiet(workstation);

    const onServer = await stack.sql.query<{ n: string }>(
      'select count(*)::text as n from public.interactions where id = any($1::uuid[])',
      [acked],
    );
    expect(Number(onServer.rows[0]!.n)).toBe(acked.length);
    const mutations = await stack.sql.query<{ seq: string }>(
      'select seq from sync.mutations where client_id = $1 order by seq',
      [workstation.cache.clientId],
    );
    const seqs = mutations.rows.map((row) => Number(row.seq));
    expect(seqs).toEqual(seqs.map((_, index) => index + 1));
    expect(seqs.length).toBeGreaterThanOrEqual(acked.length);

    const server = await serverProjection(stack.stack, TC1);
    const cache = cacheProjection(cacheFilePath(data.dir, workstation.cache.userId));
    expect(cache.leads).toEqual(server.leads);
    expect(cache.interactions).toEqual(server.interactions);
    expect(cache.callbacks).toEqual(server.callbacks);
  });
});
