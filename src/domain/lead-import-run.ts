// One lead import from the file's bytes to its report: parse and validate here, stage the valid rows in
// chunks under one import id while the rest of the file is still being parsed, then apply (or, dry run,
// only count) the whole import in one server call. The server calls are parameters (the core's contract
// operations), so the CLI and the import screen run the same steps; a file refused from its header or
// encoding opens no import, and one refused later (too many rows) discards the one it opened.
import Papa from 'papaparse';
import { isFailure, type Failure } from './failure';
import {
  decodeCsv,
  importCountry,
  LeadRecordReader,
  type ColumnMapping,
  type ImportRefusal,
  type StagedLeadRow,
} from './lead-import';

/** Rows per staging request: about 200 KB of JSON, well under a request body cap of 1 MB. */
export const IMPORT_CHUNK_ROWS = 1000;

/** What the server answers for the staged rows. */
export interface ServerImportReport {
  readonly inserted: number;
  readonly merged: number;
  readonly unchanged: number;
  readonly duplicate_in_file: number;
  readonly dnc: number;
  readonly invalid: number;
  readonly refused: readonly ImportRefusal[];
  readonly dry_run: boolean;
}

/** The whole import's answer: the server's counts plus the lines refused before staging. */
export interface LeadImportReport extends ServerImportReport {
  /** Data rows read from the file. */
  readonly rows: number;
}

/** The server side of an import (the contract's manager:import-* operations). */
export interface LeadImportPort {
  begin(fileName: string | null): Promise<{ readonly import_id: string } | Failure>;
  stage(importId: string, rows: readonly StagedLeadRow[]): Promise<unknown>;
  apply(importId: string, dryRun: boolean): Promise<ServerImportReport | Failure>;
  discard(importId: string): Promise<unknown>;
}

export interface LeadImportOptions {
  readonly country: string;
  readonly mapping?: ColumnMapping;
  readonly dryRun?: boolean;
  readonly fileName?: string | null;
  readonly chunkRows?: number;
  /** Valid rows staged so far, after each chunk (a progress bar over the file's size, say). */
  readonly onProgress?: (staged: number) => void;
}

/** Chunks in flight at once: staging is keyed by line, so order does not matter and a retry is harmless. */
const STAGE_CONCURRENCY = 3;

/** Opens the import on the first chunk and keeps at most STAGE_CONCURRENCY chunks in flight. */
class Stager {
  importId: string | null = null;
  failed: Failure | null = null;
  private staged = 0;
  private readonly inFlight = new Set<Promise<void>>();

  constructor(
    private readonly port: LeadImportPort,
    private readonly options: LeadImportOptions,
  ) {}

  /** Sends one chunk; resolves once another may be sent (false: stop, something was refused). */
  async send(rows: StagedLeadRow[]): Promise<boolean> {
    if (this.importId === null) {
      const begun = await this.port.begin(this.options.fileName ?? null);
      if (isFailure(begun)) {
        this.failed = begun;
        return false;
      }
      this.importId = begun.import_id;
    }
    const importId = this.importId;
    const sent: Promise<void> = this.port.stage(importId, rows).then((answer) => {
      this.inFlight.delete(sent);
      if (isFailure(answer)) {
        this.failed ??= answer;
        return;
      }
      this.staged += rows.length;
      this.options.onProgress?.(this.staged);
    });
    this.inFlight.add(sent);
    while (this.inFlight.size >= STAGE_CONCURRENCY) await Promise.race(this.inFlight);
    return this.failed === null;
  }

  async drain(): Promise<void> {
    await Promise.all(this.inFlight);
  }
}

/** Parses the text, handing each full chunk of valid rows to `send` and pausing the parser meanwhile. */
function streamRows(
  text: string,
  reader: LeadRecordReader,
  chunkRows: number,
  send: (rows: StagedLeadRow[]) => Promise<boolean>,
): Promise<void> {
  return new Promise((resolve, reject) => {
    let batch: StagedLeadRow[] = [];
    // After a resume papaparse counts its cursor from where it paused.
    let base = 0;
    let cursor = 0;
    Papa.parse<string[]>(text, {
      skipEmptyLines: true,
      step: (result, parser) => {
        cursor = base + result.meta.cursor;
        const row = reader.read(result.data, cursor);
        if (reader.refusal !== null) return parser.abort();
        if (row === null) return;
        batch.push(row);
        if (batch.length < chunkRows) return;
        const full = batch;
        batch = [];
        base = cursor;
        parser.pause();
        send(full).then((more) => (more ? parser.resume() : parser.abort()), reject);
      },
      complete: () => {
        if (reader.refusal !== null || batch.length === 0) return resolve();
        send(batch).then(() => resolve(), reject);
      },
    });
  });
}

export async function runLeadImport(
  bytes: Uint8Array,
  options: LeadImportOptions,
  port: LeadImportPort,
): Promise<LeadImportReport | Failure> {
  const text = decodeCsv(bytes);
  if (typeof text !== 'string') return text;
  const country = importCountry(options.country);
  if (typeof country !== 'string') return country;
  const reader = new LeadRecordReader(text, country, options.mapping);
  const stager = new Stager(port, options);
  await streamRows(text, reader, Math.max(1, options.chunkRows ?? IMPORT_CHUNK_ROWS), (rows) =>
    stager.send(rows),
  );
  await stager.drain();
  const importId = stager.importId;
  const refusal = stager.failed ?? reader.finish();
  if (refusal !== null) {
    if (importId !== null) await port.discard(importId);
    return refusal;
  }
  const dryRun = options.dryRun ?? false;
  const rows = reader.accepted + reader.refused.length;
  // Nothing for the server to judge: every line was refused here.
  if (importId === null) return mergeReports(emptyReport(dryRun), reader.refused, rows);

  let applied = await port.apply(importId, dryRun);
  // No answer is not no effect: the server may have applied it. Asking again is safe (the import is
  // locked while it applies, and an applied one answers its stored report).
  if (isFailure(applied) && applied.code === 'OFFLINE')
    applied = await port.apply(importId, dryRun);
  if (isFailure(applied)) {
    await port.discard(importId);
    return applied;
  }
  return mergeReports(applied, reader.refused, rows);
}

function emptyReport(dryRun: boolean): ServerImportReport {
  return {
    inserted: 0,
    merged: 0,
    unchanged: 0,
    duplicate_in_file: 0,
    dnc: 0,
    invalid: 0,
    refused: [],
    dry_run: dryRun,
  };
}

/** The server's report with the lines refused before staging added in, in line order. */
export function mergeReports(
  server: ServerImportReport,
  refusedHere: readonly ImportRefusal[],
  rows: number,
): LeadImportReport {
  const refused = [...server.refused, ...refusedHere].sort((a, b) => a.line - b.line);
  return { ...server, invalid: server.invalid + refusedHere.length, refused, rows };
}
