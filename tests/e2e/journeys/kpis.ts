// Journey: the manager opens KPIs (Ctrl+7) and sees today's calls; a call tc1 logs on another machine
// (supabase-js signed in as tc1) is counted when the screen counts again (R); then Week (W) shows the
// last 7 days in days.
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { ensureSignedInAs, MANAGER, TC1, type CurrentJourney } from '../support/journey.js';
import { eventually } from '../support/workstation-page.js';

/** A count from the server under a loaded machine: seconds, not minutes. */
const COUNTED_MS = 30_000;

function tileValue(page: Page, kpi: string): Promise<string> {
  return page.locator(`[data-kpi="${kpi}"] .kpi-tile-value`).innerText();
}

export function describeKpis(current: CurrentJourney): void {
  describe('the KPIs', () => {
    beforeAll(async () => {
      await ensureSignedInAs(current(), MANAGER);
    });

    it("shows today's calls, counts a new one, and switches to the week", async () => {
      const { page, world, tc1Id } = current();
      await page.keyboard.press('Control+7');
      const today = page.getByRole('button', { name: /^Today\b/ });
      await today.waitFor({ timeout: COUNTED_MS });
      expect(await today.getAttribute('aria-pressed')).toBe('true');
      const before = Number(
        await eventually(
          'the calls tile',
          () => tileValue(page, 'calls').catch(() => ''),
          (text) => /^\d+$/.test(text),
          COUNTED_MS,
        ),
      );
      // tc1 is an active telecaller: listed with or without calls today.
      const tc1Row = page.locator(`.kpi-table tr[data-user-id="${tc1Id}"]`);
      await tc1Row.waitFor();

      const tc1 = await world.server.as(TC1);
      const { data: leads, error: leadError } = await tc1
        .from('leads')
        .select('id')
        .eq('assigned_to', tc1Id)
        .limit(1);
      expect(leadError).toBeNull();
      const { error } = await tc1.from('interactions').insert({
        lead_id: leads?.[0]?.id,
        type: 'call',
        disposition: 'NA',
        duration_seconds: 30,
      });
      expect(error).toBeNull();

      await page.keyboard.press('r');
      await eventually(
        'the calls tile counting the new call',
        () => tileValue(page, 'calls'),
        (text) => Number(text) === before + 1,
        COUNTED_MS,
      );

      await current().app.screenshots('kpis-today', { narrow: true });
      // Focusing tc1 puts their name on the screen; Escape goes back to the floor.
      await tc1Row.getByRole('button').click();
      await expect
        .poll(() => page.getByText('Show the whole floor').count(), { timeout: COUNTED_MS })
        .toBe(1);
      await page.keyboard.press('Escape');
      await expect
        .poll(() => page.getByText('Show the whole floor').count(), { timeout: COUNTED_MS })
        .toBe(0);

      await page.keyboard.press('w');
      const week = page.getByRole('button', { name: /^Week\b/ });
      await expect
        .poll(() => week.getAttribute('aria-pressed'), { timeout: COUNTED_MS })
        .toBe('true');
      await page.getByRole('heading', { name: 'Calls per day' }).waitFor({ timeout: COUNTED_MS });
      await current().app.screenshots('kpis-week');
      const weekCalls = Number(await tileValue(page, 'calls'));
      expect(weekCalls).toBeGreaterThanOrEqual(before + 1);
    });
  });
}
