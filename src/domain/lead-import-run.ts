// One lead import from the file's bytes to its report: parse and validate here, stage the valid rows in
// chunks under one import id, then apply (or, dry run, only count) the whole import in one server call.
// The server calls are parameters (the core's contract operations), so the CLI and the import screen
// run the same steps, and a malformed file is refused before any import is opened.
import { isFailure, type Failure } from './failure';
import {
  decodeCsv,
  parseLeadCsv,
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
  /** Rows staged so far of the valid ones, after each chunk (a progress bar). */
  readonly onProgress?: (staged: number, total: number) => void;
}

export async function runLeadImport(
  bytes: Uint8Array,
  options: LeadImportOptions,
  port: LeadImportPort,
): Promise<LeadImportReport | Failure> {
  const text = decodeCsv(bytes);
  if (typeof text !== 'string') return text;
  const parsed = parseLeadCsv(text, {
    country: options.country,
    ...(options.mapping === undefined ? {} : { mapping: options.mapping }),
  });
  if ('ok' in parsed) return parsed;
  const dryRun = options.dryRun ?? false;
  const rows = parsed.rows.length + parsed.refused.length;
  if (parsed.rows.length === 0) {
    // Nothing for the server to judge: every line was refused here.
    return {
      ...emptyReport(dryRun),
      invalid: parsed.refused.length,
      refused: parsed.refused,
      rows,
    };
  }

  const begun = await port.begin(options.fileName ?? null);
  if (isFailure(begun)) return begun;
  const chunk = Math.max(1, options.chunkRows ?? IMPORT_CHUNK_ROWS);
  const stagedFailure = await stageAll(
    begun.import_id,
    parsed.rows,
    chunk,
    port,
    options.onProgress,
  );
  if (stagedFailure !== null) {
    await port.discard(begun.import_id);
    return stagedFailure;
  }
  let applied = await port.apply(begun.import_id, dryRun);
  // No answer is not no effect: the server may have applied it. Asking again is safe (the import is
  // locked while it applies, and an applied one answers its stored report).
  if (isFailure(applied) && applied.code === 'OFFLINE')
    applied = await port.apply(begun.import_id, dryRun);
  if (isFailure(applied)) {
    await port.discard(begun.import_id);
    return applied;
  }
  return mergeReports(applied, parsed.refused, rows);
}

/** Chunks in flight at once: staging is keyed by line, so order does not matter and a retry is harmless. */
const STAGE_CONCURRENCY = 3;

/** Stages every row, a few chunks at a time; the first refusal stops the rest. */
async function stageAll(
  importId: string,
  rows: readonly StagedLeadRow[],
  chunk: number,
  port: LeadImportPort,
  onProgress: LeadImportOptions['onProgress'],
): Promise<Failure | null> {
  let next = 0;
  let staged = 0;
  let refused: Failure | null = null;
  const worker = async (): Promise<void> => {
    while (refused === null && next < rows.length) {
      const slice = rows.slice(next, next + chunk);
      next += chunk;
      const answer = await port.stage(importId, slice);
      if (isFailure(answer)) {
        refused ??= answer;
        return;
      }
      staged += slice.length;
      onProgress?.(staged, rows.length);
    }
  };
  await Promise.all(Array.from({ length: STAGE_CONCURRENCY }, worker));
  return refused;
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
