import fc from 'fast-check';
import { getCountries, getExampleNumber } from 'libphonenumber-js/max';
import examples from 'libphonenumber-js/mobile/examples';
import { describe, expect, it } from 'vitest';
import { normalisePhone, type CountryCode, type PhoneResult } from './phone';

/** The result without the echo of the raw input, which is there only for the log. */
function outcome(result: PhoneResult): unknown {
  return result.ok ? result : { ok: false, code: result.code, message: result.message };
}

const countries = getCountries();
const exampleInputs = countries.flatMap((country) => {
  const example = getExampleNumber(country, examples);
  if (example === undefined) return [];
  return [
    { raw: example.number, country },
    { raw: example.formatNational(), country },
    { raw: example.formatInternational(), country },
  ];
});

const countryArb = fc.constantFrom<CountryCode>(...countries);
const digitsArb = fc.stringMatching(/^\+?[0-9]{1,17}$/);
/** Example numbers in every written form, plus random digit strings (mostly invalid). */
const inputArb = fc.oneof(
  fc.constantFrom(...exampleInputs),
  fc.record({ raw: digitsArb, country: countryArb }),
);
const noiseArb = fc.array(fc.constantFrom(' ', '-', '(', ')', '.', '\u00A0', '\u2013'), {
  maxLength: 3,
});

describe('normalisePhone', () => {
  it.each([
    ['+91 98765 43210', 'IN', '+919876543210', 'IN', '098765 43210'],
    ['098765 43210', 'IN', '+919876543210', 'IN', '098765 43210'],
    ['9876543210', 'IN', '+919876543210', 'IN', '098765 43210'],
    ['0091 98765 43210', 'IN', '+919876543210', 'IN', '098765 43210'],
    ['(415) 555-2671', 'US', '+14155552671', 'US', '(415) 555-2671'],
    ['(415) 555-2671 ext. 123', 'US', '+14155552671', 'US', '(415) 555-2671'],
    ['415.555.2671 x12', 'US', '+14155552671', 'US', '(415) 555-2671'],
    ['+1 415 555 2671', 'IN', '+14155552671', 'US', '(415) 555-2671'],
    ['+800 1234 5678', 'IN', '+80012345678', null, '1234 5678'],
  ] as const)('reads %j (default %s) as %s', (raw, defaultCountry, e164, country, national) => {
    expect(normalisePhone(raw, defaultCountry)).toEqual({ ok: true, e164, country, national });
  });

  it('defaults to India', () => {
    expect(normalisePhone('98765 43210')).toMatchObject({ ok: true, e164: '+919876543210' });
  });

  it.each([
    ['', 'PHONE_EMPTY'],
    ['  - ( ) . ', 'PHONE_EMPTY'],
    ['123', 'PHONE_TOO_SHORT'],
    ['+91 1', 'PHONE_TOO_SHORT'],
    ['98765432101234567890', 'PHONE_TOO_LONG'],
    ['call me', 'PHONE_INVALID'],
    ['+1 (800) FLOWERS', 'PHONE_INVALID'],
    ['+91 98765 432100', 'PHONE_INVALID'],
    ['+999 123456', 'PHONE_UNKNOWN_COUNTRY'],
  ])('refuses %j with %s', (raw, code) => {
    const result = normalisePhone(raw, 'IN');
    expect(result).toMatchObject({ ok: false, code });
    expect(result.ok ? '' : result.message).not.toBe('');
  });

  it('refuses a national number when the default country is not a country', () => {
    expect(normalisePhone('98765 43210', 'XX' as CountryCode)).toMatchObject({
      ok: false,
      code: 'PHONE_UNKNOWN_COUNTRY',
    });
  });

  it('normalising an E.164 result again gives the same result, whatever the default country', () => {
    fc.assert(
      fc.property(inputArb, countryArb, ({ raw, country }, otherCountry) => {
        const first = normalisePhone(raw, country);
        if (!first.ok) return;
        expect(normalisePhone(first.e164, otherCountry)).toEqual(first);
      }),
      { numRuns: 500 },
    );
  });

  it('every example number of every country is accepted', () => {
    const refused = exampleInputs.filter(({ raw, country }) => !normalisePhone(raw, country).ok);
    expect(refused).toEqual([]);
  });

  it('formatting noise (spaces, dashes, parentheses, dots) never changes the result', () => {
    fc.assert(
      fc.property(inputArb, fc.infiniteStream(noiseArb), ({ raw, country }, noise) => {
        const noisy =
          [...raw].map((char) => noise.next().value.join('') + char).join('') +
          noise.next().value.join('');
        expect(outcome(normalisePhone(noisy, country))).toEqual(
          outcome(normalisePhone(raw, country)),
        );
      }),
      { numRuns: 500 },
    );
  });
});
