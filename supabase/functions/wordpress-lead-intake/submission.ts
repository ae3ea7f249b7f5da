// The body a WordPress form plugin posts, checked with zod; unknown keys (plugins add their own) are ignored.
import { z } from 'zod';
import { ApiFailure } from '../_shared/api-response.ts';
import { type E164Phone, isCountryCode, toE164 } from '../_shared/phone.ts';

const text = (max: number) => z.string().trim().max(max, `at most ${max} characters`);

const submissionSchema = z.object({
  // Plugins number their entries; either form is the same id.
  submission_id: z
    .union([text(200).min(1, 'required'), z.number().int().nonnegative()])
    .transform(String),
  name: text(200).min(2, 'at least 2 characters'),
  email: text(254).pipe(z.email('not an email address')),
  phone: text(40).min(1, 'required'),
  // A form without a company field sends it empty.
  company: text(200),
  source: text(200).min(1, 'required'),
  country: text(2)
    .toUpperCase()
    .refine(isCountryCode, 'not a two-letter ISO country code')
    .optional(),
});

export interface Submission {
  submission_id: string;
  name: string;
  email: string;
  phone: string;
  phone_e164: string;
  company: string | null;
  source: string;
  country: string | null;
}

/** The raw body as a Submission with its phone in E.164, or VALIDATION_ERROR naming the first field at fault. */
export function readSubmission(rawBody: string, defaultCountry: string): Submission {
  let body: unknown;
  try {
    body = JSON.parse(rawBody);
  } catch (_error) {
    throw new ApiFailure('VALIDATION_ERROR', 'The body is not valid JSON.');
  }
  const parsed = submissionSchema.safeParse(body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const field = issue.path.length > 0 ? String(issue.path[0]) : undefined;
    throw new ApiFailure(
      'VALIDATION_ERROR',
      field ? `${field}: ${issue.message}` : 'The body must be a JSON object.',
      field,
    );
  }
  const country = parsed.data.country ?? defaultCountry;
  const phone: E164Phone | undefined = isCountryCode(country)
    ? toE164(parsed.data.phone, country)
    : undefined;
  if (!phone) {
    throw new ApiFailure(
      'VALIDATION_ERROR',
      `phone: not a valid number (national numbers are read as ${country})`,
      'phone',
    );
  }
  return {
    ...parsed.data,
    company: parsed.data.company || null,
    phone_e164: phone.e164,
    country: parsed.data.country ?? phone.country ?? null,
  };
}
