// The import screen's file work: the mapping a person edits reaches the domain's parser as chosen (an
// ignored column stays ignored), the default country follows the locale, and the refused rows download
// with the file's own line numbers and values.
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { guessMapping, parseLeadCsv } from '../../../../src/domain/lead-import';
import {
  assignColumn,
  defaultCountryFor,
  estimateDataRows,
  explicitMapping,
  fieldOfColumn,
  previewCsv,
  readFileBytes,
  refusedRowsCsv,
} from './import-file';

const CSV = [
  'Full Name,Mobile,Lead Source,Notes',
  'Asha Rao,98450 12345,expo,first',
  'Bad Phone,12345,expo,"two',
  'lines"',
  'Ravi Kumar,9845012346,web,',
  ',9845012347,web,no name',
].join('\n');

describe('the column mapping', () => {
  it('moves a field from one column to another, and ignores a column', () => {
    const guessed = guessMapping(['Full Name', 'Mobile', 'Lead Source', 'Notes']);
    expect(guessed).toEqual({ name: 'Full Name', phone: 'Mobile', source: 'Lead Source' });
    const moved = assignColumn(guessed, 'Notes', 'source');
    expect(fieldOfColumn(moved, 'Notes')).toBe('source');
    expect(fieldOfColumn(moved, 'Lead Source')).toBeNull();
    const ignored = assignColumn(moved, 'Notes', null);
    expect(fieldOfColumn(ignored, 'Notes')).toBeNull();
  });

  it('keeps a guessed column the person ignored out of the parse', () => {
    const mapping = assignColumn(
      guessMapping(['Full Name', 'Mobile', 'Lead Source']),
      'Lead Source',
      null,
    );
    const parsed = parseLeadCsv(CSV, { country: 'IN', mapping: explicitMapping(mapping) });
    if ('ok' in parsed) throw new Error(parsed.message);
    expect(parsed.rows.map((row) => row.source)).toEqual([null, null]);
  });
});

describe('the file', () => {
  it('shows the header and the first rows, and refuses a file with no header', () => {
    const preview = previewCsv(CSV);
    if ('ok' in preview) throw new Error(preview.message);
    expect(preview.headers).toEqual(['Full Name', 'Mobile', 'Lead Source', 'Notes']);
    // A quoted value over two lines is one row.
    expect(preview.rows.slice(0, 2)).toEqual([
      ['Asha Rao', '98450 12345', 'expo', 'first'],
      ['Bad Phone', '12345', 'expo', 'two\nlines'],
    ]);
    expect(preview.rows).toHaveLength(4);
    expect(previewCsv('\n\n')).toMatchObject({ ok: false, code: 'IMPORT_EMPTY_FILE' });
  });

  it('estimates the data rows for the progress bar', () => {
    expect(estimateDataRows('a,b\n1,2\n3,4\n')).toBe(2);
    expect(estimateDataRows('a,b\n1,2\n3,4')).toBe(2);
  });

  it('reads the bytes with progress, and refuses a file over the limit unread', async () => {
    const shares: number[] = [];
    const bytes = await readFileBytes(
      new Blob([CSV]),
      (share) => shares.push(share),
      () => true,
    );
    expect(new TextDecoder().decode(bytes as Uint8Array)).toBe(CSV);
    expect(shares.at(-1)).toBe(1);
    const huge = {
      size: 65 * 1024 * 1024,
      stream: () => {
        throw new Error('read');
      },
    } as unknown as Blob;
    expect(
      await readFileBytes(
        huge,
        () => undefined,
        () => true,
      ),
    ).toMatchObject({
      code: 'IMPORT_TOO_LARGE',
    });
  });

  it('takes the default country from the locale, else India', () => {
    expect(defaultCountryFor('en-GB')).toBe('GB');
    expect(defaultCountryFor('hi')).toBe('IN');
    expect(defaultCountryFor('not a locale!')).toBe('IN');
  });
});

describe('the refused rows download', () => {
  it('holds each refused line with its number, reason and the row as it was', () => {
    const parsed = parseLeadCsv(CSV, { country: 'IN' });
    if ('ok' in parsed) throw new Error(parsed.message);
    // As the server would add it: line 5 has the phone of a line before.
    const refused = [
      ...parsed.refused,
      { line: 5, kind: 'duplicate_in_file' as const, reason: 'the same phone as line 2' },
    ].sort((a, b) => a.line - b.line);
    const csv = refusedRowsCsv(CSV, refused);
    const rows = Papa.parse<string[]>(csv).data;
    expect(rows[0]).toEqual([
      'line',
      'kind',
      'reason',
      'Full Name',
      'Mobile',
      'Lead Source',
      'Notes',
    ]);
    expect(rows.slice(1).map((row) => [row[0], row[1], row[3], row[6]])).toEqual([
      ['3', 'invalid', 'Bad Phone', 'two\nlines'],
      ['5', 'duplicate_in_file', 'Ravi Kumar', ''],
      ['6', 'invalid', '', 'no name'],
    ]);
  });

  it('numbers the lines as the parser does when the file starts with blank lines', () => {
    const text = `\n\n${CSV}`;
    const parsed = parseLeadCsv(text, { country: 'IN' });
    if ('ok' in parsed) throw new Error(parsed.message);
    const rows = Papa.parse<string[]>(refusedRowsCsv(text, parsed.refused)).data;
    expect(rows.slice(1).map((row) => [row[0], row[3]])).toEqual([
      ['5', 'Bad Phone'],
      ['8', ''],
    ]);
  });
});
