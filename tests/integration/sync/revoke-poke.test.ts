// A lead reassigned away leaves its old holder's cache at once: the revoke rings sync_pokes, realtime
// carries the ring (row-level security hides the lead's new row from them), and the engine pulls.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { SupabaseClient } from '@supabase/supabase-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningStack } from '../../../src/local-supabase/stack.js';
import { Workstation } from '../../../src/workstation/workstation.js';
import {
  DEMO_PASSWORD,
  MANAGER,
  TC1,
  signedInClient,
  startSeededStack,
} from '../../support/services-rig.js';

const TC2_ID = '00000000-0000-4000-8000-000000000004';

let stack: RunningStack;
let manager: SupabaseClient;
let workstation: Workstation;
let dataDir: string;

beforeAll(async () => {
  stack = await startSeededStack();
  manager = await signedInClient(stack, MANAGER);
  dataDir = mkdtempSync(path.join(os.tmpdir(), 'talentg-revoke-poke-'));
  // The timed pull is an hour away: only realtime can bring the revoke within the test.
  workstation = await Workstation.open({
    dataDir,
    url: stack.url,
    anonKey: stack.anonKey,
    sync: { periodicMs: 3_600_000 },
  });
  const signedIn = await workstation.signIn(TC1, DEMO_PASSWORD);
  if (!signedIn.ok) throw new Error(signedIn.message);
  expect((await workstation.syncOnce()).ok).toBe(true);
});

afterAll(async () => {
  await workstation?.close();
  await stack?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

/** Resolves once `holds` is true after a cache change, or fails after `ms`. */
function cacheUntil(holds: () => boolean, ms: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      stop();
      reject(new Error(`not within ${ms} ms`));
    }, ms);
    const stop = workstation.onCacheChanged(() => {
      if (!holds()) return;
      clearTimeout(timer);
      stop();
      resolve();
    });
  });
}

describe('a lead reassigned away', () => {
  it('leaves the old holder’s cache within seconds, with no timed pull', async () => {
    const [entry] = workstation.cache.queue({ now: Date.now(), limit: 1 });
    if (entry === undefined) throw new Error('tc1 has no lead in the queue');
    const leadId = entry.lead.id;
    workstation.startSync();
    // The subscription pulls once when it joins; wait for that round before the manager acts.
    await new Promise((resolve) => setTimeout(resolve, 1_500));

    const gone = cacheUntil(() => workstation.cache.leadWithHistory(leadId) === null, 10_000);
    const { error } = await manager.from('leads').update({ assigned_to: TC2_ID }).eq('id', leadId);
    expect(error).toBeNull();
    await gone;
    expect(workstation.cache.queue({ now: Date.now(), limit: 500 }).map((e) => e.lead.id)).not.toContain(
      leadId,
    );
  });
});
