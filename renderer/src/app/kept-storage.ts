// Web Storage for zustand's persist: what a store keeps across reloads of the window.
import { createJSONStorage, type StateStorage } from 'zustand/middleware';

const NOWHERE: StateStorage = {
  getItem: () => null,
  setItem: () => undefined,
  removeItem: () => undefined,
};

/**
 * `which` of localStorage (kept on this machine) or sessionStorage (kept per window); nowhere where
 * there is no Web Storage (the stores' tests in Node). persist writes on every change of its store:
 * only a change of the kept part reaches the storage.
 */
export function keptStorage(which: 'localStorage' | 'sessionStorage') {
  return createJSONStorage((): StateStorage => {
    const storage = typeof globalThis[which] === 'undefined' ? undefined : globalThis[which];
    if (storage === undefined) return NOWHERE;
    const written = new Map<string, string | null>();
    return {
      getItem: (name) => {
        const value = storage.getItem(name);
        written.set(name, value);
        return value;
      },
      setItem: (name, value) => {
        if (written.get(name) === value) return;
        written.set(name, value);
        storage.setItem(name, value);
      },
      removeItem: (name) => {
        written.delete(name);
        storage.removeItem(name);
      },
    };
  });
}
