// Checks a contact edit the way the server's constraints would, and fills in phone_e164 from a typed phone.
import { failure, type Failure } from '../../domain/failure.js';
import { isValidTimeZone } from '../../domain/calling-window.js';
import { normalisePhone, type CountryCode } from '../../domain/phone.js';
import { CONTACT_FIELDS, type ContactField, type ContactValues } from './intents.js';
import type { CachedLead } from './rows.js';

// The same rules as leads_email_check and leads_phone_e164_check.
const EMAIL = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;
const E164 = /^\+[1-9][0-9]{6,14}$/;

function invalid(field: string, message: string): Failure {
  return failure('INVALID_REQUEST', message, { field });
}

function isContactField(key: string): key is ContactField {
  return (CONTACT_FIELDS as readonly string[]).includes(key);
}

/** The edit as it will be sent, or the first reason it cannot be. */
export function checkContactEdit(
  lead: CachedLead,
  set: Readonly<Record<string, unknown>>,
): { readonly ok: true; readonly set: ContactValues } | Failure {
  const out: Record<string, string | null> = {};
  const keys = Object.keys(set);
  if (keys.length === 0) return invalid('set', 'Nothing to change.');
  for (const key of keys) {
    if (!isContactField(key)) return invalid(key, `${key} is not a contact field.`);
    const value = set[key];
    if (value !== null && typeof value !== 'string') return invalid(key, `${key} must be text.`);
    const text = value === null ? null : value.trim();
    switch (key) {
      case 'name':
        if (text === null || text.length === 0 || text.length > 200) {
          return invalid(key, 'A name has 1 to 200 characters.');
        }
        break;
      case 'email':
        if (text !== null && text !== '' && !EMAIL.test(text)) {
          return invalid(key, 'This is not an email address.');
        }
        break;
      case 'phone':
        if (text !== null && text.length > 40)
          return invalid(key, 'A phone number has at most 40 characters.');
        break;
      case 'phone_e164':
        if (text === null || !E164.test(text)) {
          return invalid(key, 'Use the international form, e.g. +919876543210.');
        }
        break;
      case 'time_zone':
        if (text !== null && text !== '' && !isValidTimeZone(text)) {
          return failure('INVALID_TIME_ZONE', `${text} is not a time zone.`, { field: key });
        }
        break;
      case 'company':
        break;
    }
    // An emptied optional field is no value, as in the database.
    out[key] = text === '' && key !== 'name' ? null : text;
  }
  const phone = out.phone;
  if (typeof phone === 'string' && out.phone_e164 === undefined) {
    const normalised = normalisePhone(
      phone,
      (lead.country ?? undefined) as CountryCode | undefined,
    );
    if (!normalised.ok) return normalised;
    if (normalised.e164 !== lead.phone_e164) out.phone_e164 = normalised.e164;
  }
  return { ok: true, set: out };
}

/** The values the person edited from, per field (what update_contact's `base` carries). */
export function contactBase(lead: CachedLead, set: ContactValues): ContactValues {
  const base: Record<string, string | null> = {};
  for (const key of Object.keys(set) as ContactField[]) {
    base[key] = key === 'time_zone' ? lead.time_zone || null : lead[key];
  }
  return base;
}
