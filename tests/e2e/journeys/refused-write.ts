// Journey: a call the server refuses (the number went on the do-not-call list meanwhile) shows in
// the sync panel with its reason; once the number is off the list, Retry lands it exactly once.
import { beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, ensureSignedInAsTc1, MANAGER, type CurrentJourney } from '../support/journey.js';
import { eventually, uniqueNote } from '../support/workstation-page.js';
import { CATCH_UP_MS, logCall, openLead } from './offline-outbox.js';

export function describeRefusedWrite(current: CurrentJourney): void {
  describe('a write the server refuses', () => {
    beforeAll(async () => {
      await ensureSignedInAsTc1(current());
    });

    it('shows in the sync panel with its reason, and lands once after Retry', async () => {
      const journey = current();
      const { app, page, world, tc1Id } = journey;
      const before = await app.waitForHealth(
        'online with nothing pending',
        (h) => h.state === 'online' && h.pending === 0,
      );
      // A lead with no callback pending, so the call is the one write on its way.
      const queued = await app.queueLeadIds();
      const withCallbacks = await world.server.leadsWithPendingCallbacks(queued);
      const [leadD] = queued.filter((id) => !withCallbacks.has(id)) as [string];
      const { data: lead, error: leadError } = await world.server.service
        .from('leads')
        .select('phone_e164')
        .eq('id', leadD)
        .single<{ phone_e164: string }>();
      expect(leadError).toBeNull();
      await openLead(journey, leadD);

      // The manager lists the number while tc1's call is still on its way (logged offline).
      const note = uniqueNote('refused call');
      world.link.cut();
      try {
        const manager = await world.server.as(MANAGER);
        const { error: listError } = await manager.from('dnc_list').insert({
          phone_e164: lead!.phone_e164,
          reason: 'e2e: asked by email not to be called',
          added_by: await world.server.userId(MANAGER),
        });
        expect(listError).toBeNull();
        await logCall(journey, 'NA', note);
      } finally {
        world.link.restore();
      }

      await app.waitForHealth(
        'one more dead letter and nothing pending',
        (h) => h.deadLetters === (before.deadLetters ?? 0) + 1 && h.pending === 0,
        CATCH_UP_MS,
      );
      expect(await world.server.interactionsWithContent(note)).toHaveLength(0);

      await app.showView('Sync');
      const deadLetter = page.getByRole('listitem').filter({ hasText: /do-not-call|DNC_LEAD/i });
      await deadLetter.first().waitFor();
      expect(await deadLetter.count()).toBe(1);
      expect(await deadLetter.innerText()).toMatch(/do-not-call list/i);
      await app.screenshots('sync-panel-dead-letter');

      const admin = await world.server.as(ADMIN);
      const { error: unlistError } = await admin
        .from('dnc_list')
        .delete()
        .eq('phone_e164', lead!.phone_e164);
      expect(unlistError).toBeNull();

      await deadLetter.getByRole('button', { name: /^Retry/ }).click();
      await eventually(
        'the retried call on the server',
        () => world.server.interactionsWithContent(note),
        (rows) => rows.length > 0,
        CATCH_UP_MS,
      );
      await app.waitForHealth(
        'dead letters back and nothing pending',
        (h) => h.deadLetters === before.deadLetters && h.pending === 0,
      );
      const rows = await world.server.interactionsWithContent(note);
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({
        lead_id: leadD,
        type: 'call',
        disposition: 'NA',
        created_by: tc1Id,
      });
      await app.screenshots('sync-panel');
      await app.showView('Queue');
    });
  });
}
