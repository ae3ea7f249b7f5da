import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contractTargets } from '../../support/contract-target.js';
import { serviceClient, signIn, type SignedIn } from './demo-users.js';

// Reads as the workstation issues them, checked against the same rows fetched unfiltered and
// filtered here, so each operator is proved on the seed's real data, not on a hand-picked row.

interface Lead {
  id: string;
  name: string;
  status: string;
  priority: number;
  attempts: number;
  country: string | null;
  callback_due_at: string | null;
}

const targets = await contractTargets();
afterAll(() => Promise.all(targets.map((target) => target.close())));

const ids = (rows: { id: string }[] | null) => (rows ?? []).map((row) => row.id).sort();

describe.each(targets)('reads on $name', (target) => {
  let tc1: SignedIn;
  /** Every lead assigned to tc1, read with the service key (no RLS). */
  let own: Lead[];

  beforeAll(async () => {
    tc1 = await signIn(target, 'tc1');
    const { data, error } = await serviceClient(target)
      .from('leads')
      .select('id, name, status, priority, attempts, country, callback_due_at')
      .eq('assigned_to', tc1.userId);
    expect(error).toBeNull();
    own = data as Lead[];
    expect(own.length).toBeGreaterThan(50);
  });

  const leads = () =>
    tc1.client
      .from('leads')
      .select('id, name, status, priority, attempts, country, callback_due_at');
  const expected = (keep: (lead: Lead) => boolean) => ids(own.filter(keep));

  it('filters with eq and neq', async () => {
    const eq = await leads().eq('status', 'new');
    expect(eq.error).toBeNull();
    expect(ids(eq.data)).toEqual(expected((lead) => lead.status === 'new'));
    expect(eq.data!.length).toBeGreaterThan(0);

    const neq = await leads().neq('status', 'new');
    expect(neq.error).toBeNull();
    expect(ids(neq.data)).toEqual(expected((lead) => lead.status !== 'new'));
    expect(neq.data!.length).toBeGreaterThan(0);
  });

  it('filters with gt and lt on numbers', async () => {
    const gt = await leads().gt('attempts', 1);
    expect(gt.error).toBeNull();
    expect(ids(gt.data)).toEqual(expected((lead) => lead.attempts > 1));
    expect(gt.data!.length).toBeGreaterThan(0);

    const lt = await leads().lt('priority', 3);
    expect(lt.error).toBeNull();
    expect(ids(lt.data)).toEqual(expected((lead) => lead.priority < 3));
    expect(lt.data!.length).toBeGreaterThan(0);
  });

  it('filters with in and ilike', async () => {
    const statuses = ['qualified', 'converted'];
    const inList = await leads().in('status', statuses);
    expect(inList.error).toBeNull();
    expect(ids(inList.data)).toEqual(expected((lead) => statuses.includes(lead.status)));
    expect(inList.data!.length).toBeGreaterThan(0);

    // Case-insensitive substring of a real name, typed in the wrong case as a search box would.
    const needle = own[0]!.name.split(' ')[0]!.slice(1, 4).toUpperCase();
    const ilike = await leads().ilike('name', `%${needle}%`);
    expect(ilike.error).toBeNull();
    expect(ids(ilike.data)).toEqual(
      expected((lead) => lead.name.toLowerCase().includes(needle.toLowerCase())),
    );
    expect(ilike.data!.length).toBeGreaterThan(0);
  });

  it('filters with is null and its negation', async () => {
    const none = await leads().is('callback_due_at', null);
    expect(none.error).toBeNull();
    expect(ids(none.data)).toEqual(expected((lead) => lead.callback_due_at === null));

    const some = await leads().not('callback_due_at', 'is', null);
    expect(some.error).toBeNull();
    expect(ids(some.data)).toEqual(expected((lead) => lead.callback_due_at !== null));
    // Both halves non-empty, or the filter could be ignored and still pass.
    expect(none.data!.length).toBeGreaterThan(0);
    expect(some.data!.length).toBeGreaterThan(0);
  });

  it('filters with or, including a nested and', async () => {
    const either = await leads().or('status.eq.converted,and(status.eq.new,priority.gte.5)');
    expect(either.error).toBeNull();
    expect(ids(either.data)).toEqual(
      expected(
        (lead) => lead.status === 'converted' || (lead.status === 'new' && lead.priority >= 5),
      ),
    );
    expect(either.data!.length).toBeGreaterThan(0);
  });

  it('orders with nulls first or last, then by a tiebreaker', async () => {
    for (const nullsFirst of [true, false]) {
      const { data, error } = await tc1.client
        .from('leads')
        .select('id, callback_due_at')
        .order('callback_due_at', { ascending: true, nullsFirst })
        .order('id');
      expect(error).toBeNull();
      const due = data!.map((row) => row.callback_due_at as string | null);
      const nulls = due.filter((value) => value === null).length;
      const dated = due.filter((value): value is string => value !== null);
      const sortedDates = [...dated].sort((a, b) => Date.parse(a) - Date.parse(b));
      expect(nulls).toBeGreaterThan(0);
      expect(dated.length).toBeGreaterThan(0);
      expect(due).toEqual(
        nullsFirst
          ? [...Array<null>(nulls).fill(null), ...sortedDates]
          : [...sortedDates, ...Array<null>(nulls).fill(null)],
      );
    }
  });

  it('pages with range over a stable order', async () => {
    const byId = ids(own);
    const { data, error } = await tc1.client.from('leads').select('id').order('id').range(10, 19);
    expect(error).toBeNull();
    expect(data!.map((row) => row.id)).toEqual(byId.slice(10, 20));
  });

  it('counts exactly with head: a count and no rows', async () => {
    const { data, count, error, status } = await tc1.client
      .from('leads')
      .select('*', { count: 'exact', head: true })
      .eq('status', 'new');
    expect(error).toBeNull();
    expect(status).toBe(200);
    expect(data).toBeNull();
    expect(count).toBe(own.filter((lead) => lead.status === 'new').length);
  });

  it('embeds a lead’s interactions (one-to-many), only for the rows asked for', async () => {
    const { data: calls, error: callsError } = await tc1.client
      .from('interactions')
      .select('id, lead_id')
      .eq('type', 'call')
      .limit(1);
    expect(callsError).toBeNull();
    const leadId = calls![0]!.lead_id as string;
    const { data: history } = await tc1.client
      .from('interactions')
      .select('id')
      .eq('lead_id', leadId);

    const { data, error } = await tc1.client
      .from('leads')
      .select('id, name, interactions(id, type, disposition)')
      .eq('id', leadId)
      .single();
    expect(error).toBeNull();
    expect(data!.id).toBe(leadId);
    expect(ids(data!.interactions)).toEqual(ids(history));
    expect(data!.interactions.length).toBeGreaterThan(0);
  });

  it('embeds an interaction’s lead and disposition (many-to-one), null when there is none', async () => {
    const { data, error } = await tc1.client
      .from('interactions')
      .select(
        'id, type, disposition, lead:leads(id, assigned_to), outcome:dispositions(code, label)',
      )
      .limit(100);
    expect(error).toBeNull();
    expect(data!.length).toBeGreaterThan(0);
    for (const row of data!) {
      const lead = row.lead as unknown as { id: string; assigned_to: string };
      const outcome = row.outcome as unknown as { code: string; label: string } | null;
      expect(lead.assigned_to).toBe(tc1.userId);
      if (row.disposition === null) expect(outcome).toBeNull();
      else expect(outcome).toMatchObject({ code: row.disposition, label: expect.any(String) });
    }
    expect(data!.some((row) => row.type === 'call')).toBe(true);
  });

  it('single() on no rows is PGRST116 (406); maybeSingle() is null without error', async () => {
    const missing = '00000000-0000-4000-8000-00000000dead';
    const single = await tc1.client.from('leads').select('id').eq('id', missing).single();
    expect(single.data).toBeNull();
    expect(single.status).toBe(406);
    expect(single.error).toMatchObject({ code: 'PGRST116' });

    const maybe = await tc1.client.from('leads').select('id').eq('id', missing).maybeSingle();
    expect(maybe.error).toBeNull();
    expect(maybe.data).toBeNull();
  });

  it('single() and maybeSingle() on many rows are PGRST116', async () => {
    const single = await tc1.client.from('leads').select('id').eq('status', 'new').single();
    expect(single.data).toBeNull();
    expect(single.error).toMatchObject({ code: 'PGRST116' });

    const maybe = await tc1.client.from('leads').select('id').eq('status', 'new').maybeSingle();
    expect(maybe.data).toBeNull();
    expect(maybe.error).toMatchObject({ code: 'PGRST116' });
  });
});
