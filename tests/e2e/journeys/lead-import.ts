// Journey: the manager imports a small CSV on the Leads screen (one bad phone, one duplicate within the
// file, one do-not-call number), sees the dry run's line-numbered refusals, applies it and finds the
// leads on the server; dropping the same file again would insert nothing; then distributes the new unassigned leads round-robin to tc1 and tc2, sees who
// got how many, and the server holds those assignments.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureSignedInAs, MANAGER, TC1, TC2, type CurrentJourney } from '../support/journey.js';
import { eventually } from '../support/workstation-page.js';

/** On the seed's do-not-call list (a national registry import). */
const DNC_PHONE = '+919800000001';
/** The server's answers (import, distribution) under a loaded machine: seconds, not minutes. */
const SERVER_MS = 60_000;

export function describeLeadImport(current: CurrentJourney): void {
  describe('a CSV imported and distributed on the Leads screen', () => {
    // Unique per run, so a rerun on the same stack imports new numbers under a new source.
    const run = Date.now().toString(36).slice(-6);
    const source = `e2e-import-${run}`;
    const block = 1000 + Math.floor(Math.random() * 8999);
    const phone = (n: number) => `98${block}${String(n).padStart(4, '0')}`;
    const good = [1, 2, 3, 4, 5].map((n) => ({ name: `E2E Import ${run} ${n}`, phone: phone(n) }));
    let dir = '';
    let csvPath = '';

    beforeAll(async () => {
      await ensureSignedInAs(current(), MANAGER);
      dir = await mkdtemp(path.join(tmpdir(), 'talentg-e2e-import-'));
      csvPath = path.join(dir, 'leads.csv');
      const lines = [
        'Full Name,Mobile,Lead Source', // line 1
        ...good.slice(0, 3).map((lead) => `${lead.name},${lead.phone},${source}`), // 2-4
        `E2E Bad Phone ${run},12345,${source}`, // 5: too short
        `E2E Duplicate ${run},${good[0]!.phone},${source}`, // 6: the phone of line 2
        `E2E Do Not Call ${run},${DNC_PHONE},${source}`, // 7
        ...good.slice(3).map((lead) => `${lead.name},${lead.phone},${source}`), // 8-9
      ];
      await writeFile(csvPath, lines.join('\n') + '\n');
    });

    afterAll(async () => {
      if (dir !== '') await rm(dir, { recursive: true, force: true });
    });

    it('checks the file, reporting the refused lines by number, then applies it', async () => {
      const { page, world } = current();
      await page.keyboard.press('Control+6');
      const file = page.getByLabel('CSV file', { exact: true });
      await file.waitFor({ state: 'attached', timeout: 30_000 });
      await file.setInputFiles(csvPath);
      await page.getByRole('table', { name: 'Column mapping' }).waitFor();
      // The browser's locale may be anywhere: these national numbers are Indian.
      await page.getByLabel('Default country for phones').selectOption('IN');
      await page.getByRole('button', { name: 'Check file' }).click();

      const report = page.getByLabel('Import report');
      await report.waitFor({ timeout: SERVER_MS });
      expect(await report.getAttribute('data-dry-run')).toBe('true');
      const count = async (key: string) =>
        Number((await report.locator(`[data-count="${key}"] dd`).innerText()).replace(/\D/g, ''));
      expect({
        inserted: await count('inserted'),
        duplicate_in_file: await count('duplicate_in_file'),
        dnc: await count('dnc'),
        invalid: await count('invalid'),
      }).toEqual({ inserted: 5, duplicate_in_file: 1, dnc: 1, invalid: 1 });
      const refused = report.getByRole('table', { name: 'Refused lines' }).locator('tr[data-line]');
      expect(
        await refused.evaluateAll((rows) =>
          rows.map((row) => [row.getAttribute('data-line'), row.getAttribute('data-kind')]),
        ),
      ).toEqual([
        ['5', 'invalid'],
        ['6', 'duplicate_in_file'],
        ['7', 'dnc'],
      ]);
      await current().app.screenshots('leads-import-report', { narrow: true });
      // A dry run writes nothing.
      const onServer = async () => {
        const { data, error } = await world.server.service
          .from('leads')
          .select('name, phone_e164, assigned_to')
          .eq('source', source);
        if (error) throw new Error(error.message);
        return data as { name: string; phone_e164: string; assigned_to: string | null }[];
      };
      expect(await onServer()).toEqual([]);

      await page.getByRole('button', { name: 'Import 5 leads' }).click();
      await page.locator('[data-import-step="applied"]').waitFor({ timeout: SERVER_MS });
      const leads = await onServer();
      expect(leads.map((lead) => lead.phone_e164).sort()).toEqual(
        good.map((lead) => `+91${lead.phone}`).sort(),
      );
      expect(leads.every((lead) => lead.assigned_to === null)).toBe(true);
    });

    it('imports nothing new when the same file is dropped again, and discards the check', async () => {
      const { page } = current();
      await page.getByRole('button', { name: 'Import another file' }).click();
      const text = await readFile(csvPath, 'utf8');
      const dropped = await page.evaluateHandle((csv) => {
        // Page code: the test's own types have no DOM.
        const inPage = globalThis as unknown as {
          DataTransfer: new () => { items: { add(file: File): void } };
        };
        const transfer = new inPage.DataTransfer();
        transfer.items.add(new File([csv], 'leads.csv', { type: 'text/csv' }));
        return transfer;
      }, text);
      await page.getByRole('group', { name: 'Drop a CSV file' }).dispatchEvent('drop', {
        dataTransfer: dropped,
      });
      await page.getByLabel('Default country for phones').selectOption('IN');
      await page.getByRole('button', { name: 'Check file' }).click();
      const report = page.getByLabel('Import report');
      await report.waitFor({ timeout: SERVER_MS });
      const count = async (key: string) =>
        Number((await report.locator(`[data-count="${key}"] dd`).innerText()).replace(/\D/g, ''));
      expect({ inserted: await count('inserted'), unchanged: await count('unchanged') }).toEqual({
        inserted: 0,
        unchanged: 5,
      });
      await page.getByRole('button', { name: 'Discard' }).click();
      await page.locator('[data-import-step="choose"]').waitFor();
    });

    it('distributes the new leads round-robin to tc1 and tc2 and shows who got how many', async () => {
      const { page, world } = current();
      await page.getByLabel('Sources', { exact: true }).fill(source);
      const picked = page.locator('[data-picked]');
      await eventually(
        'the filter counting the 5 imported leads',
        () => picked.getAttribute('data-picked'),
        (value) => value === '5',
        SERVER_MS,
      );
      await page.getByLabel(`Give leads to ${TC1}`).check();
      await page.getByLabel(`Give leads to ${TC2}`).check();
      await page.getByRole('radio', { name: 'Round-robin' }).check();
      await page.getByRole('button', { name: 'Distribute to 2 telecallers…' }).click();

      const dialog = page.getByRole('dialog', { name: 'Confirm the distribution' });
      const planned = dialog.getByRole('table', { name: 'Planned shares' });
      expect(await planned.locator(`tr[data-email="${TC1}"] .ds-gets`).innerText()).toBe('3');
      expect(await planned.locator(`tr[data-email="${TC2}"] .ds-gets`).innerText()).toBe('2');
      await dialog.getByRole('button', { name: 'Distribute', exact: true }).click();

      const result = page.getByRole('list', { name: 'Distribution result' });
      await result.waitFor({ timeout: SERVER_MS });
      const shown = await result
        .locator('li')
        .evaluateAll((rows) =>
          rows.map((row) => [row.getAttribute('data-email'), row.getAttribute('data-count')]),
        );
      expect(shown).toEqual([
        [TC1, '3'],
        [TC2, '2'],
      ]);
      await current().app.screenshots('leads-distributed', { narrow: true });

      const { data, error } = await world.server.service
        .from('leads')
        .select('assigned_to')
        .eq('source', source);
      if (error) throw new Error(error.message);
      const held = new Map<string, number>();
      for (const row of data as { assigned_to: string | null }[]) {
        held.set(String(row.assigned_to), (held.get(String(row.assigned_to)) ?? 0) + 1);
      }
      expect(Object.fromEntries(held)).toEqual({
        [await world.server.userId(TC1)]: 3,
        [await world.server.userId(TC2)]: 2,
      });
    });
  });
}
