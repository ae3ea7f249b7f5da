// Where toasts appear: bottom centre, above the status bar, read out politely (never as alerts, so they
// cannot be mistaken for a form's refusal).
import { useToasts } from '../toasts';
import { CloseIcon } from './icons';

export function Toasts() {
  const toasts = useToasts((state) => state.toasts);
  const dismiss = useToasts((state) => state.dismiss);

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
              onClick={() => {
                shown.action?.run();
                dismiss(shown.id);
              }}
            >
              {shown.action.label}
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
