// One keyboard map for the whole app: features register their keys here, the `?` overlay lists them.
import { useEffect, useRef } from 'react';
import { create } from 'zustand';

export interface KeyBinding {
  /** KeyboardEvent.key, e.g. 'j', 'Enter', 'Escape', '/', '1'; letters match either case. */
  readonly key: string;
  /** Also needs Ctrl (or Cmd on macOS). */
  readonly mod?: boolean;
  /** Shown in the overlay, e.g. 'Next lead'. */
  readonly description: string;
  /** Overlay heading, e.g. 'Queue', 'Lead', 'Anywhere'. */
  readonly group: string;
  /** Fires even while typing in a text field (e.g. Escape, Ctrl+Enter). */
  readonly inInputs?: boolean;
}

interface Registered extends KeyBinding {
  readonly id: number;
  readonly run: (event: KeyboardEvent) => void;
}

interface KeyMapState {
  readonly bindings: readonly Registered[];
}

export const useKeyMap = create<KeyMapState>()(() => ({ bindings: [] }));

let nextId = 1;

function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  const tag = target.tagName;
  return tag === 'INPUT' || tag === 'TEXTAREA' || tag === 'SELECT' || target.isContentEditable;
}

/** Enter and Space on a focused button or link press that control: no app binding takes them. */
function activatesFocused(event: KeyboardEvent): boolean {
  if (event.key !== 'Enter' && event.key !== ' ') return false;
  if (!(event.target instanceof HTMLElement)) return false;
  return event.target.closest('button, a[href], summary') !== null;
}

function matches(binding: KeyBinding, event: KeyboardEvent): boolean {
  const mod = event.ctrlKey || event.metaKey;
  if ((binding.mod ?? false) !== mod) return false;
  if (event.altKey) return false;
  return binding.key.length === 1
    ? binding.key.toLowerCase() === event.key.toLowerCase()
    : binding.key === event.key;
}

/** Installs the one window listener; the most recently registered binding for a key wins. */
export function installKeyListener(): () => void {
  const onKeyDown = (event: KeyboardEvent): void => {
    if (event.defaultPrevented || event.isComposing || activatesFocused(event)) return;
    const typing = isTyping(event.target);
    const { bindings } = useKeyMap.getState();
    for (let i = bindings.length - 1; i >= 0; i -= 1) {
      const binding = bindings[i];
      if (binding === undefined || !matches(binding, event)) continue;
      if (typing && !binding.inInputs) continue;
      event.preventDefault();
      binding.run(event);
      return;
    }
  };
  window.addEventListener('keydown', onKeyDown);
  return () => window.removeEventListener('keydown', onKeyDown);
}

/**
 * Registers a key while the component is mounted and `enabled` holds. The handler may change every
 * render; the registration does not.
 */
export function useKey(
  binding: KeyBinding,
  run: (event: KeyboardEvent) => void,
  enabled = true,
): void {
  const latest = useRef(run);
  useEffect(() => {
    latest.current = run;
  });
  const { key, mod, description, group, inInputs } = binding;
  useEffect(() => {
    if (!enabled) return undefined;
    const id = nextId++;
    const registered: Registered = {
      id,
      key,
      description,
      group,
      ...(mod === undefined ? {} : { mod }),
      ...(inInputs === undefined ? {} : { inInputs }),
      run: (event) => latest.current(event),
    };
    useKeyMap.setState((state) => ({ bindings: [...state.bindings, registered] }));
    return () =>
      useKeyMap.setState((state) => ({ bindings: state.bindings.filter((b) => b.id !== id) }));
  }, [key, mod, description, group, inInputs, enabled]);
}
