// The first step: a CSV file chosen with the file dialog or dropped on the panel.
import { useState, type DragEvent } from 'react';
import { MAX_IMPORT_BYTES } from '../../../../src/domain/lead-import';

export function FileChooser({ onFile }: { readonly onFile: (file: File) => void }) {
  const [over, setOver] = useState(false);
  const drop = (event: DragEvent) => {
    event.preventDefault();
    setOver(false);
    const file = event.dataTransfer.files[0];
    if (file !== undefined) onFile(file);
  };
  return (
    <div
      role="group"
      aria-label="Drop a CSV file"
      className={over ? 'im-drop is-over' : 'im-drop'}
      onDragOver={(event) => {
        event.preventDefault();
        setOver(true);
      }}
      onDragLeave={() => setOver(false)}
      onDrop={drop}
    >
      <p className="im-drop-title">Drop a CSV file here</p>
      <p className="im-drop-body">
        One lead per row with a header row: name and phone at least; email, company, source, time
        zone and country if you have them. UTF-8, up to {MAX_IMPORT_BYTES / 1048576} MB.
      </p>
      <label className="button button-primary im-choose">
        Choose a CSV file…
        <input
          type="file"
          accept=".csv,text/csv"
          aria-label="CSV file"
          className="im-file-input"
          onChange={(event) => {
            const file = event.currentTarget.files?.[0];
            // Cleared, so choosing the same file again (after fixing it) reads it again.
            event.currentTarget.value = '';
            if (file !== undefined) onFile(file);
          }}
        />
      </label>
    </div>
  );
}
