// Toasts: short messages in the corner (a callback came due, a write was refused). Any feature may raise one.
import { create } from 'zustand';

export interface Toast {
  readonly id: number;
  readonly tone: 'info' | 'success' | 'warning' | 'error';
  readonly title: string;
  readonly body?: string;
  /** One button on the toast, e.g. "Open lead". */
  readonly action?: { readonly label: string; readonly run: () => void };
  /** Milliseconds before it leaves by itself; null keeps it until dismissed. */
  readonly timeoutMs: number | null;
}

interface ToastState {
  readonly toasts: readonly Toast[];
  dismiss(id: number): void;
}

export const useToasts = create<ToastState>()((set) => ({
  toasts: [],
  dismiss: (id) => set((state) => ({ toasts: state.toasts.filter((t) => t.id !== id) })),
}));

/** The toast whose action a key press takes: the newest one that offers one. */
export function newestWithAction(toasts: readonly Toast[]): Toast | undefined {
  for (let i = toasts.length - 1; i >= 0; i -= 1) {
    if (toasts[i]?.action !== undefined) return toasts[i];
  }
  return undefined;
}

/** A toast's button: runs its action and dismisses it. */
export function takeAction(shown: Toast): void {
  shown.action?.run();
  useToasts.getState().dismiss(shown.id);
}

/** The toast key: takes the newest toast's action as its button does; false when none offers one. */
export function takeNewestAction(): boolean {
  const shown = newestWithAction(useToasts.getState().toasts);
  if (shown === undefined) return false;
  takeAction(shown);
  return true;
}

let nextId = 1;

export function toast(
  input: Omit<Toast, 'id' | 'timeoutMs'> & { timeoutMs?: number | null },
): number {
  const id = nextId++;
  // `??` would turn an explicit null (stay until dismissed) into the default.
  const timeoutMs = input.timeoutMs === undefined ? 6_000 : input.timeoutMs;
  const shown: Toast = { ...input, id, timeoutMs };
  useToasts.setState((state) => ({ toasts: [...state.toasts.slice(-4), shown] }));
  if (shown.timeoutMs !== null) {
    window.setTimeout(() => useToasts.getState().dismiss(id), shown.timeoutMs);
  }
  return id;
}
