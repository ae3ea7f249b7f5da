// The managers' CSV import: choose a file, map its columns, check it against the server (nothing is
// written), then apply it in one server transaction. Every step can be cancelled or discarded.
import { ColumnMapping, FIELD_LABELS } from './ColumnMapping';
import { FileChooser } from './FileChooser';
import { ImportProgress } from './ImportProgress';
import { ImportReport } from './ImportReport';
import { unmappedRequired, useImport, type ImportStep } from './import-store';
import '../../ui/screen.css';
import './import.css';

const STEP_WORDS: Readonly<Record<ImportStep, string>> = {
  choose: 'Choose a file',
  reading: 'Reading the file',
  mapping: 'Map the columns',
  checking: 'Checking',
  checked: 'Checked: nothing written yet',
  applying: 'Importing',
  applied: 'Imported',
};

/** Saves text as a file through the page (the browser's or Electron's download). */
function download(fileName: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: 'text/csv;charset=utf-8' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.click();
  // After the click has handed the blob to the download.
  setTimeout(() => URL.revokeObjectURL(url), 0);
}

export function ImportPanel({ onApplied }: { readonly onApplied?: () => void }) {
  const state = useImport();
  const { step, file, fileName, report, problem, progress } = state;
  const missing = unmappedRequired(state.mapping);
  const rows = file?.dataRows ?? 0;

  const refusedDownload =
    report !== null && report.refused.length > 0 ? (
      <button
        type="button"
        className="button"
        onClick={() =>
          download(
            `${(fileName ?? 'leads').replace(/\.csv$/i, '')}-refused.csv`,
            state.refusedCsv(),
          )
        }
      >
        Download refused rows
      </button>
    ) : null;

  return (
    <section className="panel" aria-labelledby="im-title" data-import-step={step}>
      <header className="panel-header im-header">
        <h2 id="im-title" className="panel-title">
          Import leads
        </h2>
        <span className="im-step">{STEP_WORDS[step]}</span>
      </header>
      {fileName !== null && step !== 'choose' ? (
        <p className="im-file">
          <span className="im-file-name">{fileName}</span>
          {file !== null ? (
            <span className="im-faint">
              {' '}
              · about {rows.toLocaleString()} row{rows === 1 ? '' : 's'}
            </span>
          ) : null}
        </p>
      ) : null}
      {problem !== null ? (
        <p className="im-problem" role="alert">
          <span className="im-problem-code">{problem.code}</span> {problem.message}
        </p>
      ) : null}

      <div className="im-body">
        {step === 'choose' ? (
          <FileChooser onFile={(chosen) => void state.chooseFile(chosen)} />
        ) : null}
        {step === 'reading' ? <ImportProgress label="Reading the file" share={progress} /> : null}
        {(step === 'mapping' || step === 'checking') && file !== null ? (
          <ColumnMapping
            preview={file.preview}
            mapping={state.mapping}
            country={state.country}
            disabled={step === 'checking'}
            onColumn={state.setColumn}
            onCountry={state.setCountry}
          />
        ) : null}
        {step === 'checking' ? (
          <ImportProgress
            label={progress === null ? 'The server is checking every row' : 'Sending rows to check'}
            share={progress}
          />
        ) : null}
        {step === 'applying' ? (
          <ImportProgress
            label={progress === null ? 'The server is importing the leads' : 'Sending rows'}
            share={progress}
          />
        ) : null}
        {(step === 'checked' || step === 'applied') && report !== null ? (
          <>
            {step === 'checked' ? (
              <p className="im-note">
                A dry run: nothing is written until you import. Lines refused here stay out.
              </p>
            ) : (
              <p className="im-note im-note-done" role="status">
                {report.inserted.toLocaleString()} new lead{report.inserted === 1 ? '' : 's'} added
                {report.merged > 0 ? `, ${report.merged.toLocaleString()} merged` : ''}. Importing
                the same file again adds nothing.
              </p>
            )}
            <ImportReport report={report} />
          </>
        ) : null}
      </div>

      <footer className="im-actions">
        {step === 'mapping' ? (
          <>
            {missing.length > 0 ? (
              <span className="im-faint im-missing">
                Choose the {missing.map((field) => FIELD_LABELS[field].toLowerCase()).join(' and ')}{' '}
                column{missing.length === 1 ? '' : 's'}
              </span>
            ) : null}
            <button type="button" className="button" onClick={state.reset}>
              Discard
            </button>
            <button
              type="button"
              className="button button-primary"
              disabled={missing.length > 0}
              onClick={() => void state.check()}
            >
              Check file
            </button>
          </>
        ) : null}
        {step === 'reading' || step === 'checking' || step === 'applying' ? (
          <button
            type="button"
            className="button"
            disabled={step === 'applying' && progress === null}
            onClick={state.cancel}
          >
            Cancel
          </button>
        ) : null}
        {step === 'checked' && report !== null ? (
          <>
            {refusedDownload}
            <span className="im-spacer" />
            <button type="button" className="button" onClick={state.cancel}>
              Change mapping
            </button>
            <button type="button" className="button" onClick={state.reset}>
              Discard
            </button>
            <button
              type="button"
              className="button button-primary"
              disabled={report.inserted + report.merged === 0}
              onClick={() =>
                void state.apply().then((applied) => {
                  if (applied) onApplied?.();
                })
              }
            >
              {report.inserted + report.merged === 0
                ? 'Nothing to import'
                : `Import ${(report.inserted + report.merged).toLocaleString()} leads`}
            </button>
          </>
        ) : null}
        {step === 'applied' ? (
          <>
            {refusedDownload}
            <span className="im-spacer" />
            <button type="button" className="button" onClick={state.reset}>
              Import another file
            </button>
          </>
        ) : null}
      </footer>
    </section>
  );
}
