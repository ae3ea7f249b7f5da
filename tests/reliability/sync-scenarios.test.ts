// The sync stories of issue 4, each end to end: real workstations (SQLite files, supabase-js) against
// the embedded stack on PostgreSQL 15, with the network cut by a fault proxy where the story needs it.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { cacheFilePath } from '../../src/workstation/cache/index.js';
import type { Workstation } from '../../src/workstation/workstation.js';
import { portOf, startFaultProxy, type FaultProxy } from '../support/fault-proxy.js';
import { DEMO_PASSWORD } from '../integration/contract/demo-users.js';
import {
  cacheProjection,
  serverProjection,
  signedInWorkstation,
  startSyncStack,
  syncUntilQuiet,
  tempDir,
  type SyncStack,
} from './sync-fixture.js';
import { clientFor } from '../support/stack.js';

const TC1 = 'tc1@talentg.test';
const TC2 = 'tc2@talentg.test';
const MANAGER = 'manager@talentg.test';

let stack: SyncStack;
let proxy: FaultProxy;
const cleanups: (() => Promise<void> | void)[] = [];

beforeAll(async () => {
  stack = await startSyncStack();
  proxy = await startFaultProxy({ targetPort: portOf(stack.stack.url) });
});
afterEach(async () => {
  proxy.mode('pass');
  while (cleanups.length > 0) await cleanups.pop()!();
});
afterAll(async () => {
  await proxy?.close();
  await stack?.close();
});

/** A workstation behind the proxy, signed in and fully synced, closed after the test. */
async function workstationFor(email: string, dataDir?: string): Promise<Workstation> {
  let dir = dataDir;
  if (!dir) {
    const temp = tempDir('talentg-story-');
    cleanups.push(temp.remove);
    dir = temp.dir;
  }
  const workstation = await signedInWorkstation(
    { dataDir: dir, url: proxy.url, anonKey: stack.stack.anonKey, requestTimeoutMs: 2_000 },
    email,
  );
  cleanups.push(() => workstation.close());
  await syncUntilQuiet(workstation);
  return workstation;
}

async function staffClient(email = MANAGER) {
  const client = clientFor(stack.stack, stack.stack.anonKey);
  const { error } = await client.auth.signInWithPassword({ email, password: DEMO_PASSWORD });
  if (error) throw error;
  return client;
}

async function userIdOf(email: string): Promise<string> {
  const { rows } = await stack.sql.query<{ id: string }>('select id from auth.users where email = $1', [email]);
  return rows[0]!.id;
}

/** A fresh open lead of `email`'s that no other test touches. */
async function freshLeadOf(email: string): Promise<string> {
  const { rows } = await stack.sql.query<{ id: string }>(
    `update public.leads set status = 'new', name = 'Story lead'
      where id = (select id from public.leads where assigned_to = $1 and status = 'new'
                    and name <> 'Story lead' and not do_not_call order by id limit 1)
      returning id`,
    [await userIdOf(email)],
  );
  return rows[0]!.id;
}

describe('reassignment while offline', () => {
  it("keeps tc1's offline call, attributed to tc1, and moves the lead from tc1's cache to tc2's", async () => {
    const tc1 = await workstationFor(TC1);
    const tc2 = await workstationFor(TC2);
    const leadId = await freshLeadOf(TC1);
    await syncUntilQuiet(tc1);
    expect(tc1.cache.leadWithHistory(leadId)).not.toBeNull();

    proxy.mode('drop');
    const call = tc1.cache.logCall({ leadId, disposition: 'NA', notes: 'offline call', now: Date.now() });
    expect(call.ok).toBe(true);
    if (!call.ok) return;

    const manager = await staffClient();
    const { error } = await manager.from('leads').update({ assigned_to: await userIdOf(TC2) }).eq('id', leadId);
    expect(error).toBeNull();

    proxy.mode('pass');
    await syncUntilQuiet(tc1);
    const { rows } = await stack.sql.query<{ created_by: string }>(
      'select created_by from public.interactions where id = $1',
      [call.interaction.id],
    );
    expect(rows).toEqual([{ created_by: await userIdOf(TC1) }]);
    expect(tc1.cache.leadWithHistory(leadId)).toBeNull();
    expect(tc1.cache.deadLetters()).toEqual([]);

    await syncUntilQuiet(tc2);
    const atTc2 = tc2.cache.leadWithHistory(leadId);
    expect(atTc2?.lead.assigned_to).toBe(await userIdOf(TC2));
    expect(atTc2?.interactions.map((row) => row.id)).toContain(call.interaction.id);
  });
});

describe('concurrent edits of one lead', () => {
  it('resolve per field, the same on the manager and the telecaller', async () => {
    const tc1 = await workstationFor(TC1);
    const leadId = await freshLeadOf(TC1);
    await syncUntilQuiet(tc1);

    proxy.mode('drop');
    const edit = tc1.cache.updateContact({
      leadId,
      set: { name: 'Name from tc1', email: 'tc1-edit@example.com' },
      now: Date.now(),
    });
    expect(edit.ok).toBe(true);

    const manager = await staffClient();
    const { error } = await manager
      .from('leads')
      .update({ name: 'Name from manager', company: 'Company from manager' })
      .eq('id', leadId);
    expect(error).toBeNull();

    proxy.mode('pass');
    await syncUntilQuiet(tc1);
    // Per field: tc1 changed name and email, the manager name and company. The later writer (tc1's push)
    // wins the field both changed, the conflict is logged; the fields only one side changed keep that change.
    const { rows } = await stack.sql.query<{ name: string; email: string; company: string }>(
      'select name, email, company from public.leads where id = $1',
      [leadId],
    );
    expect(rows[0]).toEqual({
      name: 'Name from tc1',
      email: 'tc1-edit@example.com',
      company: 'Company from manager',
    });
    const cached = tc1.cache.leadWithHistory(leadId)!.lead;
    expect({ name: cached.name, email: cached.email, company: cached.company }).toEqual(rows[0]);

    const managerStation = await workstationFor(MANAGER);
    const atManager = managerStation.cache.leadWithHistory(leadId)!.lead;
    expect({ name: atManager.name, email: atManager.email, company: atManager.company }).toEqual(rows[0]);
    const conflicts = await stack.sql.query('select 1 from sync.conflicts where lead_id = $1', [leadId]);
    expect(conflicts.rowCount).toBeGreaterThan(0);
  });

  it('turns a status move the server no longer allows into a conflict both sides can see', async () => {
    const tc1 = await workstationFor(TC1);
    const leadId = await freshLeadOf(TC1);
    await syncUntilQuiet(tc1);

    proxy.mode('drop');
    const move = tc1.cache.setStatus({ leadId, to: 'qualified', now: Date.now() });
    expect(move.ok).toBe(true);
    const manager = await staffClient();
    expect((await manager.from('leads').update({ status: 'lost' }).eq('id', leadId)).error).toBeNull();

    proxy.mode('pass');
    await syncUntilQuiet(tc1);
    const letters = tc1.cache.deadLetters().filter((letter) => letter.args.lead_id === leadId);
    expect(letters).toHaveLength(1);
    expect(letters[0]!.status).toBe('conflict');
    expect(tc1.cache.leadWithHistory(leadId)!.lead.status).toBe('lost');
    const conflicts = await stack.sql.query('select 1 from sync.conflicts where lead_id = $1', [leadId]);
    expect(conflicts.rowCount).toBeGreaterThan(0);
  });
});

describe('rejections', () => {
  it('keeps a call on a lead that went do-not-call visible with its reason, and the queue moves on', async () => {
    const tc1 = await workstationFor(TC1);
    const leadId = await freshLeadOf(TC1);
    await syncUntilQuiet(tc1);
    proxy.mode('drop');
    const manager = await staffClient();
    const { rows } = await stack.sql.query<{ phone_e164: string }>('select phone_e164 from public.leads where id = $1', [leadId]);
    expect((await manager.from('dnc_list').insert({ phone_e164: rows[0]!.phone_e164, reason: 'asked by email' })).error).toBeNull();
    await new Promise((resolve) => setTimeout(resolve, 20));

    const call = tc1.cache.logCall({ leadId, disposition: 'NA', notes: 'called anyway', now: Date.now() });
    const other = await freshLeadOf(TC1);
    const note = tc1.cache.addNote({ leadId: other, content: 'after the refusal', now: Date.now() });
    expect(call.ok && note.ok).toBe(true);
    if (!call.ok || !note.ok) return;

    proxy.mode('pass');
    await syncUntilQuiet(tc1);
    const letters = tc1.cache.deadLetters();
    const letter = letters.find((entry) => entry.seq === call.seq);
    expect(letter?.code).toBe('DNC_LEAD');
    expect(letter?.message).toBeTruthy();
    const history = tc1.cache.leadWithHistory(leadId)!;
    const row = history.interactions.find((entry) => entry.id === call.interaction.id);
    expect(row?.sync).toMatchObject({ state: 'rejected', code: 'DNC_LEAD' });
    const applied = await stack.sql.query('select 1 from public.interactions where id = $1', [note.interaction.id]);
    expect(applied.rowCount).toBe(1);
  });

  it('sends a refused call again when the telecaller retries it after the number came off the list', async () => {
    const tc1 = await workstationFor(TC1);
    const leadId = await freshLeadOf(TC1);
    const { rows } = await stack.sql.query<{ phone_e164: string }>('select phone_e164 from public.leads where id = $1', [leadId]);
    const phone = rows[0]!.phone_e164;
    // Listed by mistake (another person's number) a moment before the call.
    await stack.sql.query(`insert into public.dnc_list (phone_e164, reason) values ($1, 'listed by mistake')`, [phone]);
    await new Promise((resolve) => setTimeout(resolve, 20));
    const call = tc1.cache.logCall({ leadId, disposition: 'NA', notes: 'rang twice', now: Date.now() });
    if (!call.ok) throw new Error(call.message);
    await syncUntilQuiet(tc1);
    expect(tc1.cache.deadLetters().find((entry) => entry.seq === call.seq)?.code).toBe('DNC_LEAD');
    const onServer = () =>
      stack.sql.query<{ created_by: string }>('select created_by from public.interactions where id = $1', [call.interaction.id]);
    expect((await onServer()).rowCount).toBe(0);

    // An admin takes the number off the list; the telecaller retries from the dead-letter list.
    await stack.sql.query('delete from public.dnc_list where phone_e164 = $1', [phone]);
    const retried = tc1.cache.retryDeadLetter(call.seq, Date.now());
    if (!retried.ok) throw new Error(retried.message);
    await syncUntilQuiet(tc1);

    const landed = await onServer();
    expect(landed.rows).toEqual([{ created_by: await userIdOf(TC1) }]);
    expect(tc1.cache.deadLetters().some((entry) => entry.seq === call.seq || entry.seq === retried.seq)).toBe(false);
    expect(tc1.cache.health()).toMatchObject({ pending: 0 });
    const history = tc1.cache.leadWithHistory(leadId)!;
    expect(history.interactions.filter((entry) => entry.id === call.interaction.id)).toEqual([
      expect.objectContaining({ sync: { state: 'synced' } }),
    ]);
  });
});

describe('sessions', () => {
  it('keeps the outbox of a revoked session and pushes it after signing in again', async () => {
    const tc1 = await workstationFor(TC1);
    const leadId = await freshLeadOf(TC1);
    await syncUntilQuiet(tc1);
    const call = tc1.cache.logCall({ leadId, disposition: 'B', notes: 'before revoke', now: Date.now() });
    expect(call.ok).toBe(true);

    // Another device signs tc1 out everywhere.
    const elsewhere = clientFor(stack.stack, stack.stack.anonKey);
    await elsewhere.auth.signInWithPassword({ email: TC1, password: DEMO_PASSWORD });
    await elsewhere.auth.signOut({ scope: 'global' });
    // Access tokens are stateless JWTs that stay valid until they expire; the revocation shows at the next refresh.
    await tc1.session.refreshNow();

    const round = await tc1.syncOnce();
    expect(round.ok).toBe(false);
    expect(round.error?.code).toBe('SESSION_REVOKED');
    expect(tc1.cache.health().pending).toBe(1);

    expect((await tc1.signIn(TC1, DEMO_PASSWORD)).ok).toBe(true);
    await syncUntilQuiet(tc1);
    if (!call.ok) return;
    const found = await stack.sql.query('select 1 from public.interactions where id = $1', [call.interaction.id]);
    expect(found.rowCount).toBe(1);
  });

  it("never shows a second user on the same machine the first one's cache", async () => {
    const temp = tempDir('talentg-shared-');
    cleanups.push(temp.remove);
    const station = await workstationFor(TC1, temp.dir);
    const tc1Id = station.cache.userId;
    const leadId = await freshLeadOf(TC1);
    await syncUntilQuiet(station);
    proxy.mode('drop');
    const call = station.cache.logCall({ leadId, disposition: 'NA', notes: 'tc1 pending', now: Date.now() });
    expect(call.ok).toBe(true);
    proxy.mode('pass');

    expect((await station.signIn(TC2, DEMO_PASSWORD)).ok).toBe(true);
    await syncUntilQuiet(station);
    expect(station.cache.userId).not.toBe(tc1Id);
    expect(station.cache.leadWithHistory(leadId)).toBeNull();
    const tc2View = cacheProjection(cacheFilePath(temp.dir, station.cache.userId));
    const tc1Leads = await stack.sql.query<{ id: string }>('select id from public.leads where assigned_to = $1', [tc1Id]);
    for (const { id } of tc1Leads.rows) expect(tc2View.leads.has(id)).toBe(false);
    // tc1's pending call waited in tc1's file, was not sent as tc2, and goes out when tc1 is back.
    if (!call.ok) return;
    const notYet = await stack.sql.query('select 1 from public.interactions where id = $1', [call.interaction.id]);
    expect(notYet.rowCount).toBe(0);
    expect((await station.signIn(TC1, DEMO_PASSWORD)).ok).toBe(true);
    await syncUntilQuiet(station);
    const sent = await stack.sql.query<{ created_by: string }>('select created_by from public.interactions where id = $1', [call.interaction.id]);
    expect(sent.rows).toEqual([{ created_by: tc1Id }]);
  });
});

describe('out-of-order commits', () => {
  it('misses neither of two transactions that commit in the reverse order of their ids', async () => {
    const tc1 = await workstationFor(TC1);
    const leadId = await freshLeadOf(TC1);
    await syncUntilQuiet(tc1);
    const early = new pg.Client({ connectionString: stack.dbUrl });
    const late = new pg.Client({ connectionString: stack.dbUrl });
    await early.connect();
    await late.connect();
    cleanups.push(async () => {
      await early.end();
      await late.end();
    });
    const insert = `insert into public.interactions (lead_id, type, content, created_by)
                    values ($1, 'note', $2, (select assigned_to from public.leads where id = $1)) returning id`;
    await early.query('begin');
    const first = await early.query<{ id: string }>(insert, [leadId, 'first to start, last to commit']);
    await early.query('select pg_current_xact_id()');
    await late.query('begin');
    const second = await late.query<{ id: string }>(insert, [leadId, 'second to start, first to commit']);
    await late.query('commit');

    await syncUntilQuiet(tc1);
    const ids = () => tc1.cache.leadWithHistory(leadId)!.interactions.map((row) => row.id);
    expect(ids()).toContain(second.rows[0]!.id);
    expect(ids()).not.toContain(first.rows[0]!.id);

    await early.query('commit');
    await syncUntilQuiet(tc1);
    expect(ids()).toContain(first.rows[0]!.id);
  });
});

describe('convergence', () => {
  it('leaves every cache equal to what its user sees on the server', async () => {
    const tc1 = await workstationFor(TC1);
    await syncUntilQuiet(tc1);
    const server = await serverProjection(stack.stack, TC1);
    const cache = cacheProjection(tc1.cache.path);
    expect(cache.leads).toEqual(server.leads);
    expect(cache.interactions).toEqual(server.interactions);
  });
});

describe('an access token that expires while offline', () => {
  let shortLived: SyncStack;
  let link: FaultProxy;
  beforeAll(async () => {
    shortLived = await startSyncStack({ jwtExpiry: 3 });
    link = await startFaultProxy({ targetPort: portOf(shortLived.stack.url) });
  });
  afterAll(async () => {
    await link?.close();
    await shortLived?.close();
  });

  it('is refreshed on reconnect and the offline work is pushed', async () => {
    const temp = tempDir('talentg-expiry-');
    cleanups.push(temp.remove);
    const tc1 = await signedInWorkstation(
      { dataDir: temp.dir, url: link.url, anonKey: shortLived.stack.anonKey, requestTimeoutMs: 2_000 },
      TC1,
    );
    cleanups.push(() => tc1.close());
    await syncUntilQuiet(tc1);
    const leadId = tc1.cache.queue({ now: Date.now(), limit: 1 })[0]!.lead.id;

    link.mode('drop');
    link.cutAll();
    const call = tc1.cache.logCall({ leadId, disposition: 'NA', notes: 'while the token expired', now: Date.now() });
    expect(call.ok).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 3_500));
    const offline = await tc1.syncOnce();
    expect(offline.error?.code).toBe('OFFLINE');
    expect(tc1.session.state().status).toBe('signed_in');

    link.mode('pass');
    await syncUntilQuiet(tc1);
    if (!call.ok) return;
    const found = await shortLived.sql.query('select 1 from public.interactions where id = $1', [call.interaction.id]);
    expect(found.rowCount).toBe(1);
  });
});

describe('the engine on its own', () => {
  it('retries a failed push on its back-off timer, with no new write to wake it', async () => {
    const temp = tempDir('talentg-retry-');
    cleanups.push(temp.remove);
    const tc1 = await signedInWorkstation(
      {
        dataDir: temp.dir,
        url: proxy.url,
        anonKey: stack.stack.anonKey,
        requestTimeoutMs: 1_000,
        // The periodic round is far away: only the back-off timer can bring the write out.
        sync: { periodicMs: 10 * 60_000, backoff: { baseMs: 50, maxMs: 200 } },
      },
      TC1,
    );
    cleanups.push(() => tc1.close());
    await syncUntilQuiet(tc1);
    const leadId = await freshLeadOf(TC1);
    await syncUntilQuiet(tc1);

    proxy.mode('drop');
    proxy.cutAll();
    const call = tc1.cache.logCall({ leadId, disposition: 'B', notes: 'retried by the timer', now: Date.now() });
    if (!call.ok) throw new Error(call.message);
    tc1.startSync({ realtime: false });
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect(tc1.status().last_error?.code).toBe('OFFLINE');
    proxy.mode('pass');

    const deadline = Date.now() + 10_000;
    while (tc1.cache.health().pending > 0 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(tc1.cache.health().pending).toBe(0);
    const found = await stack.sql.query('select 1 from public.interactions where id = $1', [call.interaction.id]);
    expect(found.rowCount).toBe(1);
  });
});

describe('an answer lost on the way back', () => {
  it('applies the push once: the resend is answered as a duplicate and leaves the outbox', async () => {
    const tc1 = await workstationFor(TC1);
    const leadId = await freshLeadOf(TC1);
    await syncUntilQuiet(tc1);
    const note = tc1.cache.addNote({ leadId, content: 'answer lost', now: Date.now() });
    if (!note.ok) throw new Error(note.message);

    // The request reaches the server and commits; the connection dies before the answer arrives.
    proxy.cutAfterBytes(1, 'response');
    const lost = await tc1.syncOnce();
    proxy.cutAfterBytes(null);
    expect(lost.ok).toBe(false);
    expect(tc1.cache.health().pending).toBe(1);
    const { rows } = await stack.sql.query<{ status: string }>(
      'select status from sync.mutations where client_id = $1 and mutation_id = $2',
      [tc1.cache.clientId, tc1.cache.pendingBatch(1)[0]!.id],
    );
    expect(rows).toEqual([{ status: 'applied' }]);

    await syncUntilQuiet(tc1);
    expect(tc1.cache.deadLetters()).toEqual([]);
    const found = await stack.sql.query('select 1 from public.interactions where id = $1', [note.interaction.id]);
    expect(found.rowCount).toBe(1);
  });
});
