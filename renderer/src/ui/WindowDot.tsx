// The calling-window light beside a lead's clock, the same in the queue, the lead card and callbacks.
import type { WindowState } from '../app/lead-clock';
import './window-dot.css';

export function WindowDot({ window }: { readonly window: WindowState }) {
  return <span className="ui-window-dot" data-window={window} aria-hidden="true" />;
}
