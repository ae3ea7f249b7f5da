// The parts of a Stripe event the webhook stores and applies, checked by hand (no npm imports, so the
// function boots offline): everything else in the event is Stripe's and kept as it came.
import { ApiFailure } from '../_shared/api-response.ts';

export interface StripeEvent {
  id: string;
  type: string;
  created: number | null;
  livemode: boolean;
  /** data.object: the Checkout Session, Charge, ... the event is about. */
  object: Record<string, unknown>;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function invalid(field: string, message: string): ApiFailure {
  return new ApiFailure('VALIDATION_ERROR', `${field}: ${message}`, field);
}

/** The raw body as a StripeEvent, or VALIDATION_ERROR naming the field at fault. */
export function readStripeEvent(rawBody: string): StripeEvent {
  let body: unknown;
  try {
    body = JSON.parse(rawBody);
  } catch (_error) {
    throw new ApiFailure('VALIDATION_ERROR', 'The body is not valid JSON.');
  }
  if (!isObject(body)) throw new ApiFailure('VALIDATION_ERROR', 'The body must be a Stripe event.');
  const { id, type, created, livemode, data } = body;
  if (typeof id !== 'string' || !/^evt_[A-Za-z0-9_]{1,250}$/.test(id)) {
    throw invalid('id', 'not a Stripe event id (evt_...)');
  }
  if (typeof type !== 'string' || !/^[a-z0-9_.]{1,200}$/.test(type)) {
    throw invalid('type', 'not a Stripe event type');
  }
  if (created !== undefined && !Number.isInteger(created)) {
    throw invalid('created', 'not unix seconds');
  }
  if (!isObject(data) || !isObject(data.object)) {
    throw invalid('data', 'data.object must be an object');
  }
  return {
    id,
    type,
    created: typeof created === 'number' ? created : null,
    livemode: livemode === true,
    object: data.object,
  };
}
