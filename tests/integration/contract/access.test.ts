import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contractTargets } from '../../support/contract-target.js';
import { anonClient, serviceClient, signIn, type SignedIn } from './demo-users.js';

// Row level security and RPC as the project's migrations define them, seen through supabase-js.

const targets = await contractTargets();
afterAll(() => Promise.all(targets.map((target) => target.close())));

describe.each(targets)('RLS and RPC on $name', (target) => {
  let tc1: SignedIn;
  let tc2: SignedIn;
  let user: SignedIn;
  /** One of tc2's leads, found with the service key. */
  let tc2LeadId: string;
  /** One of tc1's leads, found with the service key. */
  let tc1LeadId: string;

  beforeAll(async () => {
    [tc1, tc2, user] = await Promise.all([
      signIn(target, 'tc1'),
      signIn(target, 'tc2'),
      signIn(target, 'user'),
    ]);
    const service = serviceClient(target);
    const [theirs, own] = await Promise.all([
      service
        .from('leads')
        .select('id')
        .eq('assigned_to', tc2.userId)
        .order('id')
        .limit(1)
        .single(),
      service
        .from('leads')
        .select('id')
        .eq('assigned_to', tc1.userId)
        .order('id')
        .limit(1)
        .single(),
    ]);
    tc2LeadId = theirs.data!.id;
    tc1LeadId = own.data!.id;
  });

  it('tc1 sees exactly the leads assigned to tc1', async () => {
    const all = await serviceClient(target)
      .from('leads')
      .select('*', { count: 'exact', head: true });
    const assigned = await serviceClient(target)
      .from('leads')
      .select('*', { count: 'exact', head: true })
      .eq('assigned_to', tc1.userId);
    const seen = await tc1.client.from('leads').select('*', { count: 'exact', head: true });
    expect(seen.error).toBeNull();
    expect(assigned.count).toBeGreaterThan(0);
    expect(all.count).toBeGreaterThan(assigned.count!);
    expect(seen.count).toBe(assigned.count);

    const rows = await tc1.client.from('leads').select('assigned_to');
    expect(new Set(rows.data!.map((row) => row.assigned_to))).toEqual(new Set([tc1.userId]));
  });

  it('tc1 cannot read tc2’s lead by id, nor its interactions', async () => {
    const list = await tc1.client.from('leads').select('id').eq('id', tc2LeadId);
    expect(list.error).toBeNull();
    expect(list.data).toEqual([]);
    const single = await tc1.client.from('leads').select('id').eq('id', tc2LeadId).single();
    expect(single.error).toMatchObject({ code: 'PGRST116' });

    const history = await tc1.client.from('interactions').select('id').eq('lead_id', tc2LeadId);
    expect(history.error).toBeNull();
    expect(history.data).toEqual([]);
    // tc2 does see it: the empty answer above is RLS, not a missing row.
    const owner = await tc2.client.from('leads').select('id').eq('id', tc2LeadId);
    expect(owner.data).toEqual([{ id: tc2LeadId }]);
  });

  it('tc1 cannot change tc2’s lead: the update matches no row', async () => {
    const { data, error } = await tc1.client
      .from('leads')
      .update({ status: 'lost' })
      .eq('id', tc2LeadId)
      .select('id');
    expect(error).toBeNull();
    expect(data).toEqual([]);
  });

  it('tc1 cannot reassign their own lead to tc2 (42501, 403) and it stays theirs', async () => {
    const { data, error, status } = await tc1.client
      .from('leads')
      .update({ assigned_to: tc2.userId })
      .eq('id', tc1LeadId)
      .select('id');
    expect(data).toBeNull();
    expect(status).toBe(403);
    expect(error).toMatchObject({ code: '42501' });
    const stored = await serviceClient(target)
      .from('leads')
      .select('assigned_to')
      .eq('id', tc1LeadId)
      .single();
    expect(stored.data!.assigned_to).toBe(tc1.userId);
  });

  it('tc1 cannot log an interaction on tc2’s lead (RLS check, 42501, 403)', async () => {
    const { error, status } = await tc1.client
      .from('interactions')
      .insert({ lead_id: tc2LeadId, type: 'note', content: 'not mine' });
    expect(status).toBe(403);
    expect(error).toMatchObject({ code: '42501' });
  });

  it('anon sees nothing of leads: permission denied (42501, 401)', async () => {
    const { data, error, status } = await anonClient(target).from('leads').select('id').limit(1);
    expect(data).toBeNull();
    expect(status).toBe(401);
    expect(error).toMatchObject({ code: '42501' });
    const byId = await anonClient(target).from('leads').select('id').eq('id', tc1LeadId);
    expect(byId.data).toBeNull();
  });

  it('my_assessments() as user@ lists their assignments with the scoring hidden', async () => {
    const assigned = await serviceClient(target)
      .from('assessment_assignments')
      .select('id')
      .eq('user_id', user.userId)
      .neq('status', 'cancelled');
    const { data, error } = await user.client.rpc('my_assessments');
    expect(error).toBeNull();
    const rows = data as { assignment_id: string; title: string; questions: unknown[] }[];
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.map((row) => row.assignment_id).sort()).toEqual(
      assigned.data!.map((row) => row.id).sort(),
    );
    expect(rows.every((row) => row.questions.length > 0)).toBe(true);
    // Options reach the candidate without their points.
    expect(JSON.stringify(rows)).not.toContain('"points"');
    expect(JSON.stringify(rows)).toContain('"options"');
  });

  it('my_assessments() is per caller and refused to anon', async () => {
    const none = await tc2.client.rpc('my_assessments');
    expect(none.error).toBeNull();
    expect(none.data).toEqual([]);

    const anon = await anonClient(target).rpc('my_assessments');
    expect(anon.data).toBeNull();
    expect(anon.error).toMatchObject({ code: '42501' });
  });
});
