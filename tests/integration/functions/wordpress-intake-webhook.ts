import { createHmac } from 'node:crypto';

// A webhook delivery to wordpress-lead-intake, signed the way the WordPress plugin signs it.

export interface SignedDelivery {
  secret: string;
  /** Unix seconds; defaults to now. */
  timestamp?: number;
}

/** X-TalentG-Signature: sha256=<hex HMAC-SHA256(secret, `<timestamp>.<raw body>`)>. */
export function webhookSignature(secret: string, timestamp: number, rawBody: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${rawBody}`).digest('hex')}`;
}

/** POSTs `rawBody` to the stack's wordpress-lead-intake with the plugin's timestamp and signature headers. */
export function postSignedWebhook(
  stackUrl: string,
  rawBody: string,
  { secret, timestamp = Math.floor(Date.now() / 1000) }: SignedDelivery,
): Promise<Response> {
  return fetch(`${stackUrl}/functions/v1/wordpress-lead-intake`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-talentg-timestamp': String(timestamp),
      'x-talentg-signature': webhookSignature(secret, timestamp, rawBody),
    },
    body: rawBody,
  });
}
