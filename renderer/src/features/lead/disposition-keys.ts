// Which key logs which disposition: the catalogue's hotkey, else the next free digit in display order.
import type { WireDisposition } from '../../../../src/contract/records';

const DIGITS = ['1', '2', '3', '4', '5', '6', '7', '8', '9', '0'] as const;

/** Code to key, for every disposition that gets one (at most ten go without a catalogue hotkey). */
export function dispositionKeys(
  dispositions: readonly WireDisposition[],
): ReadonlyMap<string, string> {
  const keys = new Map<string, string>();
  const taken = new Set<string>();
  for (const disposition of dispositions) {
    if (disposition.hotkey !== null && !taken.has(disposition.hotkey)) {
      keys.set(disposition.code, disposition.hotkey);
      taken.add(disposition.hotkey);
    }
  }
  const free = DIGITS.filter((digit) => !taken.has(digit));
  for (const disposition of dispositions) {
    if (keys.has(disposition.code)) continue;
    const digit = free.shift();
    if (digit === undefined) break;
    keys.set(disposition.code, digit);
  }
  return keys;
}

/** The disposition a key logs, or null; letters match either case. */
export function dispositionForKey(
  dispositions: readonly WireDisposition[],
  key: string,
): WireDisposition | null {
  const wanted = key.toUpperCase();
  for (const [code, assigned] of dispositionKeys(dispositions)) {
    if (assigned === wanted) return dispositions.find((d) => d.code === code) ?? null;
  }
  return null;
}
