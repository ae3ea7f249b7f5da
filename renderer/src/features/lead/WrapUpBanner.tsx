// After a disposition: what was logged, and the next lead about to open (Enter now, Esc to stay).
import { useKey } from '../../app/keys';
import { useCallFlow, WRAP_UP_MS } from './call-flow';

export function WrapUpBanner({ leadId }: { readonly leadId: string }) {
  const wrapUp = useCallFlow((s) => s.wrapUp);
  const active = wrapUp !== null && wrapUp.leadId === leadId;
  const counting = active && wrapUp.advanceAt !== null;

  useKey(
    { key: 'Enter', description: 'After a call: open the next lead now', group: 'Lead' },
    () => useCallFlow.getState().advance(),
    active && !wrapUp.looking,
  );
  useKey(
    { key: 'Escape', description: 'After a call: stay on this lead', group: 'Lead' },
    () => useCallFlow.getState().stay(),
    counting,
  );

  if (!active) return null;
  const logged = wrapUp.code === '' ? wrapUp.label : `${wrapUp.code} · ${wrapUp.label}`;
  return (
    <div className="lc-wrapup" role="status">
      <span className="lc-wrapup-check" aria-hidden="true">
        ✓
      </span>
      <span className="lc-wrapup-text">
        Logged <strong>{logged}</strong>
        {wrapUp.looking ? null : wrapUp.next === null ? (
          <span className="lc-faint"> · the queue is empty</span>
        ) : (
          <span className="lc-faint">
            {' '}
            · next: <strong className="lc-wrapup-next">{wrapUp.next.name}</strong>
          </span>
        )}
      </span>
      {wrapUp.looking ? null : (
        <span className="lc-wrapup-actions">
          {wrapUp.next !== null ? (
            <button
              type="button"
              className="lc-button lc-button-primary"
              aria-label="Open the next lead"
              onClick={() => useCallFlow.getState().advance()}
            >
              Next <kbd className="lc-kbd lc-kbd-inverted">Enter</kbd>
            </button>
          ) : null}
          {counting ? (
            <button
              type="button"
              className="lc-button lc-button-quiet"
              aria-label="Stay on this lead"
              onClick={() => useCallFlow.getState().stay()}
            >
              Stay <kbd className="lc-kbd">Esc</kbd>
            </button>
          ) : null}
        </span>
      )}
      {counting ? (
        <span
          className="lc-wrapup-bar"
          style={{ animationDuration: `${WRAP_UP_MS}ms` }}
          aria-hidden="true"
        />
      ) : null}
    </div>
  );
}
