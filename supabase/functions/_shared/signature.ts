// Signed webhooks: `sha256=<hex>` of HMAC-SHA256(secret, `<timestamp>.<raw body>`), with the sender's
// unix timestamp inside a tolerance so a captured request cannot be replayed later.
import { ApiFailure } from './api-response.ts';

const encoder = new TextEncoder();

/** The bytes of a hex string, or undefined when it is not whole hex bytes. */
export function hexBytes(hex: string): Uint8Array<ArrayBuffer> | undefined {
  if (!/^(?:[0-9a-f]{2})+$/i.test(hex)) return undefined;
  return Uint8Array.from(hex.match(/../g)!, (pair) => parseInt(pair, 16));
}

/**
 * Throws INVALID_SIGNATURE or STALE_TIMESTAMP unless `signatureHeader` signs `rawBody` at
 * `timestampHeader` with `secret`, within `toleranceSeconds` of `nowSeconds`.
 */
export async function verifySignedBody(options: {
  secret: string;
  rawBody: string;
  signatureHeader: string | null;
  timestampHeader: string | null;
  toleranceSeconds: number;
  nowSeconds: number;
}): Promise<void> {
  const { secret, rawBody, signatureHeader, timestampHeader } = options;
  if (!timestampHeader || !/^\d{1,12}$/.test(timestampHeader)) {
    throw new ApiFailure(
      'STALE_TIMESTAMP',
      'X-TalentG-Timestamp must be the unix time in seconds.',
    );
  }
  if (Math.abs(options.nowSeconds - Number(timestampHeader)) > options.toleranceSeconds) {
    throw new ApiFailure(
      'STALE_TIMESTAMP',
      `X-TalentG-Timestamp is more than ${options.toleranceSeconds} s from the server's time.`,
    );
  }
  const signature = hexBytes(/^sha256=(.*)$/.exec(signatureHeader ?? '')?.[1] ?? '');
  if (!signature) {
    throw new ApiFailure('INVALID_SIGNATURE', 'X-TalentG-Signature must be sha256=<hex HMAC>.');
  }
  const valid = await hmacMatchesAny(secret, `${timestampHeader}.${rawBody}`, [signature]);
  if (!valid)
    throw new ApiFailure('INVALID_SIGNATURE', 'X-TalentG-Signature does not match the body.');
}

/**
 * Whether any of `signatures` (raw HMAC bytes) is HMAC-SHA256(secret, message): a sender may send
 * several, as Stripe does while a secret is rolled.
 */
export async function hmacMatchesAny(
  secret: string,
  message: string,
  signatures: readonly Uint8Array<ArrayBuffer>[],
): Promise<boolean> {
  const key = await crypto.subtle.importKey(
    'raw',
    encoder.encode(secret),
    { name: 'HMAC', hash: 'SHA-256' },
    false,
    ['verify'],
  );
  const data = encoder.encode(message);
  // WebCrypto's verify compares in constant time, so the answer's timing says nothing about the HMAC.
  // Every candidate is checked, so the time taken does not say which one matched either.
  const results = await Promise.all(
    signatures.map((signature) => crypto.subtle.verify('HMAC', key, signature, data)),
  );
  return results.includes(true);
}
