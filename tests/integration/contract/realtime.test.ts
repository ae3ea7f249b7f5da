import { randomUUID } from 'node:crypto';
import type {
  RealtimePostgresChangesPayload,
  RealtimePresenceJoinPayload,
  RealtimePresenceLeavePayload,
  SupabaseClient,
} from '@supabase/supabase-js';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { contractTargets } from '../../support/contract-target.js';
import { disconnectAll, Inbox, subscribed } from '../../support/realtime.js';
import { serviceClient, signIn, uniqueName, uniquePhone, type SignedIn } from './demo-users.js';

type Row = { id: string; lead_id?: string; status?: string; assigned_to?: string };
type Change = RealtimePostgresChangesPayload<Row>;
type Presence =
  | ({ kind: 'join' } & RealtimePresenceJoinPayload<{ status: string }>)
  | ({ kind: 'leave' } & RealtimePresenceLeavePayload<{ status: string }>);

const targets = await contractTargets();
afterAll(() => Promise.all(targets.map((target) => target.close())));

/** Resolves with the first item `pick` accepts, among those arrived or still to come. */
async function arrival<T>(inbox: Inbox<T>, pick: (item: T) => boolean): Promise<T> {
  for (let count = 1; ; count++) {
    const found = (await inbox.waitFor(count)).find(pick);
    if (found !== undefined) return found;
  }
}

const rowId = (change: Change) => (change.eventType === 'DELETE' ? change.old.id : change.new.id);

describe.each(targets)('realtime on $name', (target) => {
  let tc1: SignedIn;
  let tc2: SignedIn;
  let tc1LeadId: string;
  let tc2LeadId: string;
  const clients: SupabaseClient[] = [];

  beforeAll(async () => {
    [tc1, tc2] = await Promise.all([signIn(target, 'tc1'), signIn(target, 'tc2')]);
    clients.push(tc1.client, tc2.client);
    const service = serviceClient(target);
    const [own, theirs] = await Promise.all([
      service
        .from('leads')
        .select('id')
        .eq('assigned_to', tc1.userId)
        .order('id')
        .limit(1)
        .single(),
      service
        .from('leads')
        .select('id')
        .eq('assigned_to', tc2.userId)
        .order('id')
        .limit(1)
        .single(),
    ]);
    tc1LeadId = own.data!.id;
    tc2LeadId = theirs.data!.id;
  });
  afterEach(async () => {
    await Promise.all(clients.map((client) => client.removeAllChannels()));
  });
  afterAll(() => disconnectAll(clients));

  /** `who`'s signed-in client, subscribed to `event` changes on `table`. */
  async function watch(who: SignedIn, table: 'interactions' | 'leads', event: 'INSERT' | '*') {
    const inbox = new Inbox<Change>();
    const channel = who.client
      .channel(uniqueName(`${table}-watch`))
      .on<Row>('postgres_changes', { event, schema: 'public', table } as never, (change: Change) =>
        inbox.push(change),
      );
    await subscribed(channel, 10_000);
    return inbox;
  }

  it('an interaction inserted on tc1’s lead reaches tc1’s subscription and not tc2’s', async () => {
    const [tc1Inbox, tc2Inbox] = await Promise.all([
      watch(tc1, 'interactions', 'INSERT'),
      watch(tc2, 'interactions', 'INSERT'),
    ]);
    const forTc1 = randomUUID();
    const forTc2 = randomUUID();
    const service = serviceClient(target);
    try {
      for (const [id, leadId] of [
        [forTc1, tc1LeadId],
        [forTc2, tc2LeadId],
      ] as const) {
        const { error } = await service
          .from('interactions')
          .insert({ id, lead_id: leadId, type: 'note', content: 'realtime contract' });
        expect(error).toBeNull();
      }
      const received = await arrival(tc1Inbox, (change) => rowId(change) === forTc1);
      expect(received).toMatchObject({
        eventType: 'INSERT',
        schema: 'public',
        table: 'interactions',
        new: { id: forTc1, lead_id: tc1LeadId, type: 'note' },
      });
      // tc2's own insert came after tc1's; once it has arrived, tc1's would have too.
      await arrival(tc2Inbox, (change) => rowId(change) === forTc2);
      expect(tc2Inbox.items.map(rowId)).not.toContain(forTc1);
      expect(tc1Inbox.items.map(rowId)).not.toContain(forTc2);
    } finally {
      await service.from('interactions').delete().in('id', [forTc1, forTc2]);
    }
  });

  it('tc1’s own status change on their lead reaches tc1 as an UPDATE and not tc2', async () => {
    const service = serviceClient(target);
    const created = await service
      .from('leads')
      .insert([
        { name: uniqueName('Realtime Lead'), phone_e164: uniquePhone(), assigned_to: tc1.userId },
        { name: uniqueName('Realtime Lead'), phone_e164: uniquePhone(), assigned_to: tc2.userId },
      ])
      .select('id, assigned_to');
    expect(created.error).toBeNull();
    const ownLead = created.data!.find((lead) => lead.assigned_to === tc1.userId)!.id;
    const otherLead = created.data!.find((lead) => lead.assigned_to === tc2.userId)!.id;
    try {
      const [tc1Inbox, tc2Inbox] = await Promise.all([
        watch(tc1, 'leads', '*'),
        watch(tc2, 'leads', '*'),
      ]);
      const update = await tc1.client
        .from('leads')
        .update({ status: 'contacted' })
        .eq('id', ownLead);
      expect(update.error).toBeNull();
      const received = await arrival(tc1Inbox, (change) => rowId(change) === ownLead);
      expect(received).toMatchObject({
        eventType: 'UPDATE',
        table: 'leads',
        new: { id: ownLead, status: 'contacted', assigned_to: tc1.userId },
      });

      const barrier = await service
        .from('leads')
        .update({ status: 'contacted' })
        .eq('id', otherLead);
      expect(barrier.error).toBeNull();
      await arrival(tc2Inbox, (change) => rowId(change) === otherLead);
      expect(tc2Inbox.items.map(rowId)).not.toContain(ownLead);
      expect(tc1Inbox.items.map(rowId)).not.toContain(otherLead);
    } finally {
      await service.from('leads').delete().in('id', [ownLead, otherLead]);
    }
  });

  it('presence: tc2 sees tc1 join the floor channel, then leave', async () => {
    const topic = uniqueName('floor');
    const watcherEvents = new Inbox<Presence>();
    const watcher = tc2.client
      .channel(topic, { config: { presence: { key: tc2.userId } } })
      .on(
        'presence',
        { event: 'join' },
        (payload: RealtimePresenceJoinPayload<{ status: string }>) =>
          watcherEvents.push({ kind: 'join', ...payload }),
      )
      .on(
        'presence',
        { event: 'leave' },
        (payload: RealtimePresenceLeavePayload<{ status: string }>) =>
          watcherEvents.push({ kind: 'leave', ...payload }),
      );
    await subscribed(watcher, 10_000);
    const caller = tc1.client.channel(topic, { config: { presence: { key: tc1.userId } } });
    await subscribed(caller, 10_000);

    expect(await caller.track({ status: 'ready' })).toBe('ok');
    const joined = await arrival(
      watcherEvents,
      (event) => event.kind === 'join' && event.key === tc1.userId,
    );
    expect(joined).toMatchObject({ newPresences: [{ status: 'ready' }] });
    expect(Object.keys(watcher.presenceState())).toContain(tc1.userId);

    expect(await caller.untrack()).toBe('ok');
    const left = await arrival(
      watcherEvents,
      (event) => event.kind === 'leave' && event.key === tc1.userId,
    );
    expect(left).toMatchObject({ leftPresences: [{ status: 'ready' }] });
  });
});
