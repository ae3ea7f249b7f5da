// A number as a person reads it (+91 98134 84360), shared by the queue's rows and the lead card.
import { parsePhoneNumberFromString } from 'libphonenumber-js/min';

// Rows and cards re-render often: a number is parsed once, not on every render.
const shown = new Map<string, string>();
const KEPT = 5_000;

export function readablePhone(e164: string): string {
  let text = shown.get(e164);
  if (text === undefined) {
    if (shown.size > KEPT) shown.clear();
    text = parsePhoneNumberFromString(e164)?.formatInternational() ?? e164;
    shown.set(e164, text);
  }
  return text;
}
