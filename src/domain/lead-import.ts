// A CSV of leads to the rows an import stages: bytes checked for encoding, columns mapped, each row
// validated and its phone normalised to E.164. Pure (no I/O), so the CLI and the import screen share it.
// Duplicates and do-not-call are the database's to decide (lead_import_apply), against the live tables.
import Papa from 'papaparse';
import { isSupportedCountry, parsePhoneNumberWithError } from 'libphonenumber-js/max';
import { isValidTimeZone } from './calling-window';
import { failure, type Failure } from './failure';
import { normalisePhone, stripFormatting, type CountryCode } from './phone';

/** The lead fields a CSV column can fill; name and phone are required. */
export const LEAD_IMPORT_FIELDS = [
  'name',
  'phone',
  'email',
  'company',
  'source',
  'time_zone',
  'country',
] as const;
export type LeadImportField = (typeof LEAD_IMPORT_FIELDS)[number];
export const REQUIRED_IMPORT_FIELDS: readonly LeadImportField[] = ['name', 'phone'];

/** Which CSV header fills each field (matched case- and space-insensitively). */
export type ColumnMapping = Partial<Record<LeadImportField, string>>;

/** Bigger files are refused before they are read: 50,000 leads take about 5 MB. */
export const MAX_IMPORT_BYTES = 64 * 1024 * 1024;
export const MAX_IMPORT_ROWS = 200_000;

/** What an import stages for one valid line (the shape lead_import_stage takes). */
export interface StagedLeadRow {
  /** The line in the file where the row starts; the header is line 1. */
  readonly line: number;
  readonly name: string;
  /** As typed. */
  readonly phone: string;
  readonly phone_e164: string;
  readonly email: string | null;
  readonly company: string | null;
  readonly source: string | null;
  readonly time_zone: string | null;
  readonly country: string | null;
}

export const IMPORT_REFUSAL_KINDS = ['invalid', 'duplicate_in_file', 'dnc'] as const;
export type ImportRefusalKind = (typeof IMPORT_REFUSAL_KINDS)[number];

/** A line the import did not take, and why. */
export interface ImportRefusal {
  readonly line: number;
  readonly kind: ImportRefusalKind;
  readonly reason: string;
}

export type ImportFileErrorCode =
  | 'IMPORT_EMPTY_FILE'
  | 'IMPORT_ENCODING'
  | 'IMPORT_TOO_LARGE'
  | 'IMPORT_MISSING_COLUMN'
  | 'PHONE_UNKNOWN_COUNTRY';

export interface ParsedLeadCsv {
  readonly headers: readonly string[];
  readonly mapping: ColumnMapping;
  readonly rows: readonly StagedLeadRow[];
  /** Lines refused here (kind 'invalid'); the database adds duplicates and do-not-call. */
  readonly refused: readonly ImportRefusal[];
}

export interface ParseLeadCsvOptions {
  /** The country of numbers written without +country code (ISO 3166 alpha-2, e.g. 'IN'). */
  readonly country: string;
  /** Header per field; fields left out are guessed from the headers (guessMapping). */
  readonly mapping?: ColumnMapping;
}

/** Refuses a file over MAX_IMPORT_BYTES; a caller holding only its size checks before reading it. */
export function fileTooLarge(bytes: number): Failure<'IMPORT_TOO_LARGE'> {
  return failure(
    'IMPORT_TOO_LARGE',
    `The file is ${Math.ceil(bytes / 1048576)} MB; import at most ${MAX_IMPORT_BYTES / 1048576} MB at a time (split the file).`,
    { bytes, max_bytes: MAX_IMPORT_BYTES },
  );
}

/** The file's text, or why it cannot be read as a CSV: empty, too large, or not UTF-8. */
export function decodeCsv(bytes: Uint8Array): string | Failure<ImportFileErrorCode> {
  if (bytes.length > MAX_IMPORT_BYTES) return fileTooLarge(bytes.length);
  if (bytes.length === 0) return failure('IMPORT_EMPTY_FILE', 'The file is empty.');
  const utf16 =
    (bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff);
  // A NUL in text is UTF-16 without its byte order mark, or not text at all.
  if (utf16 || bytes.subarray(0, 4096).includes(0)) {
    return failure(
      'IMPORT_ENCODING',
      'The file is not UTF-8 text (it looks like UTF-16 or a binary file): save it as "CSV UTF-8".',
      { encoding: utf16 ? 'utf-16' : 'binary' },
    );
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return failure('IMPORT_ENCODING', 'The file is not valid UTF-8 text: save it as "CSV UTF-8".', {
      encoding: 'invalid-utf-8',
      at_byte: firstInvalidUtf8Byte(bytes),
    });
  }
  if (text.trim() === '') return failure('IMPORT_EMPTY_FILE', 'The file has nothing in it.');
  return text;
}

/** The offset of the first byte that does not start or continue a UTF-8 character (to show a person). */
function firstInvalidUtf8Byte(bytes: Uint8Array): number {
  for (let at = 0; at < bytes.length;) {
    const lead = bytes[at]!;
    const length =
      lead < 0x80
        ? 1
        : lead >= 0xc2 && lead <= 0xdf
          ? 2
          : lead >= 0xe0 && lead <= 0xef
            ? 3
            : lead >= 0xf0 && lead <= 0xf4
              ? 4
              : 0;
    if (length === 0) return at;
    for (let next = at + 1; next < at + length; next += 1) {
      const byte = bytes[next];
      if (byte === undefined || byte < 0x80 || byte > 0xbf) return at;
    }
    at += length;
  }
  return bytes.length;
}

const HEADER_ALIASES: Readonly<Record<LeadImportField, readonly string[]>> = {
  name: ['name', 'fullname', 'leadname', 'contactname', 'customername'],
  phone: ['phone', 'phonenumber', 'mobile', 'mobilenumber', 'contactnumber', 'telephone', 'tel'],
  email: ['email', 'emailaddress', 'mail'],
  company: ['company', 'companyname', 'organisation', 'organization', 'business'],
  source: ['source', 'leadsource', 'campaign'],
  time_zone: ['timezone', 'tz', 'zone'],
  country: ['country', 'countrycode'],
};

function headerKey(header: string): string {
  return header.toLowerCase().replace(/[^a-z0-9]/g, '');
}

/** The column mapping a person would pick for common header names ('Full Name', 'Mobile', 'E-mail'). */
export function guessMapping(headers: readonly string[]): ColumnMapping {
  const mapping: ColumnMapping = {};
  for (const field of LEAD_IMPORT_FIELDS) {
    const found = headers.find((header) => HEADER_ALIASES[field].includes(headerKey(header)));
    if (found !== undefined) mapping[field] = found;
  }
  return mapping;
}

type ColumnIndexes = Partial<Record<LeadImportField, number>>;

function resolveMapping(
  headers: readonly string[],
  chosen: ColumnMapping | undefined,
): { mapping: ColumnMapping; indexes: ColumnIndexes } | Failure<'IMPORT_MISSING_COLUMN'> {
  const mapping: ColumnMapping = { ...guessMapping(headers), ...chosen };
  const indexes: ColumnIndexes = {};
  const keys = headers.map(headerKey);
  const unknown: string[] = [];
  for (const field of LEAD_IMPORT_FIELDS) {
    const header = mapping[field];
    if (header === undefined) continue;
    const index = keys.indexOf(headerKey(header));
    if (index < 0) unknown.push(`${field} → "${header}"`);
    else indexes[field] = index;
  }
  const missing = REQUIRED_IMPORT_FIELDS.filter((field) => indexes[field] === undefined);
  if (missing.length > 0 || unknown.length > 0) {
    return failure(
      'IMPORT_MISSING_COLUMN',
      missing.length > 0
        ? `The file has no ${missing.join(' or ')} column (headers: ${headers.join(', ')}); map one.`
        : `The mapped column ${unknown.join(', ')} is not in the file.`,
      { missing, unknown, headers },
    );
  }
  return { mapping, indexes };
}

const EMAIL = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;

function optional(value: string | undefined): string | null {
  const trimmed = value?.trim() ?? '';
  return trimmed === '' ? null : trimmed;
}

/**
 * normalisePhone without the national format an import does not need: one parse per number instead of
 * two halves the cost of a 50,000-row file. A refused number goes through normalisePhone for its reason.
 */
function importPhone(
  typed: string,
  country: CountryCode,
): { ok: true; e164: string; country: string | null } | Failure {
  try {
    const parsed = parsePhoneNumberWithError(stripFormatting(typed), {
      defaultCountry: country,
      extract: false,
    });
    // `number` is E.164 without the extension, which a dialler cannot use.
    if (parsed.isValid()) return { ok: true, e164: parsed.number, country: parsed.country ?? null };
  } catch {
    // The parser's refusal: normalisePhone below names it.
  }
  const refused = normalisePhone(typed, country);
  return refused.ok ? { ok: true, e164: refused.e164, country: refused.country } : refused;
}

/** One record of the file as a staged row, or the reason the line is refused. */
export function validateLeadRow(
  values: Partial<Record<LeadImportField, string>>,
  line: number,
  country: CountryCode,
): StagedLeadRow | ImportRefusal {
  const invalid = (reason: string): ImportRefusal => ({ line, kind: 'invalid', reason });
  const name = optional(values.name);
  if (name === null) return invalid('the name is empty');
  if (name.length > 200) return invalid('the name is longer than 200 characters');
  const typed = values.phone?.trim() ?? '';
  if (typed.length > 40) return invalid('the phone is longer than 40 characters');
  const phone = importPhone(typed, country);
  if (!phone.ok) return invalid(`${phone.code}: ${phone.message}`);
  const email = optional(values.email);
  if (email !== null && (email.length > 320 || !EMAIL.test(email))) {
    return invalid(`the email address "${email}" is not valid`);
  }
  const company = optional(values.company);
  if (company !== null && company.length > 200)
    return invalid('the company is longer than 200 characters');
  const source = optional(values.source);
  if (source !== null && source.length > 200)
    return invalid('the source is longer than 200 characters');
  const timeZone = optional(values.time_zone);
  if (
    timeZone !== null &&
    (!/^(UTC|[A-Z][A-Za-z]+(\/[A-Za-z0-9_+-]+)+)$/.test(timeZone) || !isValidTimeZone(timeZone))
  ) {
    return invalid(`the time zone "${timeZone}" is not an IANA zone name (e.g. Asia/Kolkata)`);
  }
  const countryColumn = optional(values.country)?.toUpperCase() ?? null;
  if (countryColumn !== null && !/^[A-Z]{2}$/.test(countryColumn)) {
    return invalid(`the country "${countryColumn}" is not a two-letter ISO code`);
  }
  return {
    line,
    name,
    phone: typed,
    phone_e164: phone.e164,
    email,
    company,
    source,
    time_zone: timeZone,
    country: countryColumn ?? phone.country,
  };
}

/** The country an import reads national numbers in, or PHONE_UNKNOWN_COUNTRY. */
export function importCountry(code: string): CountryCode | Failure<'PHONE_UNKNOWN_COUNTRY'> {
  const upper = code.trim().toUpperCase();
  return isSupportedCountry(upper)
    ? upper
    : failure(
        'PHONE_UNKNOWN_COUNTRY',
        `"${code}" is not a country code libphonenumber knows (e.g. IN, US, GB).`,
      );
}

/** Reads the records of one file in order: the header first, then each row staged or refused. */
export class LeadRecordReader {
  headers: string[] | null = null;
  mapping: ColumnMapping | null = null;
  /** Why the whole file is refused (a missing column, too many rows); reading stops there. */
  refusal: Failure<ImportFileErrorCode> | null = null;
  readonly refused: ImportRefusal[] = [];
  accepted = 0;
  private indexes: ColumnIndexes = {};
  private readonly lines: LineCounter;

  constructor(
    text: string,
    private readonly country: CountryCode,
    private readonly chosen: ColumnMapping | undefined,
  ) {
    this.lines = new LineCounter(text);
  }

  /** The staged row of this record, or null (the header, a blank row, a refused line, a refused file). */
  read(record: string[], cursor: number): StagedLeadRow | null {
    const line = this.lines.startOf(cursor);
    if (this.headers === null) {
      this.headers = record.map((header) => header.trim());
      const mapped = resolveMapping(this.headers, this.chosen);
      if ('ok' in mapped) this.refusal = mapped;
      else ({ mapping: this.mapping, indexes: this.indexes } = mapped);
      return null;
    }
    if (record.every((value) => value.trim() === '')) return null;
    if (this.accepted + this.refused.length >= MAX_IMPORT_ROWS) {
      this.refusal = failure(
        'IMPORT_TOO_LARGE',
        `The file has more than ${MAX_IMPORT_ROWS} rows; split it.`,
        { max_rows: MAX_IMPORT_ROWS },
      );
      return null;
    }
    const values: Partial<Record<LeadImportField, string>> = {};
    for (const [field, index] of Object.entries(this.indexes)) {
      values[field as LeadImportField] = record[index];
    }
    const row = validateLeadRow(values, line, this.country);
    if ('phone_e164' in row) {
      this.accepted += 1;
      return row;
    }
    this.refused.push(row);
    return null;
  }

  /** After the last record: the refusal of a file with no header or no rows, else null. */
  finish(): Failure<ImportFileErrorCode> | null {
    if (this.refusal !== null) return this.refusal;
    if (this.headers === null) return failure('IMPORT_EMPTY_FILE', 'The file has no header row.');
    if (this.accepted === 0 && this.refused.length === 0) {
      return failure('IMPORT_EMPTY_FILE', 'The file has a header but no rows.');
    }
    return null;
  }
}

/**
 * Parses the whole text record by record (papaparse's step: no array of every record is built) into
 * staged rows and refused lines. Line numbers are those of the file, so a quoted field spanning lines
 * moves the numbers as a spreadsheet would show them. (lead-import-run.ts streams the same reader.)
 */
export function parseLeadCsv(
  text: string,
  options: ParseLeadCsvOptions,
): ParsedLeadCsv | Failure<ImportFileErrorCode> {
  const country = importCountry(options.country);
  if (typeof country !== 'string') return country;
  const reader = new LeadRecordReader(text, country, options.mapping);
  const rows: StagedLeadRow[] = [];
  Papa.parse<string[]>(text, {
    skipEmptyLines: true,
    step: (result, parser) => {
      const row = reader.read(result.data, result.meta.cursor);
      if (row !== null) rows.push(row);
      if (reader.refusal !== null) parser.abort();
    },
  });
  const refusal = reader.finish();
  if (refusal !== null) return refusal;
  return { headers: reader.headers!, mapping: reader.mapping!, rows, refused: reader.refused };
}

/** Turns papaparse's cursor (the end of each record) into the line where the next record starts. */
export class LineCounter {
  private position = 0;
  private line = 1;

  constructor(private readonly text: string) {}

  /** The line of the record that ends at `cursor`; call once per record, in order. */
  startOf(cursor: number): number {
    // Skip the line breaks before the record (the previous record's end, skipped empty lines).
    while (
      this.position < cursor &&
      (this.text[this.position] === '\n' || this.text[this.position] === '\r')
    ) {
      if (this.text[this.position] === '\n') this.line += 1;
      this.position += 1;
    }
    const start = this.line;
    for (
      let at = this.text.indexOf('\n', this.position);
      at !== -1 && at < cursor;
      at = this.text.indexOf('\n', at + 1)
    ) {
      this.line += 1;
    }
    this.position = cursor;
    return start;
  }
}
