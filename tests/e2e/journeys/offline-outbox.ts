// Journey: calls, a note and a callback logged with the network cut wait in the outbox, survive a
// reload, and land once each on their own when the network returns.
import { beforeAll, describe, expect, it } from 'vitest';
import { ensureSignedInAsTc1, type CurrentJourney, type Journey } from '../support/journey.js';
import { eventually, uniqueNote } from '../support/workstation-page.js';

/** From the network's return to an empty outbox, with no click (back-off capped at 10 s). */
export const CATCH_UP_MS = 30_000;

/** Opens a lead from the queue by clicking it. */
export async function openLead({ app }: Journey, leadId: string): Promise<void> {
  await app.queueItem(leadId).click();
  await app.waitForOpenLead((id) => id === leadId, `to be ${leadId}`);
}

/** Types notes on the open lead and logs the call with the disposition's key. */
export async function logCall({ app, page }: Journey, code: string, note: string): Promise<void> {
  await app.notes.fill(note);
  await app.notes.press('Escape');
  await page.keyboard.press(await app.dispositionKey(code));
}

export function describeOfflineOutbox(current: CurrentJourney): void {
  describe('working offline', () => {
    beforeAll(async () => {
      await ensureSignedInAsTc1(current());
    });

    it('keeps calls, a note and a callback offline and through a reload, then lands each once without a click', async () => {
      const journey = current();
      const { app, page, world, tc1Id } = journey;
      // Leads with no callback pending: a call on one with a due callback also closes it (a 5th write).
      const queued = await app.queueLeadIds();
      const withCallbacks = await world.server.leadsWithPendingCallbacks(queued);
      const [leadA, leadB] = queued.filter((id) => !withCallbacks.has(id)) as [string, string];
      expect(leadB).toBeDefined();
      const callA = uniqueNote('offline call A');
      const noteB = uniqueNote('offline note B');
      const callbackB = uniqueNote('offline callback B');
      const callB = uniqueNote('offline call B');

      world.link.cut();
      let restoredAt: number;
      try {
        await openLead(journey, leadA);
        await logCall(journey, 'NA', callA);
        await app.waitForOpenLead((id) => id !== leadA, 'to move on from A');

        await openLead(journey, leadB);
        await app.notes.fill(noteB);
        await app.lead.getByRole('button', { name: 'Save as note' }).click();
        await eventually(
          'the notes field emptied by saving',
          () => app.notes.inputValue(),
          (v) => v === '',
        );
        await app.lead.getByRole('button', { name: /^Schedule callback/ }).click();
        await app.lead.getByLabel('Callback note').fill(callbackB);
        await app.lead.getByRole('button', { name: /In 1 hour/ }).click();
        await logCall(journey, 'B', callB);

        await app.waitForHealth(
          'offline with 4 pending',
          (h) => h.state === 'offline' && h.pending === 4,
        );
        await app.screenshots('offline-pending');

        await page.reload();
        await app.waitForAppState('ready');
        await app.waitForHealth(
          'still offline with 4 pending after a reload',
          (h) => h.state === 'offline' && h.pending === 4,
        );
      } finally {
        restoredAt = Date.now();
        world.link.restore();
      }
      await app.waitForHealth(
        'online with nothing pending',
        (h) => h.state === 'online' && h.pending === 0,
        CATCH_UP_MS,
      );
      process.stderr.write(
        `[e2e] the outbox emptied ${Date.now() - restoredAt} ms after the network returned\n`,
      );

      const [callsA, notesB, callbacksB, callsB] = await Promise.all([
        world.server.interactionsWithContent(callA),
        world.server.interactionsWithContent(noteB),
        world.server.callbacksWithNote(callbackB),
        world.server.interactionsWithContent(callB),
      ]);
      expect(callsA).toHaveLength(1);
      expect(callsA[0]).toMatchObject({
        lead_id: leadA,
        type: 'call',
        disposition: 'NA',
        created_by: tc1Id,
      });
      expect(notesB).toHaveLength(1);
      expect(notesB[0]).toMatchObject({ lead_id: leadB, type: 'note', created_by: tc1Id });
      expect(callbacksB).toHaveLength(1);
      expect(callbacksB[0]).toMatchObject({ lead_id: leadB, created_by: tc1Id });
      expect(callsB).toHaveLength(1);
      expect(callsB[0]).toMatchObject({
        lead_id: leadB,
        type: 'call',
        disposition: 'B',
        created_by: tc1Id,
      });
    });
  });
}
