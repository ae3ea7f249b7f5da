// Stripe's documented webhook signature (https://docs.stripe.com/webhooks#verify-manually):
// `Stripe-Signature: t=<unix seconds>,v1=<hex>[,v1=<hex>...][,v0=...]`, each v1 the HMAC-SHA256 of
// `<t>.<raw body>` keyed with the endpoint's signing secret. Checked with Web Crypto rather than the
// `stripe` package because the function must boot offline without npm imports.
import { ApiFailure } from '../_shared/api-response.ts';
import { hexBytes, hmacMatchesAny } from '../_shared/signature.ts';

/** The parts of a Stripe-Signature header: its timestamp and every v1 signature (v0 and others are ignored). */
export interface StripeSignature {
  timestamp: number;
  v1: Uint8Array<ArrayBuffer>[];
}

/** The header's t and v1 values, or undefined when it has no numeric t or no hex v1. */
export function parseStripeSignature(header: string | null): StripeSignature | undefined {
  let timestamp: number | undefined;
  const v1: Uint8Array<ArrayBuffer>[] = [];
  for (const item of (header ?? '').split(',')) {
    const [key, value = ''] = item.trim().split('=', 2) as [string, string?];
    if (key === 't' && /^\d{1,12}$/.test(value)) timestamp = Number(value);
    if (key === 'v1') {
      const bytes = hexBytes(value);
      if (bytes?.byteLength === 32) v1.push(bytes);
    }
  }
  return timestamp === undefined || v1.length === 0 ? undefined : { timestamp, v1 };
}

/**
 * Throws INVALID_SIGNATURE unless one of the header's v1 signatures signs `rawBody` at its t with
 * `secret`, and STALE_TIMESTAMP when t is more than `toleranceSeconds` from `nowSeconds` (a captured
 * delivery replayed later; Stripe signs each retry afresh).
 */
export async function verifyStripeSignature(options: {
  secret: string;
  rawBody: string;
  header: string | null;
  toleranceSeconds: number;
  nowSeconds: number;
}): Promise<void> {
  const signature = parseStripeSignature(options.header);
  if (!signature) {
    throw new ApiFailure(
      'INVALID_SIGNATURE',
      'Stripe-Signature must be t=<unix seconds>,v1=<hex HMAC-SHA256>.',
    );
  }
  const valid = await hmacMatchesAny(
    options.secret,
    `${signature.timestamp}.${options.rawBody}`,
    signature.v1,
  );
  if (!valid) {
    throw new ApiFailure(
      'INVALID_SIGNATURE',
      'No v1 signature in Stripe-Signature matches the body with STRIPE_WEBHOOK_SECRET.',
    );
  }
  // After the HMAC: a forged header learns nothing from which check refused it.
  if (Math.abs(options.nowSeconds - signature.timestamp) > options.toleranceSeconds) {
    throw new ApiFailure(
      'STALE_TIMESTAMP',
      `The Stripe-Signature timestamp is more than ${options.toleranceSeconds} s from the server's time.`,
    );
  }
}
