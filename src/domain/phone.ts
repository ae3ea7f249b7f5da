// Raw phone input to E.164, the one form the DNC list, dedup and the dialler compare.
// `/max` metadata: it checks number patterns, not just lengths, so a mistyped digit is caught before a lead is saved (size is no concern on a desktop).
import {
  ParseError,
  parsePhoneNumberWithError,
  validatePhoneNumberLength,
  type CountryCode,
  type PhoneNumber,
} from 'libphonenumber-js/max';
import { failure, type Failure } from './failure';

export type { CountryCode } from 'libphonenumber-js/max';

export const PHONE_ERROR_CODES = [
  'PHONE_EMPTY',
  'PHONE_INVALID',
  'PHONE_TOO_SHORT',
  'PHONE_TOO_LONG',
  'PHONE_UNKNOWN_COUNTRY',
] as const;
export type PhoneErrorCode = (typeof PHONE_ERROR_CODES)[number];

export interface NormalisedPhone {
  readonly ok: true;
  /** '+919876543210'; extensions are dropped because a dialler cannot use them. */
  readonly e164: string;
  /** ISO 3166 region, or null for non-geographic numbers such as +800. */
  readonly country: CountryCode | null;
  /** How a local caller writes it, e.g. '098765 43210'. */
  readonly national: string;
}

export type PhoneResult = NormalisedPhone | Failure<PhoneErrorCode>;

export const DEFAULT_PHONE_COUNTRY: CountryCode = 'IN';

// Spaces (any Unicode space), dashes of every width, parentheses, dots and slashes: how people group digits.
const FORMATTING_NOISE =
  /[\s\u00A0\u2000-\u200B\u202F\u205F\u3000\-\u2010-\u2015\u2212\uFF0D().\uFF08\uFF09\uFF0E/\uFF0F]/g;

/** Removes the characters people use to group digits; the result is what the parser sees. */
export function stripFormatting(raw: string): string {
  return raw.replace(FORMATTING_NOISE, '');
}

export function normalisePhone(
  raw: string,
  defaultCountry: CountryCode = DEFAULT_PHONE_COUNTRY,
): PhoneResult {
  // Stripping first makes the result independent of grouping, whatever the parser would tolerate.
  const compact = stripFormatting(raw);
  if (compact === '') {
    return failure('PHONE_EMPTY', 'Enter a phone number.');
  }
  let parsed: PhoneNumber;
  try {
    parsed = parsePhoneNumberWithError(compact, { defaultCountry, extract: false });
  } catch (error) {
    if (error instanceof ParseError) return parseFailure(error.message, raw, defaultCountry);
    throw error;
  }
  if (!parsed.isValid()) {
    const length = validatePhoneNumberLength(compact, { defaultCountry });
    return parseFailure(length ?? 'INVALID', raw, defaultCountry);
  }
  return fromValidNumber(parsed);
}

function fromValidNumber(parsed: PhoneNumber): NormalisedPhone {
  // Formatted from the E.164 form so that an extension never leaks into `national`.
  const withoutExtension = parsePhoneNumberWithError(parsed.number);
  return {
    ok: true,
    e164: withoutExtension.number,
    country: withoutExtension.country ?? null,
    national: withoutExtension.formatNational(),
  };
}

function parseFailure(
  reason: string,
  raw: string,
  defaultCountry: CountryCode,
): Failure<PhoneErrorCode> {
  const details = { input: raw, defaultCountry, reason };
  switch (reason) {
    case 'TOO_SHORT':
      return failure('PHONE_TOO_SHORT', 'The phone number has too few digits.', details);
    case 'TOO_LONG':
      return failure('PHONE_TOO_LONG', 'The phone number has too many digits.', details);
    case 'INVALID_COUNTRY':
      return failure(
        'PHONE_UNKNOWN_COUNTRY',
        `The country of this number is unknown: start it with + and the country code, or check the default country (${defaultCountry}).`,
        details,
      );
    case 'NOT_A_NUMBER':
      return failure('PHONE_INVALID', 'This is not a phone number: use digits only.', details);
    default:
      return failure(
        'PHONE_INVALID',
        'This phone number does not exist in its country: check the digits and the country code.',
        details,
      );
  }
}
