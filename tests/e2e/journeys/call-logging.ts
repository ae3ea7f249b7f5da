// Journeys: a call logged with one key, by mouse and notes, then by keyboard alone; the `?` overlay
// and the callbacks screen on the way. Each call is checked on the server: exactly once, by tc1.
import { beforeAll, describe, expect, it } from 'vitest';
import { ensureSignedInAsTc1, type CurrentJourney, type Journey } from '../support/journey.js';
import { eventually, uniqueNote } from '../support/workstation-page.js';

/** Waits for the call to reach the server and for the outbox to empty; returns its rows then. */
export async function landedOnce({ world, app }: Journey, note: string) {
  await eventually(
    `the write "${note}" on the server`,
    () => world.server.interactionsWithContent(note),
    (rows) => rows.length > 0,
    20_000,
  );
  // Once the outbox is empty every copy the workstation queued has been answered: a second one shows now.
  await app.waitForHealth('nothing pending', (h) => h.pending === 0, 20_000);
  return world.server.interactionsWithContent(note);
}

export function describeCallLogging(current: CurrentJourney): void {
  describe('logging calls', () => {
    beforeAll(async () => {
      await ensureSignedInAsTc1(current());
    });

    it('logs a call with its notes on one key: once on the server, by tc1, and the next lead opens', async () => {
      const journey = current();
      const { app, page } = journey;
      const queued = await app.queueLeadIds();
      expect(queued.length).toBeGreaterThan(1);
      const [first, second] = queued as [string, string];

      await app.queueItem(first).click();
      await app.waitForOpenLead((id) => id === first, `to be ${first}`);
      await app.screenshots('queue-and-lead', { narrow: true });
      const note = uniqueNote('call');
      await app.notes.fill(note);
      // Esc leaves the notes field (its hint says so), so the one-key dispositions work again.
      await app.notes.press('Escape');
      await page.keyboard.press(await app.dispositionKey('NA'));

      const next = await app.waitForOpenLead((id) => id !== null && id !== first, 'to move on');
      expect(next).toBe(second);

      const rows = await landedOnce(journey, note);
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({
        lead_id: first,
        type: 'call',
        disposition: 'NA',
        created_by: journey.tc1Id,
      });
    });

    it('comes back from a reload of the window on the same lead, with the notes being typed', async () => {
      const { app, page } = current();
      const lead = await app.waitForOpenLead((id) => id !== null, 'to be a lead');
      const note = uniqueNote('typed before a reload');
      await app.notes.fill(note);

      await page.reload();
      await app.waitForAppState('ready');
      await app.waitForOpenLead((id) => id === lead, `to be ${lead} again`);
      await app.notes.waitFor();
      expect(await app.notes.inputValue()).toBe(note);
      await app.notes.fill('');
      await app.notes.press('Escape');
    });

    it('shows the keyboard shortcuts on ? and closes them on Escape', async () => {
      const { app, page } = current();
      await page.keyboard.press('Escape');
      await page.keyboard.press('?');
      const overlay = page.getByRole('dialog');
      await overlay.waitFor();
      try {
        const listed = await overlay.innerText();
        // The queue's keys and, with a lead open, the dispositions' keys.
        expect(listed).toMatch(/Next lead/);
        expect(listed).toMatch(/Log NA/);
        await app.screenshots('shortcuts-overlay');
      } finally {
        await page.keyboard.press('Escape');
      }
      await overlay.waitFor({ state: 'hidden' });
    });

    it('logs a call with the keyboard alone: next lead, open, notes, disposition from the notes field', async () => {
      const journey = current();
      const { app, page } = journey;
      // No click and no fill from here on: keys only, as the `?` overlay lists them.
      await page.keyboard.press('Escape');
      await page.keyboard.press('j');
      await page.keyboard.press('Enter');
      const opened = await app.waitForOpenLead((id) => id !== null, 'to be a lead');
      expect(await app.queueLeadIds()).toContain(opened);
      await page.keyboard.press('n');
      const note = uniqueNote('keyboard call');
      await page.keyboard.type(note);
      expect(await app.notes.inputValue()).toBe(note);
      // Ctrl+key logs from inside the field, with the notes typed so far.
      await page.keyboard.press(`Control+${await app.dispositionKey('B')}`);
      await app.waitForOpenLead((id) => id !== null && id !== opened, 'to move on');

      const rows = await landedOnce(journey, note);
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({
        lead_id: opened,
        disposition: 'B',
        created_by: journey.tc1Id,
      });
    });

    it('shows the callbacks screen', async () => {
      const { app, page } = current();
      await app.showView('Callbacks');
      await page
        .getByRole('heading', { name: /callbacks/i })
        .first()
        .waitFor();
      await app.screenshots('callbacks', { narrow: true });
      await app.showView('Queue');
    });
  });
}
