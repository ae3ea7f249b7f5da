// The `?` overlay: every key the window answers right now, grouped as the features registered them.
import { useKeyMap } from '../keys';
import { Dialog } from '../../ui/Dialog';
import { Kbd } from '../../ui/Kbd';
import { CloseIcon } from './icons';
import { listBindings } from './key-listing';

interface ShortcutsOverlayProps {
  readonly open: boolean;
  readonly onClose: () => void;
}

function ShortcutsList({ onClose }: { readonly onClose: () => void }) {
  const bindings = useKeyMap((state) => state.bindings);
  const groups = listBindings(bindings);

  return (
    <div
      className="shortcuts"
      onKeyDown={(event) => {
        if (event.key === '?') onClose();
      }}
    >
      <header className="dialog-header">
        <h2>Keyboard shortcuts</h2>
        <button
          type="button"
          className="icon-button"
          aria-label="Close"
          autoFocus
          onClick={onClose}
        >
          <CloseIcon />
        </button>
      </header>
      <div className="shortcuts-groups">
        {groups.map(({ group, actions }) => (
          <section key={group} className="shortcuts-group" aria-label={group}>
            <h3>{group}</h3>
            <dl>
              {actions.map(({ description, bindings }) => (
                <div key={description} className="shortcut">
                  <dt>{description}</dt>
                  <dd>
                    {bindings.map((binding, index) => (
                      <span key={binding.id} className="shortcut-alias">
                        {index > 0 ? <span className="shortcut-or">or</span> : null}
                        <Kbd binding={binding} readable />
                      </span>
                    ))}
                  </dd>
                </div>
              ))}
            </dl>
          </section>
        ))}
      </div>
      <footer className="dialog-footer">
        Most keys wait while you type in a field; Ctrl K, Ctrl S and Ctrl P work everywhere.
      </footer>
    </div>
  );
}

export function ShortcutsOverlay({ open, onClose }: ShortcutsOverlayProps) {
  return (
    <Dialog open={open} onClose={onClose} label="Keyboard shortcuts" className="shortcuts-dialog">
      <ShortcutsList onClose={onClose} />
    </Dialog>
  );
}
