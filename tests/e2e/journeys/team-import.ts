// Journey: the manager imports a 10,000-row CSV through the Leads screen (made here: a few bad phones,
// in-file duplicates and a do-not-call number among good rows). The check names each refused line, the
// apply writes exactly the good rows, and checking the same file again finds nothing to import.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureSignedInAs, MANAGER } from '../support/journey.js';
import type { Desk } from '../support/team.js';
import type { CurrentTeam } from './team-floor.js';

const ROWS = 10_000;
/** On the seed's do-not-call list (a national registry import). */
const DNC_PHONE = '+919800000001';
/** A 10k-row check and apply on a loaded machine's PGlite: well under this. */
const IMPORT_MS = 240_000;

interface ImportFile {
  readonly csv: string;
  readonly good: number;
  /** The refused data lines, by line number of the file (the header is line 1). */
  readonly refused: readonly (readonly [number, 'invalid' | 'duplicate_in_file' | 'dnc'])[];
}

/** ROWS data rows: line n+1 is row n; a few chosen lines are bad in one way each. */
export function tenThousandRows(source: string): ImportFile {
  const block = 1000 + Math.floor(Math.random() * 8999);
  // Row r (line r + 1) gets number r - 1: four digits for every one of the 10,000 rows.
  const phone = (n: number) => `97${block}${String(n).padStart(4, '0')}`;
  const bad = new Map<number, readonly [string, 'invalid' | 'duplicate_in_file' | 'dnc']>([
    [17, ['12345', 'invalid']],
    [2_501, ['not a phone', 'invalid']],
    [9_999, ['+91 12', 'invalid']],
    // The phone of line 2 (row 1), in another format: still the same number.
    [5_000, [`+91 ${phone(0)}`, 'duplicate_in_file']],
    // The phone of line 43 (row 42).
    [7_777, [phone(41), 'duplicate_in_file']],
    [8_888, [DNC_PHONE, 'dnc']],
  ]);
  const lines = ['Full Name,Mobile,Lead Source'];
  for (let row = 1; row <= ROWS; row++) {
    const line = row + 1;
    const chosen = bad.get(line);
    lines.push(`Bulk ${source} ${row},${chosen?.[0] ?? phone(row - 1)},${source}`);
  }
  return {
    csv: lines.join('\n') + '\n',
    good: ROWS - bad.size,
    refused: [...bad].map(([line, [, kind]]) => [line, kind] as const).sort((a, b) => a[0] - b[0]),
  };
}

async function reportCounts(desk: Desk): Promise<Record<string, number>> {
  const report = desk.page.getByLabel('Import report');
  await report.waitFor({ timeout: IMPORT_MS });
  const counts = await report
    .locator('[data-count]')
    .evaluateAll((cells) =>
      cells.map((cell) => [
        cell.getAttribute('data-count') ?? '',
        Number((cell.querySelector('dd')?.textContent ?? '').replace(/\D/g, '')),
      ]),
    );
  return Object.fromEntries(counts) as Record<string, number>;
}

async function checkFile(desk: Desk, csvPath: string): Promise<void> {
  const { page } = desk;
  const file = page.getByLabel('CSV file', { exact: true });
  await file.waitFor({ state: 'attached', timeout: 30_000 });
  await file.setInputFiles(csvPath);
  await page.getByRole('table', { name: 'Column mapping' }).waitFor({ timeout: 30_000 });
  // The browser's locale may be anywhere: these national numbers are Indian.
  await page.getByLabel('Default country for phones').selectOption('IN');
  await page.getByRole('button', { name: 'Check file' }).click();
}

export function describeTeamImport(current: CurrentTeam): void {
  describe('a 10,000-row CSV imported on the Leads screen', () => {
    const source = `e2ebulk${Date.now().toString(36).slice(-6)}`;
    const file = tenThousandRows(source);
    let dir = '';
    let csvPath = '';

    beforeAll(async () => {
      await ensureSignedInAs(current().desks.boss, MANAGER);
      dir = await mkdtemp(path.join(tmpdir(), 'talentg-e2e-bulk-'));
      csvPath = path.join(dir, 'ten-thousand.csv');
      await writeFile(csvPath, file.csv);
    });

    afterAll(async () => {
      if (dir !== '') await rm(dir, { recursive: true, force: true });
    });

    const onServer = async (): Promise<number> => {
      const { count, error } = await current()
        .server.service.from('leads')
        .select('id', { count: 'exact', head: true })
        .eq('source', source);
      if (error) throw new Error(error.message);
      return count ?? -1;
    };

    it('names every refused line, applies exactly the good rows, and counts them right', async () => {
      const boss = current().desks.boss;
      await boss.page.keyboard.press('Control+6');
      await checkFile(boss, csvPath);
      expect(await reportCounts(boss)).toEqual({
        inserted: file.good,
        merged: 0,
        unchanged: 0,
        duplicate_in_file: 2,
        dnc: 1,
        invalid: 3,
      });
      const refused = boss.page
        .getByRole('table', { name: 'Refused lines' })
        .locator('tr[data-line]');
      expect(
        await refused.evaluateAll((rows) =>
          rows.map((row) => [Number(row.getAttribute('data-line')), row.getAttribute('data-kind')]),
        ),
      ).toEqual(file.refused);
      expect(await onServer()).toBe(0);

      await boss.page
        .getByRole('button', { name: `Import ${file.good.toLocaleString('en-US')} leads` })
        .click();
      await boss.page.locator('[data-import-step="applied"]').waitFor({ timeout: IMPORT_MS });
      expect(await reportCounts(boss)).toMatchObject({ inserted: file.good, merged: 0 });
      expect(await onServer()).toBe(file.good);
    });

    it('checking the same file again finds nothing to import, and the server is unchanged', async () => {
      const boss = current().desks.boss;
      await boss.page.getByRole('button', { name: 'Import another file' }).click();
      await checkFile(boss, csvPath);
      expect(await reportCounts(boss)).toEqual({
        inserted: 0,
        merged: 0,
        unchanged: file.good,
        duplicate_in_file: 2,
        dnc: 1,
        invalid: 3,
      });
      const nothing = boss.page.getByRole('button', { name: 'Nothing to import' });
      expect(await nothing.isDisabled()).toBe(true);
      expect(await onServer()).toBe(file.good);
      await boss.page.getByRole('button', { name: 'Discard' }).click();
      await boss.page.locator('[data-import-step="choose"]').waitFor();
    });
  });
}
