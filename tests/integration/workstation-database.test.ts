// A cache belongs to the database it was filled from: pointed at another one (a reset demo stack, another
// project with the same users), the workstation refuses to sync it, keeps it whole, and can set it aside.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningStack } from '../../src/local-supabase/stack.js';
import { Workstation } from '../../src/workstation/workstation.js';
import { createHandlers } from '../../src/workstation/services/index.js';
import { ContractCaller } from '../support/services-rig.js';
import { DEMO_PASSWORD } from './contract/demo-users.js';
import { startTestStack } from '../support/stack.js';

const TC1 = 'tc1@talentg.test';
let first: RunningStack;
let second: RunningStack;
const dataDir = mkdtempSync(path.join(os.tmpdir(), 'talentg-database-'));

beforeAll(async () => {
  // Two databases with the same demo users (the same ids), as a demo stack before and after a reset.
  [first, second] = await Promise.all([
    startTestStack({ seed: true }),
    startTestStack({ seed: true }),
  ]);
});
afterAll(async () => {
  await first?.close();
  await second?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

async function signedIn(stack: RunningStack): Promise<Workstation> {
  const workstation = await Workstation.open({ dataDir, url: stack.url, anonKey: stack.anonKey });
  const answer = await workstation.signIn(TC1, DEMO_PASSWORD);
  if (!answer.ok) throw new Error(`sign-in failed: ${answer.code}`);
  return workstation;
}

describe('a cache pointed at another database', () => {
  it('is refused whole, with nothing sent, and can be set aside for a fresh one', async () => {
    const before = await signedIn(first);
    expect((await before.syncOnce()).ok).toBe(true);
    // A lead without a pending callback (a call on one with a due callback queues its closing too),
    // from the server: the queue shows only leads inside their calling hours, which depend on the hour.
    const { rows: plain } = await first.db.query<{ id: string }>(
      `select l.id from public.leads l join public.profiles p on p.id = l.assigned_to
        where p.email = 'tc1@talentg.test' and l.status = 'new'
          and not exists (select 1 from public.callbacks c where c.lead_id = l.id and c.state = 'pending')
        order by l.id limit 1`,
    );
    const call = before.cache.logCall({
      leadId: plain[0]!.id,
      disposition: 'NA',
      now: Date.now(),
    });
    if (!call.ok) throw new Error(call.message);
    const cursor = before.cache.getCursor();
    // The cache is this server's own: there is nothing to set aside, and the file stays where it is.
    const ownPath = before.cache.path;
    expect(await before.adoptServer()).toMatchObject({ ok: false, code: 'SYNC_SAME_DATABASE' });
    expect(before.cache.path).toBe(ownPath);
    expect(before.status()).toMatchObject({ pending: 1 });
    await before.close();

    const after = await signedIn(second);
    try {
      const round = await after.syncOnce();
      expect(round).toMatchObject({
        ok: false,
        pushed: 0,
        pulled: 0,
        error: { code: 'SYNC_OTHER_DATABASE', retry: false },
      });
      expect(after.status()).toMatchObject({ pending: 1, cursor });
      const sent = await second.db.query('select 1 from public.interactions where id = $1', [
        call.interaction.id,
      ]);
      expect(sent.rowCount).toBe(0);

      // Through the contract, as the renderer asks after SYNC_OTHER_DATABASE.
      const caller = new ContractCaller(createHandlers(after));
      const adopted = await caller.ok('sync:adopt-server');
      expect(adopted.pending_kept).toBe(1);
      const keptAs = adopted.kept_as;
      expect(existsSync(keptAs)).toBe(true);
      const kept = new Database(keptAs, { readonly: true });
      try {
        expect(kept.prepare('select count(*) as n from outbox').get()).toEqual({ n: 1 });
      } finally {
        kept.close();
      }
      const fresh = await after.syncOnce();
      expect(fresh).toMatchObject({ ok: true, pushed: 0 });
      expect(fresh.pulled).toBeGreaterThan(0);
      expect(after.status()).toMatchObject({ pending: 0 });
    } finally {
      await after.close();
    }

    // The fresh cache is bound to the second database: a new engine on it syncs without a word.
    const back = await signedIn(second);
    try {
      expect((await back.syncOnce()).ok).toBe(true);
    } finally {
      await back.close();
    }
  });
});
