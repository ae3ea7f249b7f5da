// Stripe's API for one call, POST /v1/checkout/sessions: form-encoded as Stripe takes it, with the
// secret key and an Idempotency-Key, bounded by a timeout. Every way it can fail (a 4xx or 5xx, a
// timeout, a dropped connection, an answer without a url) is PAYMENT_PROVIDER_ERROR, never a 500.
import { ApiFailure } from '../_shared/api-response.ts';

export interface StripeConfig {
  apiUrl: string;
  secretKey: string;
  timeoutMs: number;
}

export interface CheckoutSession {
  id: string;
  url: string;
}

/** Nested parameters flattened the way Stripe reads them: `line_items[0][price_data][currency]=inr`. */
export function formEncoded(params: Record<string, unknown>): URLSearchParams {
  const form = new URLSearchParams();
  const add = (key: string, value: unknown): void => {
    if (value === undefined || value === null) return;
    if (Array.isArray(value)) {
      value.forEach((item, index) => add(`${key}[${index}]`, item));
    } else if (typeof value === 'object') {
      for (const [name, inner] of Object.entries(value)) add(`${key}[${name}]`, inner);
    } else {
      form.append(key, String(value));
    }
  };
  for (const [name, value] of Object.entries(params)) add(name, value);
  return form;
}

function providerError(detail: string): ApiFailure {
  return new ApiFailure(
    'PAYMENT_PROVIDER_ERROR',
    `Stripe could not start the payment (${detail}); try again in a moment.`,
  );
}

/** Stripe's error code and message from an error answer, for the refusal's message. */
function stripeErrorOf(text: string): string {
  try {
    const error = (
      JSON.parse(text) as { error?: { code?: string; type?: string; message?: string } }
    ).error;
    return [error?.code ?? error?.type, error?.message].filter(Boolean).join(': ');
  } catch (_error) {
    return '';
  }
}

export async function createCheckoutSession(
  config: StripeConfig,
  params: Record<string, unknown>,
  idempotencyKey: string,
): Promise<CheckoutSession> {
  let response: Response;
  let text: string;
  try {
    response = await fetch(`${config.apiUrl}/v1/checkout/sessions`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${config.secretKey}`,
        'content-type': 'application/x-www-form-urlencoded',
        'idempotency-key': idempotencyKey,
      },
      body: formEncoded(params),
      signal: AbortSignal.timeout(config.timeoutMs),
    });
    text = await response.text();
  } catch (error) {
    const timedOut = error instanceof DOMException && error.name === 'TimeoutError';
    throw providerError(timedOut ? `no answer within ${config.timeoutMs} ms` : 'unreachable');
  }
  if (!response.ok) {
    const stripeError = stripeErrorOf(text);
    throw providerError(`status ${response.status}${stripeError ? `, ${stripeError}` : ''}`);
  }
  let session: Partial<CheckoutSession>;
  try {
    session = JSON.parse(text) as Partial<CheckoutSession>;
  } catch (_error) {
    throw providerError('an answer that is not JSON');
  }
  if (typeof session.id !== 'string' || typeof session.url !== 'string') {
    throw providerError('a session without an id or url');
  }
  return { id: session.id, url: session.url };
}
