// Journeys of a telecaller's day: log a call with one key (by mouse and notes, then by keyboard
// alone), and watch a lead a manager takes away leave the queue live. Each write is checked on the
// server: exactly once, attributed to tc1.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from './support/server-side.js';
import { startWorld, type World } from './support/world.js';
import {
  eventually,
  screenshotFailures,
  uniqueNote,
  WorkstationPage,
} from './support/workstation-page.js';

const TC1 = 'tc1@talentg.test';
const TC2 = 'tc2@talentg.test';
const MANAGER = 'manager@talentg.test';
/** A change made elsewhere reaches the screen within this, without a reload. */
const LIVE_MS = 15_000;

describe('a telecaller working the queue', () => {
  let world: World;
  let page: Page;
  let app: WorkstationPage;
  let tc1Id: string;

  beforeAll(async () => {
    world = await startWorld();
    tc1Id = await world.server.userId(TC1);
    page = await world.openApp();
    app = new WorkstationPage(page);
    await app.signInAndWaitForQueue(TC1, DEMO_PASSWORD);
    await app.waitForHealth(
      'online with nothing pending',
      (h) => h.state === 'online' && h.pending === 0,
      30_000,
    );
  });

  screenshotFailures(() => page);

  afterAll(async () => {
    await world?.close();
  });

  /** Waits for the call to reach the server, then for the outbox to empty, and returns its rows then. */
  async function landedOnce(note: string) {
    await eventually(
      `the call "${note}" on the server`,
      () => world.server.interactionsWithContent(note),
      (rows) => rows.length > 0,
      20_000,
    );
    // Once the outbox is empty every copy the workstation queued has been answered: a second one shows now.
    await app.waitForHealth('nothing pending', (h) => h.pending === 0, 20_000);
    return world.server.interactionsWithContent(note);
  }

  it('logs a call with its notes on one key: once on the server, by tc1, and the next lead opens', async () => {
    const queued = await app.queueLeadIds();
    expect(queued.length).toBeGreaterThan(1);
    const [first, second] = queued as [string, string];

    await app.queueItem(first).click();
    await app.waitForOpenLead((id) => id === first, `to be ${first}`);
    await app.screenshots('queue-and-lead');
    const note = uniqueNote('call');
    await app.notes.fill(note);
    // Esc leaves the notes field (its hint says so), so the one-key dispositions work again.
    await app.notes.press('Escape');
    await page.keyboard.press(await app.dispositionKey('NA'));

    const next = await app.waitForOpenLead((id) => id !== null && id !== first, 'to move on');
    expect(next).toBe(second);

    const rows = await landedOnce(note);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      lead_id: first,
      type: 'call',
      disposition: 'NA',
      created_by: tc1Id,
    });
  });

  it('shows the keyboard shortcuts on ? and closes them on Escape', async () => {
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

    const rows = await landedOnce(note);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ lead_id: opened, disposition: 'B', created_by: tc1Id });
  });

  it('a lead a manager reassigns to tc2 leaves the queue while tc1 looks at it, without a reload', async () => {
    const target = await app.waitForOpenLead((id) => id !== null, 'to be a lead');
    expect(await app.queueItem(target).count()).toBe(1);
    // A reload would lose this mark: the change must come live.
    await page.evaluate(() => ((globalThis as unknown as { e2eMark: number }).e2eMark = 1));

    const manager = await world.server.as(MANAGER);
    const { error } = await manager
      .from('leads')
      .update({ assigned_to: await world.server.userId(TC2) })
      .eq('id', target);
    expect(error).toBeNull();

    // Live means a realtime poke, well inside the 30 s periodic pull that would find it anyway.
    await eventually(
      `lead ${target} gone from the queue`,
      () => app.queueItem(target).count(),
      (count) => count === 0,
      LIVE_MS,
    );
    expect(await page.evaluate(() => (globalThis as unknown as { e2eMark?: number }).e2eMark)).toBe(
      1,
    );
    // The card does not keep offering a lead tc1 no longer holds.
    await eventually(
      `the card no longer showing ${target} as tc1's lead`,
      async () =>
        (await app.openLeadId()) !== target || (await app.disposition('NA').count()) === 0,
      (gone) => gone,
      10_000,
    );
  });

  it('shows the callbacks screen', async () => {
    await app.showView('Callbacks');
    await page
      .getByRole('heading', { name: /callbacks/i })
      .first()
      .waitFor();
    await app.screenshots('callbacks');
    await app.showView('Queue');
  });
});
