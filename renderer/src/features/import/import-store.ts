// The import screen's steps: choose a file → map its columns → check (a dry run on the server) →
// apply. Each step can be left; a check or an apply still staging can be cancelled, and the server's
// import is then discarded. Both the check and the apply run the domain's runLeadImport, the CLI's path.
import { create } from 'zustand';
import type { CoreAnswer } from '../../../../src/contract/core-client';
import { failure, isFailure, type Failure } from '../../../../src/domain/failure';
import {
  decodeCsv,
  guessMapping,
  REQUIRED_IMPORT_FIELDS,
  type ColumnMapping,
  type LeadImportField,
} from '../../../../src/domain/lead-import';
import {
  runLeadImport,
  type LeadImportPort,
  type LeadImportReport,
} from '../../../../src/domain/lead-import-run';
import { core } from '../../app/client';
import {
  assignColumn,
  defaultCountryFor,
  estimateDataRows,
  explicitMapping,
  previewCsv,
  readFileBytes,
  refusedRowsCsv,
  type CsvPreview,
} from './import-file';

export type ImportStep =
  'choose' | 'reading' | 'mapping' | 'checking' | 'checked' | 'applying' | 'applied';

/** What a person is told when something stopped the import: a code and what to do. */
export interface ImportProblem {
  readonly code: string;
  readonly message: string;
}

interface LoadedFile {
  readonly name: string;
  readonly bytes: Uint8Array;
  readonly text: string;
  readonly preview: CsvPreview;
  readonly dataRows: number;
}

interface ImportState {
  readonly step: ImportStep;
  readonly fileName: string | null;
  readonly file: LoadedFile | null;
  readonly mapping: ColumnMapping;
  readonly country: string;
  /** Share of the current step done, 0 to 1; null while the server works on the whole import. */
  readonly progress: number | null;
  readonly report: LeadImportReport | null;
  readonly problem: ImportProblem | null;
  chooseFile(file: File): Promise<void>;
  setColumn(header: string, field: LeadImportField | null): void;
  setCountry(country: string): void;
  check(): Promise<void>;
  /** True once the leads are on the server. */
  apply(): Promise<boolean>;
  /** Stops what runs (discarding the server's import) or, between steps, goes back one. */
  cancel(): void;
  /** Forgets the file and starts again. */
  reset(): void;
  refusedCsv(): string;
}

/** The required fields no column fills yet (the check waits for them). */
export function unmappedRequired(mapping: ColumnMapping): LeadImportField[] {
  return REQUIRED_IMPORT_FIELDS.filter((field) => mapping[field] === undefined);
}

/** Each run of a step takes a ticket; a newer ticket (a cancel, another file) silences the older run. */
let ticket = 0;

function valueOf<T>(answer: CoreAnswer<T>): T | Failure {
  return answer.success ? answer.data : failure(answer.error.code, answer.error.message);
}

/** Times an unanswered apply is asked again: past the core's own two-minute deadline for it. */
const APPLY_ASKS = 5;

const cancelled = () => failure('IMPORT_CLOSED', 'The import was cancelled.');

/** The server's side through the core, refusing to go on once the run's ticket is stale. */
function importPort(mine: number, onApplying: () => void): LeadImportPort {
  const manager = core().manager;
  return {
    begin: async (fileName) =>
      mine === ticket ? valueOf(await manager.importBegin({ file_name: fileName })) : cancelled(),
    stage: async (importId, rows) =>
      mine === ticket
        ? valueOf(await manager.importStage({ import_id: importId, rows: [...rows] }))
        : cancelled(),
    apply: async (importId, dryRun) => {
      if (mine !== ticket) return cancelled();
      onApplying();
      let answer = valueOf(await manager.importApply({ import_id: importId, dry_run: dryRun }));
      // The bridge gives up on a call before the core's bulk deadline, while the server keeps
      // applying: asking again waits for that apply and answers its stored report.
      for (let asked = 1; isFailure(answer) && answer.code === 'CORE_UNREACHABLE'; asked += 1) {
        if (asked > APPLY_ASKS) break;
        answer = valueOf(await manager.importApply({ import_id: importId, dry_run: dryRun }));
      }
      return answer;
    },
    // Always sent: a cancelled run leaves no import open on the server.
    discard: async (importId) => valueOf(await manager.importDiscard({ import_id: importId })),
  };
}

const EMPTY = {
  step: 'choose',
  fileName: null,
  file: null,
  mapping: {},
  progress: null,
  report: null,
  problem: null,
} as const;

export const useImport = create<ImportState>()((set, get) => {
  /** One run of runLeadImport: the check (dry run) or the apply. */
  const run = async (dryRun: boolean): Promise<boolean> => {
    const { file, mapping, country } = get();
    if (file === null) return false;
    const mine = (ticket += 1);
    const from = get().step;
    set({ step: dryRun ? 'checking' : 'applying', progress: 0, problem: null });
    const report = await runLeadImport(
      file.bytes,
      {
        country,
        mapping: explicitMapping(mapping),
        dryRun,
        fileName: file.name,
        onProgress: (staged) => {
          if (mine === ticket) set({ progress: Math.min(1, staged / file.dataRows) });
        },
      },
      importPort(mine, () => {
        if (mine === ticket) set({ progress: null });
      }),
    );
    if (mine !== ticket) return false;
    if (isFailure(report)) {
      set({ step: from, progress: null, problem: report });
      return false;
    }
    set({ step: dryRun ? 'checked' : 'applied', progress: null, report });
    return !dryRun;
  };

  return {
    ...EMPTY,
    country: defaultCountryFor(globalThis.navigator?.language ?? ''),

    chooseFile: async (chosen) => {
      const mine = (ticket += 1);
      set({ ...EMPTY, step: 'reading', fileName: chosen.name, progress: 0 });
      const bytes = await readFileBytes(
        chosen,
        (fraction) => {
          if (mine === ticket) set({ progress: fraction });
        },
        () => mine === ticket,
      );
      if (mine !== ticket || bytes === null) return;
      const text = isFailure(bytes) ? bytes : decodeCsv(bytes);
      const preview = typeof text === 'string' ? previewCsv(text) : text;
      if (isFailure(preview) || isFailure(bytes) || typeof text !== 'string') {
        const problem = [bytes, text, preview].find(isFailure)!;
        set({ ...EMPTY, fileName: chosen.name, problem });
        return;
      }
      set({
        step: 'mapping',
        progress: null,
        file: { name: chosen.name, bytes, text, preview, dataRows: estimateDataRows(text) },
        mapping: guessMapping(preview.headers),
      });
    },

    setColumn: (header, field) => {
      const { step, mapping } = get();
      if (step !== 'mapping' && step !== 'checked') return;
      // A changed mapping makes the last check's counts stale: check again.
      set({ step: 'mapping', report: null, mapping: assignColumn(mapping, header, field) });
    },

    setCountry: (country) => {
      const { step } = get();
      if (step === 'checking' || step === 'applying') return;
      set({ country, ...(step === 'checked' ? { step: 'mapping', report: null } : {}) });
    },

    check: async () => {
      const { step, mapping } = get();
      if (step !== 'mapping' || unmappedRequired(mapping).length > 0) return;
      await run(true);
    },

    apply: async () => (get().step === 'checked' ? run(false) : false),

    cancel: () => {
      const { step, progress } = get();
      // While the server applies the whole import (progress null) it is too late to stop it.
      if (step === 'applying' && progress === null) return;
      ticket += 1;
      if (step === 'reading') set({ ...EMPTY });
      else if (step === 'checking' || step === 'checked')
        set({ step: 'mapping', progress: null, report: null });
      else if (step === 'applying') set({ step: 'checked', progress: null });
      else set({ ...EMPTY });
    },

    reset: () => {
      ticket += 1;
      set({ ...EMPTY });
    },

    refusedCsv: () => {
      const { file, report } = get();
      if (file === null || report === null) return '';
      return refusedRowsCsv(file.text, report.refused);
    },
  };
});
