// After a disposition, while the next lead is being found, or when the queue turned out empty: what was
// logged. The usual case never shows it: the next lead opens at once and a toast says what was logged.
import { useCallFlow } from './call-flow';

export function WrapUpBanner({ leadId }: { readonly leadId: string }) {
  const wrapUp = useCallFlow((s) => s.wrapUp);
  if (wrapUp === null || wrapUp.leadId !== leadId) return null;
  const logged = wrapUp.code === '' ? wrapUp.label : `${wrapUp.code} · ${wrapUp.label}`;
  return (
    <div className="lc-wrapup" role="status">
      <span className="lc-wrapup-check" aria-hidden="true">
        ✓
      </span>
      <span className="lc-wrapup-text">
        Logged <strong>{logged}</strong>
        <span className="lc-faint">
          {wrapUp.looking ? ' · opening the next lead' : ' · the queue is empty'}
        </span>
      </span>
    </div>
  );
}
