// Where toasts appear: bottom centre, above the status bar, read out politely (never as alerts, so they
// cannot be mistaken for a form's refusal).
import { useKey } from '../keys';
import { newestWithAction, takeAction, takeNewestAction, useToasts } from '../toasts';
import { Kbd, ariaKeyShortcut } from '../../ui/Kbd';
import { CloseIcon } from './icons';

/** Every toast button has a key too: Back after a logged call is the undo of one-key wrap-up. */
const TOAST_ACTION_BINDING = {
  key: 'z',
  description: 'Back or Review on the newest notification',
  group: 'Anywhere',
} as const;

export function Toasts() {
  const toasts = useToasts((state) => state.toasts);
  const dismiss = useToasts((state) => state.dismiss);
  useKey(TOAST_ACTION_BINDING, () => void takeNewestAction());
  const keyed = newestWithAction(toasts);

  return (
    <section className="toasts" aria-label="Notifications" aria-live="polite">
      {toasts.map((shown) => (
        <div key={shown.id} className="toast" data-tone={shown.tone}>
          <span className="toast-bar" aria-hidden="true" />
          <div className="toast-text">
            <p className="toast-title">{shown.title}</p>
            {shown.body !== undefined && <p className="toast-body">{shown.body}</p>}
          </div>
          {shown.action !== undefined && (
            <button
              type="button"
              className="button button-small"
              aria-keyshortcuts={
                shown === keyed ? ariaKeyShortcut(TOAST_ACTION_BINDING) : undefined
              }
              onClick={() => takeAction(shown)}
            >
              {shown.action.label}
              {shown === keyed ? <Kbd binding={TOAST_ACTION_BINDING} /> : null}
            </button>
          )}
          <button
            type="button"
            className="icon-button"
            aria-label={`Dismiss: ${shown.title}`}
            onClick={() => dismiss(shown.id)}
          >
            <CloseIcon />
          </button>
        </div>
      ))}
    </section>
  );
}
