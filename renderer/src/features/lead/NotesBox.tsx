// The call notes: typed during the call, logged with the disposition. Ctrl+digit logs from inside the
// field, so the hands never leave the keyboard.
import { useRef } from 'react';
import { NOTE_MAX_CHARS } from '../../../../src/contract/wire-types';
import { useKey } from '../../app/keys';
import { ariaKeyShortcut, keyCaps } from '../../ui/Kbd';
import { dispositionForKey } from './disposition-keys';
import { useLead } from './lead-store';

const SAVE_NOTE = { key: 'Enter', mod: true } as const;
/** Ctrl, or ⌘ on macOS: the caps the rest of the app shows for its modifier. */
const MOD = keyCaps({ key: '1', mod: true })[0];

export function NotesBox({ leadId }: { readonly leadId: string }) {
  const draft = useLead((s) => s.drafts[leadId] ?? '');
  const dispositions = useLead((s) => s.dispositions);
  const ref = useRef<HTMLTextAreaElement>(null);

  useKey({ key: 'n', description: 'Write notes', group: 'Lead' }, () => ref.current?.focus());
  useKey(
    {
      key: 'Enter',
      mod: true,
      description: 'Save the notes as a note, without a call',
      group: 'Lead',
      inInputs: true,
    },
    (event) => {
      if (event.target === ref.current) void useLead.getState().addNote();
    },
  );

  const onKeyDown = (event: React.KeyboardEvent<HTMLTextAreaElement>): void => {
    if (event.key === 'Escape') {
      // Leaves the field so the one-key dispositions work again; the text stays.
      event.preventDefault();
      event.currentTarget.blur();
      return;
    }
    const mod = event.ctrlKey || event.metaKey;
    if (!mod || event.altKey) return;
    const disposition = /^[0-9]$/.test(event.key)
      ? dispositionForKey(dispositions, event.key)
      : null;
    if (disposition !== null) {
      // Handled here, not by the app's key map: Ctrl+digit elsewhere may mean something else.
      event.preventDefault();
      void useLead.getState().dispose(disposition.code);
    }
  };

  const empty = draft.trim() === '';
  return (
    <div className="lc-notes">
      <label className="lc-notes-label" htmlFor={`lc-notes-${leadId}`}>
        Notes
      </label>
      <textarea
        id={`lc-notes-${leadId}`}
        ref={ref}
        className="lc-notes-input"
        value={draft}
        maxLength={NOTE_MAX_CHARS}
        placeholder="What did they say? Logged with the disposition."
        rows={4}
        onChange={(event) => useLead.getState().setDraft(leadId, event.target.value)}
        onKeyDown={onKeyDown}
      />
      <div className="lc-notes-foot">
        <span className="lc-faint">
          <kbd className="lc-kbd">{MOD}</kbd>+<kbd className="lc-kbd">1</kbd>… logs the disposition
          with these notes · <kbd className="lc-kbd">Esc</kbd> leaves the field
        </span>
        <button
          type="button"
          className="button button-quiet"
          disabled={empty}
          aria-keyshortcuts={ariaKeyShortcut(SAVE_NOTE)}
          onClick={() => void useLead.getState().addNote()}
        >
          Save as note{' '}
          <span className="lc-kbds" aria-hidden="true">
            {keyCaps(SAVE_NOTE).map((cap) => (
              <kbd key={cap} className="lc-kbd">
                {cap}
              </kbd>
            ))}
          </span>
        </button>
      </div>
    </div>
  );
}
