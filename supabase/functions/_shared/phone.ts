// A typed phone number to E.164, the one form the leads table dedupes and the DNC list compares; the
// same libphonenumber-js rules as the workstation's src/domain/phone.ts (functions cannot import it:
// Deno and the CLI's bundler take only what is under supabase/functions).
// `/max` metadata checks number patterns, so a mistyped digit is refused, not saved as a lead.
import {
  type CountryCode,
  isSupportedCountry,
  parsePhoneNumberFromString,
} from 'libphonenumber-js/max';

export interface E164Phone {
  e164: string;
  /** ISO 3166 region of the number, or undefined for non-geographic numbers. */
  country: string | undefined;
}

export function isCountryCode(value: string): value is CountryCode {
  return isSupportedCountry(value);
}

// Spaces, dashes, parentheses, dots and slashes: how people group digits in a form field.
const FORMATTING = /[\s\u00A0\u2000-\u200B\u202F\u205F\u3000\-\u2010-\u2015\u2212().\/]/g;

/** The number in E.164, or undefined when it is not a valid number (in `defaultCountry` if national). */
export function toE164(raw: string, defaultCountry: CountryCode): E164Phone | undefined {
  const parsed = parsePhoneNumberFromString(raw.replace(FORMATTING, ''), {
    defaultCountry,
    extract: false,
  });
  if (!parsed?.isValid()) return undefined;
  return { e164: parsed.number, country: parsed.country };
}
