// The import screen's work on the file itself, before and after the server's part: reading it with
// progress, the preview and mapping of its columns, the default country, and the refused rows as a CSV.
// Parsing and validation are the domain's (src/domain/lead-import.ts), the same the CLI runs.
import Papa from 'papaparse';
import { getCountries } from 'libphonenumber-js/max';
import { failure, type Failure } from '../../../../src/domain/failure';
import {
  fileTooLarge,
  importCountry,
  LEAD_IMPORT_FIELDS,
  LineCounter,
  MAX_IMPORT_BYTES,
  type ColumnMapping,
  type ImportRefusal,
  type LeadImportField,
} from '../../../../src/domain/lead-import';
import { DEFAULT_PHONE_COUNTRY } from '../../../../src/domain/phone';

/** Rows shown under the headers while the person maps the columns. */
export const PREVIEW_ROWS = 5;

export interface CsvPreview {
  readonly headers: readonly string[];
  readonly rows: readonly (readonly string[])[];
}

/** The header and the first rows, for the mapping step (the whole file is parsed only when checked). */
export function previewCsv(text: string): CsvPreview | Failure {
  const parsed = Papa.parse<string[]>(text, { preview: PREVIEW_ROWS + 1, skipEmptyLines: true });
  const [header, ...rows] = parsed.data;
  if (header === undefined || header.every((cell) => cell.trim() === '')) {
    return failure('IMPORT_EMPTY_FILE', 'The file has no header row.');
  }
  return { headers: header.map((cell) => cell.trim()), rows };
}

/** Data lines in the file, counted cheaply: the denominator of the staging progress bar. */
export function estimateDataRows(text: string): number {
  let lines = 0;
  for (let at = text.indexOf('\n'); at !== -1; at = text.indexOf('\n', at + 1)) lines += 1;
  if (!text.endsWith('\n')) lines += 1;
  return Math.max(1, lines - 1);
}

/** Reads a chosen file in chunks, reporting the share read; a file over the limit is refused unread. */
export async function readFileBytes(
  file: Blob,
  onProgress: (fraction: number) => void,
  stillWanted: () => boolean,
): Promise<Uint8Array | Failure | null> {
  if (file.size > MAX_IMPORT_BYTES) return fileTooLarge(file.size);
  const bytes = new Uint8Array(file.size);
  const reader = file.stream().getReader();
  let at = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (!stillWanted()) {
      await reader.cancel();
      return null;
    }
    if (done) break;
    // A file that grew while being read is refused rather than cut short.
    if (at + value.length > bytes.length) {
      await reader.cancel();
      return failure('IMPORT_TOO_LARGE', 'The file changed while it was read; choose it again.');
    }
    bytes.set(value, at);
    at += value.length;
    onProgress(file.size === 0 ? 1 : at / file.size);
  }
  return bytes.subarray(0, at);
}

/** The field the column fills, or null when it is ignored. */
export function fieldOfColumn(mapping: ColumnMapping, header: string): LeadImportField | null {
  return LEAD_IMPORT_FIELDS.find((field) => mapping[field] === header) ?? null;
}

/** The mapping with `header` filling `field` (taken from any other column) or, with null, ignored. */
export function assignColumn(
  mapping: ColumnMapping,
  header: string,
  field: LeadImportField | null,
): ColumnMapping {
  const next: ColumnMapping = {};
  for (const each of LEAD_IMPORT_FIELDS) {
    const column = mapping[each];
    if (column !== undefined && column !== header && each !== field) next[each] = column;
  }
  if (field !== null) next[field] = header;
  return next;
}

/**
 * The mapping as the domain's parser takes it. Its parser fills unnamed fields from the headers'
 * guesses, so a field the person left unmapped is named as no column, which it skips.
 */
export function explicitMapping(mapping: ColumnMapping): ColumnMapping {
  const explicit: Record<string, string | undefined> = {};
  for (const field of LEAD_IMPORT_FIELDS) explicit[field] = mapping[field];
  return explicit as ColumnMapping;
}

/** The country of the person's locale ('en-IN' → IN) when libphonenumber knows it, else IN. */
export function defaultCountryFor(locale: string): string {
  let region: string | undefined;
  try {
    region = new Intl.Locale(locale).maximize().region;
  } catch {
    // Not a locale tag (an odd browser setting): the floor's default below.
  }
  return region !== undefined && typeof importCountry(region) === 'string'
    ? region
    : DEFAULT_PHONE_COUNTRY;
}

export interface CountryOption {
  readonly code: string;
  readonly name: string;
}

/** Every country libphonenumber can read numbers for, by name in the person's language. */
export function countryOptions(locale: string): CountryOption[] {
  const names = new Intl.DisplayNames([locale, 'en'], { type: 'region' });
  return getCountries()
    .map((code) => ({ code, name: names.of(code) ?? code }))
    .sort((a, b) => a.name.localeCompare(b.name, locale));
}

/**
 * The refused lines as a CSV a person can fix and import again: line, kind and reason, then the row
 * as it was in the file. The parser's own line counter numbers the records, so the numbers match.
 */
export function refusedRowsCsv(text: string, refused: readonly ImportRefusal[]): string {
  const wanted = new Set(refused.map((refusal) => refusal.line));
  const found = new Map<number, string[]>();
  const lines = new LineCounter(text);
  let headers: readonly string[] | null = null;
  Papa.parse<string[]>(text, {
    skipEmptyLines: true,
    step: (result) => {
      const line = lines.startOf(result.meta.cursor);
      if (headers === null) headers = result.data;
      else if (wanted.has(line)) found.set(line, result.data);
    },
  });
  return Papa.unparse({
    fields: ['line', 'kind', 'reason', ...(headers ?? [])],
    data: refused.map((refusal) => [
      String(refusal.line),
      refusal.kind,
      refusal.reason,
      ...(found.get(refusal.line) ?? []),
    ]),
  });
}
