// Journey: a manager reassigns the lead tc1 is looking at; it leaves tc1's queue live, with no reload.
import { beforeAll, describe, expect, it } from 'vitest';
import { ensureSignedInAsTc1, MANAGER, TC2, type CurrentJourney } from '../support/journey.js';
import { eventually } from '../support/workstation-page.js';

/** A change made elsewhere reaches the screen within this: a realtime poke, well inside the 30 s periodic pull. */
const LIVE_MS = 15_000;

export function describeReassignment(current: CurrentJourney): void {
  describe('a lead reassigned by a manager', () => {
    beforeAll(async () => {
      await ensureSignedInAsTc1(current());
    });

    it('leaves the queue while tc1 looks at it, without a reload', async () => {
      const { app, page, world } = current();
      const [target] = (await app.queueLeadIds()) as [string];
      await app.queueItem(target).click();
      await app.waitForOpenLead((id) => id === target, `to be ${target}`);
      // A reload would lose this mark: the change must come live.
      await page.evaluate(() => ((globalThis as unknown as { e2eMark: number }).e2eMark = 1));

      const manager = await world.server.as(MANAGER);
      const { error } = await manager
        .from('leads')
        .update({ assigned_to: await world.server.userId(TC2) })
        .eq('id', target);
      expect(error).toBeNull();

      await eventually(
        `lead ${target} gone from the queue`,
        () => app.queueItem(target).count(),
        (count) => count === 0,
        LIVE_MS,
      );
      expect(
        await page.evaluate(() => (globalThis as unknown as { e2eMark?: number }).e2eMark),
      ).toBe(1);
      // The card does not keep offering dispositions on a lead tc1 no longer holds.
      await eventually(
        `the card no longer offering ${target} to call`,
        async () =>
          (await app.openLeadId()) !== target || (await app.disposition('NA').count()) === 0,
        (gone) => gone,
        10_000,
      );
    });
  });
}
