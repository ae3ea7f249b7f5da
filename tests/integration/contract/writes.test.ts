import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contractTargets } from '../../support/contract-target.js';
import { serviceClient, signIn, uniqueName, uniquePhone, type SignedIn } from './demo-users.js';

// Writes go to leads this file creates (assigned to tc1 by the manager), never to seed rows, so
// the suite leaves a hosted project as it found it and re-runs cleanly.

const targets = await contractTargets();
afterAll(() => Promise.all(targets.map((target) => target.close())));

describe.each(targets)('writes on $name', (target) => {
  let manager: SignedIn;
  let tc1: SignedIn;
  let admin: SignedIn;
  const created: string[] = [];

  /** A new lead assigned to tc1, created by the manager as the app's lead import does. */
  async function newLeadForTc1(): Promise<string> {
    const { data, error } = await manager.client
      .from('leads')
      .insert({ name: uniqueName('Contract Lead'), phone: uniquePhone(), assigned_to: tc1.userId })
      .select('id')
      .single();
    expect(error).toBeNull();
    created.push(data!.id);
    return data!.id;
  }

  beforeAll(async () => {
    [manager, tc1, admin] = await Promise.all([
      signIn(target, 'manager'),
      signIn(target, 'tc1'),
      signIn(target, 'admin'),
    ]);
  });
  afterAll(async () => {
    if (created.length > 0) await serviceClient(target).from('leads').delete().in('id', created);
  });

  it('insert with return=representation gives the stored row, defaults and triggers applied', async () => {
    const phone = uniquePhone();
    const { data, error, status } = await manager.client
      .from('leads')
      .insert({
        name: uniqueName('Contract Lead'),
        phone: ` ${phone.slice(0, 5)} ${phone.slice(5)} `,
        assigned_to: tc1.userId,
      })
      .select()
      .single();
    expect(error).toBeNull();
    expect(status).toBe(201);
    created.push(data!.id);
    expect(data).toMatchObject({
      status: 'new',
      version: 1,
      attempts: 0,
      phone_e164: phone,
      assigned_to: tc1.userId,
      do_not_call: false,
    });
  });

  it('insert with return=minimal gives 201 and no body', async () => {
    const phone = uniquePhone();
    const { data, error, status } = await manager.client
      .from('leads')
      .insert({ name: uniqueName('Contract Lead'), phone_e164: phone, assigned_to: tc1.userId });
    expect(error).toBeNull();
    expect(status).toBe(201);
    expect(data).toBeNull();
    const stored = await serviceClient(target).from('leads').select('id').eq('phone_e164', phone);
    expect(stored.data).toHaveLength(1);
    created.push(stored.data![0]!.id);
  });

  it('tc1 logs a call on their own lead: the interaction is theirs and the lead counts the attempt', async () => {
    const leadId = await newLeadForTc1();
    const { data, error, status } = await tc1.client
      .from('interactions')
      .insert({
        lead_id: leadId,
        type: 'call',
        disposition: 'NA',
        content: 'Rang out',
        duration_seconds: 25,
      })
      .select('id, lead_id, type, disposition, created_by')
      .single();
    expect(error).toBeNull();
    expect(status).toBe(201);
    expect(data).toMatchObject({
      lead_id: leadId,
      type: 'call',
      disposition: 'NA',
      created_by: tc1.userId,
    });

    const lead = await tc1.client
      .from('leads')
      .select('attempts, recycle_at')
      .eq('id', leadId)
      .single();
    expect(lead.data!.attempts).toBe(1);
    expect(lead.data!.recycle_at).not.toBeNull();
  });

  it('tc1 changes the status of their own lead: representation shows it, minimal is 204', async () => {
    const leadId = await newLeadForTc1();
    const shown = await tc1.client
      .from('leads')
      .update({ status: 'contacted' })
      .eq('id', leadId)
      .select('id, status, version');
    expect(shown.error).toBeNull();
    expect(shown.status).toBe(200);
    expect(shown.data).toEqual([{ id: leadId, status: 'contacted', version: 2 }]);

    const minimal = await tc1.client.from('leads').update({ status: 'qualified' }).eq('id', leadId);
    expect(minimal.error).toBeNull();
    expect(minimal.status).toBe(204);
    expect(minimal.data).toBeNull();
    const stored = await serviceClient(target)
      .from('leads')
      .select('status, version')
      .eq('id', leadId)
      .single();
    expect(stored.data).toEqual({ status: 'qualified', version: 3 });
  });

  it('upsert on phone_e164: inserts, then merges into the same row, or ignores the duplicate', async () => {
    const phone = uniquePhone();
    const first = await manager.client
      .from('leads')
      .upsert(
        { name: 'Upsert First', phone_e164: phone, company: 'Before' },
        { onConflict: 'phone_e164' },
      )
      .select('id, name, company')
      .single();
    expect(first.error).toBeNull();
    created.push(first.data!.id);

    const merged = await manager.client
      .from('leads')
      .upsert(
        { name: 'Upsert Second', phone_e164: phone, company: 'After' },
        { onConflict: 'phone_e164' },
      )
      .select('id, name, company')
      .single();
    expect(merged.error).toBeNull();
    expect(merged.data).toEqual({ id: first.data!.id, name: 'Upsert Second', company: 'After' });

    const ignored = await manager.client
      .from('leads')
      .upsert(
        { name: 'Upsert Third', phone_e164: phone },
        { onConflict: 'phone_e164', ignoreDuplicates: true },
      )
      .select('id');
    expect(ignored.error).toBeNull();
    expect(ignored.data).toEqual([]);

    const stored = await serviceClient(target)
      .from('leads')
      .select('id, name')
      .eq('phone_e164', phone);
    expect(stored.data).toEqual([{ id: first.data!.id, name: 'Upsert Second' }]);
  });

  it('delete: tc1 may not (no row goes), the admin may, returning the row', async () => {
    const leadId = await newLeadForTc1();
    const note = await tc1.client
      .from('interactions')
      .insert({ lead_id: leadId, type: 'note', content: 'to be deleted' });
    expect(note.error).toBeNull();

    const refused = await tc1.client.from('leads').delete().eq('id', leadId).select('id');
    expect(refused.error).toBeNull();
    expect(refused.data).toEqual([]);
    expect(
      (await serviceClient(target).from('leads').select('id').eq('id', leadId)).data,
    ).toHaveLength(1);

    const deleted = await admin.client
      .from('leads')
      .delete()
      .eq('id', leadId)
      .select('id, assigned_to');
    expect(deleted.error).toBeNull();
    expect(deleted.data).toEqual([{ id: leadId, assigned_to: tc1.userId }]);
    const service = serviceClient(target);
    expect((await service.from('leads').select('id').eq('id', leadId)).data).toEqual([]);
    // The lead's history goes with it (on delete cascade).
    expect((await service.from('interactions').select('id').eq('lead_id', leadId)).data).toEqual(
      [],
    );
  });

  it('delete with return=minimal is 204 with no body', async () => {
    const leadId = await newLeadForTc1();
    const { data, error, status } = await admin.client.from('leads').delete().eq('id', leadId);
    expect(error).toBeNull();
    expect(status).toBe(204);
    expect(data).toBeNull();
    expect((await serviceClient(target).from('leads').select('id').eq('id', leadId)).data).toEqual(
      [],
    );
  });
});
