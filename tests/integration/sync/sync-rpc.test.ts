// The sync RPCs (docs/sync-protocol.md) through the real supabase-js client against the embedded
// stack, on PGlite and on PostgreSQL 15; commit order with two real connections on PostgreSQL.
import { randomUUID } from 'node:crypto';
import type { SupabaseClient } from '@supabase/supabase-js';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { canMoveStatus, type StatusActor } from '../../../src/domain/dispositions';
import type { LeadStatus } from '../../../src/domain/lead';
import type { RunningStack } from '../../../src/local-supabase/stack.js';
import {
  bootstrapAnswerSchema,
  pullAnswerSchema,
  pushAnswerSchema,
  type PullAnswer,
  type PushAnswer,
} from '../../../src/workstation/sync/wire';
import type { ContractTarget } from '../../support/contract-target.js';
import {
  createDatabaseAt,
  sharedClusterUrl,
  uniqueDatabaseName,
} from '../../support/pg-cluster.js';
import { startTestStack } from '../../support/stack.js';
import { anonClient, signIn, type DemoUser, type SignedIn } from '../contract/demo-users.js';

interface SyncTarget extends ContractTarget {
  stack: RunningStack;
  /** The PostgreSQL database behind the stack; null on PGlite (one connection, no second session). */
  databaseUrl: string | null;
}

function targetOf(name: string, stack: RunningStack, databaseUrl: string | null): SyncTarget {
  return {
    name,
    stack,
    databaseUrl,
    url: stack.url,
    anonKey: stack.anonKey,
    serviceRoleKey: stack.serviceRoleKey,
    close: () => stack.close(),
  };
}

const clusterDb = await createDatabaseAt(sharedClusterUrl(), uniqueDatabaseName('sync_rpc'));
const [onPglite, onPostgres] = await Promise.all([
  startTestStack({ db: 'memory', seed: true }),
  startTestStack({ db: clusterDb, seed: true }),
]);
const targets = [
  targetOf('embedded on PGlite', onPglite, null),
  targetOf('embedded on PostgreSQL 15', onPostgres, clusterDb),
];
afterAll(() => Promise.all(targets.map((target) => target.close())));

type Entity = 'lead' | 'interaction' | 'callback' | 'disposition';

async function rpc(
  client: SupabaseClient,
  fn: string,
  args: Record<string, unknown>,
): Promise<unknown> {
  const { data, error } = await client.rpc(fn, args);
  if (error) throw new Error(`${fn} failed: ${error.code} ${error.message}`);
  return data;
}

async function pull(who: SignedIn, cursor: string | null, limit = 1000): Promise<PullAnswer> {
  return pullAnswerSchema.parse(
    await rpc(who.client, 'sync_pull', { p_cursor: cursor, p_limit: limit }),
  );
}

/** Follows `next` to the last page, as the engine does; the changes of every page, and the cursor. */
async function pullToEnd(
  who: SignedIn,
  cursor: string,
  limit = 1000,
): Promise<{ changes: PullAnswer['changes']; cursor: string; pages: number }> {
  const changes: PullAnswer['changes'] = [];
  let page = await pull(who, cursor, limit);
  let pages = 1;
  expect(page.resync).toBe(false);
  changes.push(...page.changes);
  while (page.next !== null) {
    expect(page.cursor).toBeNull();
    page = await pull(who, page.next, limit);
    pages += 1;
    changes.push(...page.changes);
  }
  expect(page.cursor).not.toBeNull();
  return { changes, cursor: page.cursor!, pages };
}

/** A cursor for "now": what a resync hands out. */
async function freshCursor(who: SignedIn): Promise<string> {
  const answer = await pull(who, null);
  expect(answer).toMatchObject({ resync: true, changes: [], next: null });
  return answer.cursor!;
}

async function bootstrapAll(
  who: SignedIn,
  entity: Entity,
  limit: number,
): Promise<Record<string, unknown>[]> {
  const rows: Record<string, unknown>[] = [];
  let after: string | null = null;
  do {
    const page = bootstrapAnswerSchema.parse(
      await rpc(who.client, 'sync_bootstrap', { p_entity: entity, p_after: after, p_limit: limit }),
    );
    rows.push(...page.rows);
    after = page.next_after;
  } while (after !== null);
  return rows;
}

async function push(who: SignedIn, clientId: string, mutations: unknown[]): Promise<PushAnswer> {
  return pushAnswerSchema.parse(
    await rpc(who.client, 'sync_push', { p_client_id: clientId, p_mutations: mutations }),
  );
}

function mutation(seq: number, op: string, args: Record<string, unknown>) {
  return { seq, id: randomUUID(), op, args, created_at: new Date().toISOString() };
}

/** xmin and xmax of a stored cursor 'v1:<xmin>:<xmax>:<xip>'. */
function snapshotBounds(cursor: string): [bigint, bigint] {
  const match = /^v1:(\d+):(\d+):/.exec(cursor);
  if (!match) throw new Error(`not a stored cursor: ${cursor}`);
  return [BigInt(match[1]!), BigInt(match[2]!)];
}

async function count(
  who: SignedIn,
  table: string,
  column?: string,
  value?: string,
): Promise<number> {
  let query = who.client.from(table).select('*', { count: 'exact', head: true });
  if (column !== undefined) query = query.eq(column, value!);
  const { count: total, error } = await query;
  expect(error).toBeNull();
  return total ?? -1;
}

const ids = (rows: readonly Record<string, unknown>[]) => rows.map((row) => String(row.id)).sort();

describe.each(targets)('sync RPCs on $name', (target) => {
  const users = new Map<DemoUser, SignedIn>();
  async function as(user: DemoUser): Promise<SignedIn> {
    if (!users.has(user)) users.set(user, await signIn(target, user));
    return users.get(user)!;
  }

  /** tc1's leads with call history, first by id. */
  async function tc1LeadsWithHistory(): Promise<string[]> {
    const { rows } = await target.stack.db.query<{ id: string }>(
      `select l.id from public.leads l
        where l.assigned_to = '00000000-0000-4000-8000-000000000003' and not l.do_not_call
          and exists (select 1 from public.interactions i where i.lead_id = l.id)
        order by l.id`,
    );
    return rows.map((row) => row.id);
  }

  it('first sync: resync, bootstrap pages equal what RLS shows the telecaller, then an empty pull', async () => {
    const tc1 = await as('tc1');
    const cursor = await freshCursor(tc1);
    const leads = await bootstrapAll(tc1, 'lead', 60);
    const visibleLeads = await tc1.client.from('leads').select('id');
    expect(visibleLeads.error).toBeNull();
    expect(ids(leads)).toEqual(ids(visibleLeads.data!));
    expect(leads.every((lead) => lead.assigned_to === tc1.userId)).toBe(true);

    const interactions = await bootstrapAll(tc1, 'interaction', 250);
    expect(new Set(ids(interactions)).size).toBe(interactions.length);
    expect(interactions.length).toBe(await count(tc1, 'interactions'));
    expect((await bootstrapAll(tc1, 'callback', 5000)).length).toBe(await count(tc1, 'callbacks'));
    expect((await bootstrapAll(tc1, 'disposition', 4)).map((row) => row.code)).toHaveLength(11);

    const after = await pullToEnd(tc1, cursor);
    expect(after.changes).toEqual([]);
    const [xmin, xmax] = snapshotBounds(cursor);
    const [nextXmin, nextXmax] = snapshotBounds(after.cursor);
    expect(nextXmin >= xmin && nextXmax >= xmax, `${after.cursor} is before ${cursor}`).toBe(true);
  });

  it('refuses anon and malformed input as RPC errors, never as answers', async () => {
    const anon = await anonClient(target).rpc('sync_pull', { p_cursor: null, p_limit: 10 });
    expect(anon.data).toBeNull();
    expect(anon.error?.code).toBe('42501');
    const tc1 = await as('tc1');
    const malformed = await tc1.client.rpc('sync_push', {
      p_client_id: randomUUID(),
      p_mutations: {},
    });
    expect(malformed.error?.code).toBe('22023');
    const entity = await tc1.client.rpc('sync_bootstrap', { p_entity: 'profiles' });
    expect(entity.error?.code).toBe('22023');
  });

  it('a reassignment: the old holder removes the lead, the new holder gets it with its history', async () => {
    const [tc1, tc2, manager] = await Promise.all([as('tc1'), as('tc2'), as('manager')]);
    const [leadId] = await tc1LeadsWithHistory();
    const [tc1Cursor, tc2Cursor] = await Promise.all([freshCursor(tc1), freshCursor(tc2)]);
    const history = await count(manager, 'interactions', 'lead_id', leadId);
    expect(history).toBeGreaterThan(0);
    try {
      const moved = await manager.client
        .from('leads')
        .update({ assigned_to: tc2.userId })
        .eq('id', leadId!);
      expect(moved.error).toBeNull();

      const lost = await pullToEnd(tc1, tc1Cursor);
      expect(lost.changes).toEqual([{ entity: 'lead', id: leadId, op: 'remove' }]);

      const gained = await pullToEnd(tc2, tc2Cursor);
      const lead = gained.changes.find(
        (change) => change.entity === 'lead' && change.id === leadId,
      );
      expect(lead).toMatchObject({ op: 'upsert', row: { id: leadId, assigned_to: tc2.userId } });
      const granted = gained.changes.filter((change) => change.entity === 'interaction');
      expect(granted).toHaveLength(history);
      expect(
        granted.every((change) => change.op === 'upsert' && change.row.lead_id === leadId),
      ).toBe(true);
    } finally {
      await manager.client.from('leads').update({ assigned_to: tc1.userId }).eq('id', leadId!);
    }
  });

  it('a telecaller never pulls another telecaller’s changes', async () => {
    const [tc1, manager] = await Promise.all([as('tc1'), as('manager')]);
    const cursor = await freshCursor(tc1);
    const { data: theirs } = await manager.client
      .from('leads')
      .select('id')
      .eq('assigned_to', (await as('tc2')).userId)
      .limit(3);
    for (const lead of theirs!) {
      const updated = await manager.client
        .from('leads')
        .update({ source: 'sync-test' })
        .eq('id', lead.id);
      expect(updated.error).toBeNull();
    }
    expect((await pullToEnd(tc1, cursor)).changes).toEqual([]);
  });

  it('push: applied once, a resend is a duplicate, a gap stops, the client id is bound to its user', async () => {
    const [tc1, tc2] = await Promise.all([as('tc1'), as('tc2')]);
    const [leadId] = (await tc1LeadsWithHistory()).slice(1);
    const cursor = await freshCursor(tc1);
    const clientId = randomUUID();
    const interactionId = randomUUID();
    const { data: before } = await tc1.client
      .from('leads')
      .select('attempts, status')
      .eq('id', leadId!)
      .single();
    const call = mutation(1, 'log_call', {
      interaction_id: interactionId,
      lead_id: leadId,
      disposition: 'NA',
      notes: 'Through supabase-js',
      duration_seconds: 12,
      occurred_at: new Date().toISOString(),
      status_from: before!.status,
      status_to: before!.status,
    });

    const first = await push(tc1, clientId, [call]);
    expect(first).toEqual({ last_seq: 1, results: [{ seq: 1, id: call.id, status: 'applied' }] });
    const again = await push(tc1, clientId, [call]);
    expect(again.results).toEqual([
      { seq: 1, id: call.id, status: 'duplicate', original_status: 'applied' },
    ]);
    const { data: after } = await tc1.client
      .from('leads')
      .select('attempts')
      .eq('id', leadId!)
      .single();
    expect(after!.attempts).toBe(before!.attempts + 1);

    const gap = await push(tc1, clientId, [mutation(3, 'add_note', { lead_id: leadId })]);
    expect(gap).toEqual({ last_seq: 1, results: [], error: { code: 'SYNC_SEQ_GAP', expected: 2 } });
    const foreign = await push(tc2, clientId, [mutation(2, 'add_note', { lead_id: leadId })]);
    expect(foreign).toEqual({ last_seq: 0, results: [], error: { code: 'SYNC_CLIENT_MISMATCH' } });

    const pulled = await pullToEnd(tc1, cursor);
    expect(pulled.changes).toContainEqual(
      expect.objectContaining({ entity: 'interaction', id: interactionId, op: 'upsert' }),
    );
    expect(pulled.changes).toContainEqual(
      expect.objectContaining({
        entity: 'lead',
        id: leadId,
        row: expect.objectContaining({ attempts: before!.attempts + 1 }),
      }),
    );
  });

  it('refusals and conflicts are answers; sync_conflicts shows them to the caller and to staff only', async () => {
    const [tc1, tc2, manager] = await Promise.all([as('tc1'), as('tc2'), as('manager')]);
    const [leadId] = (await tc1LeadsWithHistory()).slice(2);
    const { data: lead } = await tc1.client
      .from('leads')
      .select('status')
      .eq('id', leadId!)
      .single();
    const stale = lead!.status === 'new' ? 'qualified' : 'new';
    const clientId = randomUUID();
    const answer = await push(tc1, clientId, [
      mutation(1, 'set_status', { lead_id: leadId, from: stale, to: 'lost', base_version: 1 }),
      mutation(2, 'add_note', {
        lead_id: randomUUID(),
        interaction_id: randomUUID(),
        content: 'x',
        occurred_at: new Date().toISOString(),
      }),
    ]);
    expect(answer.results.map(({ status, code }) => [status, code])).toEqual([
      ['conflict', 'SYNC_CONFLICT'],
      ['rejected', 'LEAD_NOT_FOUND'],
    ]);
    expect(answer.results[0]!.server_row).toMatchObject({ id: leadId, status: lead!.status });

    const mine = (await rpc(tc1.client, 'sync_conflicts', {})) as {
      mutation_id: string;
      user_id: string;
    }[];
    expect(mine.map((row) => row.mutation_id)).toContain(answer.results[0]!.id);
    expect(mine.every((row) => row.user_id === tc1.userId)).toBe(true);
    const theirs = (await rpc(tc2.client, 'sync_conflicts', {})) as { mutation_id: string }[];
    expect(theirs.map((row) => row.mutation_id)).not.toContain(answer.results[0]!.id);
    const floor = (await rpc(manager.client, 'sync_conflicts', {})) as { mutation_id: string }[];
    expect(floor.map((row) => row.mutation_id)).toContain(answer.results[0]!.id);
  });

  it('notes and status-keeping calls land the same whether the batch is eligible for the one-pass path or not', async () => {
    const tc1 = await as('tc1');
    const [leadA, leadB] = (await tc1LeadsWithHistory()).slice(2, 4);
    const occurredAt = new Date().toISOString();
    const statusOf = async (id: string) =>
      (
        await target.stack.db.query<{ status: string }>(
          'select status from public.leads where id = $1',
          [id],
        )
      ).rows[0]!.status;
    const batch = async (leadId: string, extra: unknown[]) => {
      const status = await statusOf(leadId);
      const note = {
        interaction_id: randomUUID(),
        lead_id: leadId,
        content: 'one pass?',
        occurred_at: occurredAt,
      };
      const call = {
        interaction_id: randomUUID(),
        lead_id: leadId,
        disposition: 'B',
        notes: 'busy',
        duration_seconds: 3,
        occurred_at: occurredAt,
        status_from: status,
        status_to: status,
      };
      const mutations = [mutation(1, 'add_note', note), mutation(2, 'log_call', call), ...extra];
      return {
        answer: await push(tc1, randomUUID(), mutations),
        ids: [note.interaction_id, call.interaction_id],
      };
    };
    const effects = async (leadId: string, ids: string[]) => {
      const { rows } = await target.stack.db.query<Record<string, unknown>>(
        `select type, content, disposition, duration_seconds, created_by from public.interactions
          where id = any($1::uuid[]) order by type`,
        [ids],
      );
      return rows;
    };
    const attempts = async (id: string) =>
      Number(
        (
          await target.stack.db.query<{ attempts: number }>(
            'select attempts from public.leads where id = $1',
            [id],
          )
        ).rows[0]!.attempts,
      );

    const beforeA = await attempts(leadA!);
    const onePass = await batch(leadA!, []);
    // A set_status at the end makes the batch ineligible for the one-pass path: every mutation goes one by one.
    const beforeB = await attempts(leadB!);
    const statusB = await statusOf(leadB!);
    const perMutation = await batch(leadB!, [
      mutation(3, 'set_status', { lead_id: leadB, from: statusB, to: statusB, base_version: 1 }),
    ]);

    expect(onePass.answer.results.map(({ seq, status }) => ({ seq, status }))).toEqual(
      perMutation.answer.results.slice(0, 2).map(({ seq, status }) => ({ seq, status })),
    );
    expect(
      onePass.answer.results.every(
        (result) => Object.keys(result).sort().join() === 'id,seq,status',
      ),
    ).toBe(true);
    expect(await effects(leadA!, onePass.ids)).toEqual(await effects(leadB!, perMutation.ids));
    expect((await attempts(leadA!)) - beforeA).toBe(1);
    expect((await attempts(leadB!)) - beforeB).toBe(1);
    const { rows } = await target.stack.db.query<{ n: string }>(
      'select count(*)::text as n from sync.mutations where mutation_id = any($1::uuid[])',
      [onePass.answer.results.map((result) => result.id)],
    );
    expect(Number(rows[0]!.n)).toBe(2);
  });

  it('the same page asked twice answers the same state', async () => {
    const [tc1, manager] = await Promise.all([as('tc1'), as('manager')]);
    const cursor = await freshCursor(tc1);
    const leadsOfTc1 = await tc1LeadsWithHistory();
    for (const leadId of leadsOfTc1.slice(0, 3)) {
      await manager.client
        .from('leads')
        .update({ source: `page-${leadId.slice(0, 4)}` })
        .eq('id', leadId);
    }
    const firstPage = await pull(tc1, cursor, 1);
    expect(firstPage.next).not.toBeNull();
    // A stored cursor takes a new snapshot each time (so `next` differs); the answer is the same.
    expect((await pull(tc1, cursor, 1)).changes).toEqual(firstPage.changes);
    expect(await pull(tc1, firstPage.next, 1)).toEqual(await pull(tc1, firstPage.next, 1));
    const all = await pullToEnd(tc1, cursor, 1);
    expect(all.pages).toBe(3);
    expect(new Set(all.changes.map((change) => change.id))).toEqual(
      new Set(leadsOfTc1.slice(0, 3)),
    );
  });

  it('the server status machine is src/domain STATUS_TRANSITIONS', async () => {
    const statuses: LeadStatus[] = ['new', 'contacted', 'qualified', 'converted', 'lost'];
    const actors: StatusActor[] = ['telecaller', 'manager'];
    // Booleans as text: the adapters hand PostgreSQL booleans over differently.
    const { rows } = await target.stack.db.query<{
      f: string;
      t: string;
      staff: string;
      allowed: string;
    }>(
      `select f, t, staff::text, sync.status_move_allowed(f, t, staff)::text as allowed
         from unnest($1::text[]) f, unnest($1::text[]) t, unnest(array[false, true]) staff`,
      [statuses],
    );
    expect(rows).toHaveLength(statuses.length ** 2 * actors.length);
    for (const row of rows) {
      const actor: StatusActor = row.staff === 'true' ? 'manager' : 'telecaller';
      expect(row.allowed === 'true', `${row.f} -> ${row.t} by ${actor}`).toBe(
        canMoveStatus(row.f as LeadStatus, row.t as LeadStatus, actor),
      );
    }
  });
});

describe('sync RPCs with concurrent transactions on PostgreSQL 15', () => {
  const target = targets[1]!;
  const connections: pg.Client[] = [];
  afterAll(() => Promise.all(connections.map((connection) => connection.end())));

  async function connection(): Promise<pg.Client> {
    const client = new pg.Client({ connectionString: target.databaseUrl! });
    await client.connect();
    connections.push(client);
    return client;
  }

  it('two transactions committing in the reverse order of their xids: the late one comes with the next pull', async () => {
    const tc1 = await signIn(target, 'tc1');
    const a = await connection();
    const b = await connection();
    const { rows: leads } = await a.query<{ id: string }>(
      `select id from public.leads where assigned_to = $1 order by id desc limit 2`,
      [tc1.userId],
    );
    const [leadA, leadB] = leads.map((lead) => lead.id);
    const cursor = await freshCursor(tc1);

    await a.query('begin');
    const wroteA = await a.query<{ xid: string }>(
      `with changed as (update public.leads set company = 'Written by A' where id = $1 returning id)
       select pg_current_xact_id()::text as xid from changed`,
      [leadA],
    );
    const { rows: entryA } = await a.query<{ id: string }>(
      `select max(id)::text as id from sync.change_log where xid = pg_current_xact_id()`,
    );
    await b.query('begin');
    const wroteB = await b.query<{ xid: string }>(
      `with changed as (update public.leads set company = 'Written by B' where id = $1 returning id)
       select pg_current_xact_id()::text as xid from changed`,
      [leadB],
    );
    await b.query('commit');
    const { rows: entryB } = await b.query<{ id: string }>(
      `select max(id)::text as id from sync.change_log where xid = $1::xid8`,
      [wroteB.rows[0]!.xid],
    );
    // The hazard is real: A started first and logged first, and commits last.
    expect(BigInt(wroteA.rows[0]!.xid)).toBeLessThan(BigInt(wroteB.rows[0]!.xid));
    expect(BigInt(entryA[0]!.id)).toBeLessThan(BigInt(entryB[0]!.id));

    // Pull while A is still open: B only.
    const during = await pullToEnd(tc1, cursor);
    expect(during.changes.map((change) => change.id)).toEqual([leadB]);
    expect(during.changes[0]).toMatchObject({ op: 'upsert', row: { company: 'Written by B' } });

    await a.query('commit');
    const next = await pullToEnd(tc1, during.cursor);
    expect(next.changes.map((change) => change.id)).toEqual([leadA]);
    expect(next.changes[0]).toMatchObject({ op: 'upsert', row: { company: 'Written by A' } });
    expect((await pullToEnd(tc1, next.cursor)).changes).toEqual([]);
  });
});
