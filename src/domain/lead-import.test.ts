import { describe, expect, it } from 'vitest';
import { decodeCsv, guessMapping, MAX_IMPORT_BYTES, parseLeadCsv } from './lead-import';
import { runLeadImport, type LeadImportPort, type ServerImportReport } from './lead-import-run';
import { isFailure } from './failure';

const utf8 = (text: string): Uint8Array => new TextEncoder().encode(text);

describe('decodeCsv', () => {
  it('refuses an empty file, UTF-16 and invalid UTF-8 with their codes', () => {
    expect(decodeCsv(new Uint8Array())).toMatchObject({ code: 'IMPORT_EMPTY_FILE' });
    expect(decodeCsv(utf8(' \n\n'))).toMatchObject({ code: 'IMPORT_EMPTY_FILE' });
    const utf16 = new Uint8Array([0xff, 0xfe, 0x6e, 0x00, 0x61, 0x00]);
    expect(decodeCsv(utf16)).toMatchObject({
      code: 'IMPORT_ENCODING',
      details: { encoding: 'utf-16' },
    });
    const latin1 = new Uint8Array([...utf8('name,phone\nJos'), 0xe9, ...utf8(',9876543210\n')]);
    expect(decodeCsv(latin1)).toMatchObject({
      code: 'IMPORT_ENCODING',
      details: { encoding: 'invalid-utf-8', at_byte: 14 },
    });
  });

  it('refuses a file over the size cap before decoding it', () => {
    expect(decodeCsv(new Uint8Array(MAX_IMPORT_BYTES + 1))).toMatchObject({
      code: 'IMPORT_TOO_LARGE',
    });
  });

  it('drops the UTF-8 byte order mark a spreadsheet writes', () => {
    expect(decodeCsv(new Uint8Array([0xef, 0xbb, 0xbf, ...utf8('name,phone\n')]))).toBe(
      'name,phone\n',
    );
  });
});

describe('parseLeadCsv', () => {
  it('guesses the usual headers', () => {
    expect(guessMapping(['Full Name', 'Mobile', 'E-mail', 'Time Zone'])).toEqual({
      name: 'Full Name',
      phone: 'Mobile',
      email: 'E-mail',
      time_zone: 'Time Zone',
    });
  });

  it('normalises phones in the chosen country and refuses bad lines with their file line numbers', () => {
    const text = [
      'Name,Phone,Email,Zone',
      'Asha,098765 43210,asha@example.com,Asia/Kolkata',
      '',
      '"Multi',
      'line",+44 20 7946 0958,,',
      'No phone,,,',
      ',9876543211,,',
      'Bad mail,9876543212,nope,',
      'Bad zone,9876543213,,IST',
      '   ,  ,  ,  ',
      'Ravi,call me,,',
    ].join('\r\n');
    const parsed = parseLeadCsv(text, { country: 'in', mapping: { time_zone: 'Zone' } });
    if ('ok' in parsed) throw new Error(parsed.message);
    expect(parsed.rows.map((row) => [row.line, row.phone_e164, row.country])).toEqual([
      [2, '+919876543210', 'IN'],
      [4, '+442079460958', 'GB'],
    ]);
    expect(parsed.rows[0]).toMatchObject({ email: 'asha@example.com', time_zone: 'Asia/Kolkata' });
    expect(parsed.refused.map((refusal) => [refusal.line, refusal.reason.slice(0, 24)])).toEqual([
      [6, 'PHONE_EMPTY: Enter a pho'],
      [7, 'the name is empty'],
      [8, 'the email address "nope"'],
      [9, 'the time zone "IST" is n'],
      [11, 'PHONE_INVALID: This is n'],
    ]);
  });

  it('names the missing required column and refuses an unknown country', () => {
    expect(parseLeadCsv('name,email\nA,a@b.co\n', { country: 'IN' })).toMatchObject({
      code: 'IMPORT_MISSING_COLUMN',
      details: { missing: ['phone'] },
    });
    expect(parseLeadCsv('name,phone\n', { country: 'IN' })).toMatchObject({
      code: 'IMPORT_EMPTY_FILE',
    });
    expect(parseLeadCsv('name,phone\nA,1\n', { country: 'XX' })).toMatchObject({
      code: 'PHONE_UNKNOWN_COUNTRY',
    });
  });
});

describe('runLeadImport', () => {
  const serverReport: ServerImportReport = {
    inserted: 2,
    merged: 0,
    unchanged: 0,
    duplicate_in_file: 1,
    dnc: 0,
    invalid: 0,
    refused: [{ line: 5, kind: 'duplicate_in_file', reason: 'the same phone as line 2' }],
    dry_run: false,
  };

  it('stages the valid rows in chunks, applies once, and merges the refusals in line order', async () => {
    const calls: string[] = [];
    const port: LeadImportPort = {
      begin: async () => (calls.push('begin'), { import_id: 'i1' }),
      stage: async (_id, rows) => (
        calls.push(`stage ${rows.map((row) => row.line).join(' ')}`),
        { staged: rows.length }
      ),
      apply: async (_id, dryRun) => (calls.push(`apply ${dryRun}`), serverReport),
      discard: async () => calls.push('discard'),
    };
    const csv = 'name,phone\nA,9876543210\nB,9876543211\nC,\nA2,9876543210\n';
    const report = await runLeadImport(utf8(csv), { country: 'IN', chunkRows: 2 }, port);
    expect(calls).toEqual(['begin', 'stage 2 3', 'stage 5', 'apply false']);
    expect(report).toMatchObject({ rows: 4, inserted: 2, duplicate_in_file: 1, invalid: 1 });
    expect(isFailure(report) ? [] : report.refused.map((refusal) => refusal.line)).toEqual([4, 5]);
  });

  it('keeps file line numbers across the pauses of streaming, and stops at a refused chunk', async () => {
    const lines = ['name,phone'];
    for (let i = 1; i <= 9; i += 1)
      lines.push(i % 4 === 0 ? `Bad ${i},1` : `Row ${i},98765432${10 + i}`);
    const staged: number[][] = [];
    const port: LeadImportPort = {
      begin: async () => ({ import_id: 'i1' }),
      stage: async (_id, rows) => {
        staged.push(rows.map((row) => row.line));
        return { staged: rows.length };
      },
      apply: async () => ({ ...serverReport, refused: [] }),
      discard: async () => undefined,
    };
    const report = await runLeadImport(
      utf8(lines.join('\r\n')),
      { country: 'IN', chunkRows: 2 },
      port,
    );
    expect(staged).toEqual([[2, 3], [4, 6], [7, 8], [10]]);
    expect(isFailure(report) ? null : report.refused.map((refusal) => refusal.line)).toEqual([
      5, 9,
    ]);
  });

  it('asks for the report again when the apply got no answer, and discards nothing then', async () => {
    const calls: string[] = [];
    let applies = 0;
    const port: LeadImportPort = {
      begin: async () => ({ import_id: 'i1' }),
      stage: async (_id, rows) => ({ staged: rows.length }),
      apply: async () => {
        applies += 1;
        calls.push(`apply ${applies}`);
        return applies === 1 ? { ok: false, code: 'OFFLINE', message: 'no answer' } : serverReport;
      },
      discard: async () => calls.push('discard'),
    };
    const report = await runLeadImport(utf8('name,phone\nA,9876543210\n'), { country: 'IN' }, port);
    expect(report).toMatchObject({ inserted: 2 });
    expect(calls).toEqual(['apply 1', 'apply 2']);
  });

  it('opens no import for a malformed file, and discards one whose staging failed', async () => {
    const calls: string[] = [];
    const port: LeadImportPort = {
      begin: async () => (calls.push('begin'), { import_id: 'i1' }),
      stage: async () => ({ ok: false, code: 'OFFLINE', message: 'offline' }),
      apply: async () => serverReport,
      discard: async () => calls.push('discard'),
    };
    expect(await runLeadImport(utf8('email\nx@y.z\n'), { country: 'IN' }, port)).toMatchObject({
      code: 'IMPORT_MISSING_COLUMN',
    });
    expect(calls).toEqual([]);
    expect(
      await runLeadImport(utf8('name,phone\nA,9876543210\n'), { country: 'IN' }, port),
    ).toMatchObject({
      code: 'OFFLINE',
    });
    expect(calls).toEqual(['begin', 'discard']);
  });
});
