// Fakes of the Electron objects src/desktop drives: they record what the shell asked for, nothing more.
import type { CoreEvent } from '../../src/contract/events';
import type { LeadWindow } from '../../src/desktop/lead-opener';

export interface FakeWindow extends LeadWindow {
  minimized: boolean;
  visible: boolean;
  destroyed: boolean;
  readonly calls: string[];
  readonly sent: CoreEvent[];
}

export function fakeWindow(state: Partial<Pick<FakeWindow, 'minimized' | 'visible'>> = {}): FakeWindow {
  const window: FakeWindow = {
    minimized: state.minimized ?? false,
    visible: state.visible ?? true,
    destroyed: false,
    calls: [],
    sent: [],
    isDestroyed: () => window.destroyed,
    isMinimized: () => window.minimized,
    isVisible: () => window.visible,
    restore: () => {
      window.calls.push('restore');
      window.minimized = false;
    },
    show: () => {
      window.calls.push('show');
      window.visible = true;
    },
    focus: () => void window.calls.push('focus'),
    sendEvent: (event) => void window.sent.push(event),
  };
  return window;
}

/** An event source the test pushes into, like hostCore's subscribe. */
export function fakeEvents(): {
  readonly subscribe: (listener: (event: CoreEvent) => void) => () => void;
  emit(event: CoreEvent): void;
  readonly listeners: number;
} {
  const listeners = new Set<(event: CoreEvent) => void>();
  return {
    subscribe: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    emit: (event) => listeners.forEach((listener) => listener(event)),
    get listeners() {
      return listeners.size;
    },
  };
}
