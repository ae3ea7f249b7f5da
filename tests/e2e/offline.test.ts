// Journeys without a network: work logged offline waits in the outbox (and survives a reload), then
// lands once on its own when the network returns; a write the server refuses shows in the sync panel
// with its reason and lands once after Retry.
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
const MANAGER = 'manager@talentg.test';
/** Only an admin may take a number off the do-not-call list (policy dnc_list_delete). */
const ADMIN = 'admin@talentg.test';
/** From the network's return to an empty outbox, with no click (back-off capped at 10 s). */
const CATCH_UP_MS = 30_000;

describe('a telecaller working offline', () => {
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
    world?.link.restore();
    await world?.close();
  });

  /** Opens a lead from the queue by clicking it. */
  async function open(leadId: string): Promise<void> {
    await app.queueItem(leadId).click();
    await app.waitForOpenLead((id) => id === leadId, `to be ${leadId}`);
  }

  /** Types notes on the open lead and logs the call with the disposition's key. */
  async function logCall(code: string, note: string): Promise<void> {
    await app.notes.fill(note);
    await app.notes.press('Escape');
    await page.keyboard.press(await app.dispositionKey(code));
  }

  it('keeps calls, a note and a callback while offline and through a reload, then lands each once without a click', async () => {
    const [leadA, leadB] = (await app.queueLeadIds()) as [string, string];
    expect(leadB).toBeDefined();
    const callA = uniqueNote('offline call A');
    const noteB = uniqueNote('offline note B');
    const callbackB = uniqueNote('offline callback B');
    const callB = uniqueNote('offline call B');

    world.link.cut();
    await open(leadA);
    await logCall('NA', callA);
    await app.waitForOpenLead((id) => id !== leadA, 'to move on from A');

    await open(leadB);
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
    await logCall('B', callB);

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

    const restoredAt = Date.now();
    world.link.restore();
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

  it('shows a call the server refuses (number put on do-not-call meanwhile) with its reason, and lands it once after Retry', async () => {
    const before = await app.waitForHealth(
      'online with nothing pending',
      (h) => h.state === 'online' && h.pending === 0,
    );
    const [leadD] = (await app.queueLeadIds()) as [string];
    const { data: lead, error: leadError } = await world.server.service
      .from('leads')
      .select('phone_e164, name')
      .eq('id', leadD)
      .single<{ phone_e164: string; name: string }>();
    expect(leadError).toBeNull();
    await open(leadD);

    world.link.cut();
    const manager = await world.server.as(MANAGER);
    const { error: listError } = await manager.from('dnc_list').insert({
      phone_e164: lead!.phone_e164,
      reason: 'e2e: asked by email not to be called',
      added_by: await world.server.userId(MANAGER),
    });
    expect(listError).toBeNull();
    const note = uniqueNote('refused call');
    await logCall('NA', note);
    world.link.restore();

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
    await app.showView('Queue');
  });
});
