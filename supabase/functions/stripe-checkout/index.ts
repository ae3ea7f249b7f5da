// stripe-checkout: starts a Stripe Checkout Session for the signed-in caller (verify_jwt = true) and a
// product of public.products, and answers { url, id } for the app to open. stripe_checkout_offer
// (service role) counts the user's rate limit and refuses unknown or retired products, assessments the
// caller has unlocked already or takes included (managers and admins) and seats for anyone but staff,
// in one round trip. The session carries
// the caller as client_reference_id and what was sold as metadata, which stripe-webhook applies when
// Stripe reports the payment.
import { ApiFailure, ERROR_STATUS, type ErrorCode, success } from '../_shared/api-response.ts';
import { jwtClaims } from '../_shared/jwt-claims.ts';
import { callLimitedRpc, rateLimitFromEnv, refusalsCounted } from '../_shared/rate-limit.ts';
import { type RequestParty, served } from '../_shared/request-log.ts';
import { serviceFromEnv } from '../_shared/service-rpc.ts';
import { createCheckoutSession, type StripeConfig } from './stripe-api.ts';

const FUNCTION_NAME = 'stripe-checkout';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const service = serviceFromEnv();
// A person starts a checkout or two; 30 a minute stops a script creating sessions in a loop.
const rateLimit = rateLimitFromEnv('STRIPE_CHECKOUT_RATE_LIMIT', { limit: 30, windowSeconds: 60 });

interface CheckoutRequest {
  product_id: string;
  /** The app's key for this purchase attempt: a retry with it gets the same session. */
  idempotency_key: string | undefined;
}

interface Offer {
  product_id: string;
  kind: 'assessment' | 'seats';
  name: string;
  assessment_id: string | null;
  seats: number | null;
  unit_amount: number;
  currency: string;
  email: string | null;
}

type Refusal = { refused: ErrorCode; message: string };

interface CheckoutSettings {
  stripe: StripeConfig;
  successUrl: string;
  cancelUrl: string;
}

/** The settings from the environment, or NOT_CONFIGURED naming what is missing. */
function settingsFromEnv(): CheckoutSettings {
  const missing = ['STRIPE_SECRET_KEY', 'STRIPE_SUCCESS_URL', 'STRIPE_CANCEL_URL'].filter(
    (name) => !Deno.env.get(name),
  );
  if (missing.length > 0) {
    throw new ApiFailure('NOT_CONFIGURED', `${missing.join(', ')} not set for this function.`);
  }
  return {
    stripe: {
      apiUrl: (Deno.env.get('STRIPE_API_URL') || 'https://api.stripe.com').replace(/\/+$/, ''),
      secretKey: Deno.env.get('STRIPE_SECRET_KEY')!,
      timeoutMs: Number(Deno.env.get('STRIPE_TIMEOUT_MS') || 10_000),
    },
    successUrl: Deno.env.get('STRIPE_SUCCESS_URL')!,
    cancelUrl: Deno.env.get('STRIPE_CANCEL_URL')!,
  };
}

/** The signed-in user's id from the token the platform verified; the anon or service key has none. */
function callerId(request: Request): string {
  const token = /^Bearer\s+(\S+)$/i.exec(request.headers.get('authorization') ?? '')?.[1];
  const claims = token ? jwtClaims(token) : undefined;
  if (
    claims?.role !== 'authenticated' ||
    typeof claims.sub !== 'string' ||
    !UUID.test(claims.sub)
  ) {
    throw new ApiFailure('NOT_SIGNED_IN', 'Sign in to buy.');
  }
  return claims.sub;
}

function readCheckoutRequest(rawBody: string): CheckoutRequest {
  let body: unknown;
  try {
    body = JSON.parse(rawBody);
  } catch (_error) {
    throw new ApiFailure('VALIDATION_ERROR', 'The body is not valid JSON.');
  }
  const { product_id, idempotency_key } = (body ?? {}) as Record<string, unknown>;
  if (typeof product_id !== 'string' || !UUID.test(product_id)) {
    throw new ApiFailure('VALIDATION_ERROR', 'product_id: a product id (uuid)', 'product_id');
  }
  if (
    idempotency_key !== undefined &&
    (typeof idempotency_key !== 'string' || !/^[A-Za-z0-9_-]{8,100}$/.test(idempotency_key))
  ) {
    throw new ApiFailure(
      'VALIDATION_ERROR',
      'idempotency_key: 8 to 100 letters, digits, - or _',
      'idempotency_key',
    );
  }
  return { product_id, idempotency_key };
}

/** The caller and their request; anything wrong is counted against their address, then refused. */
function checkedRequest(
  request: Request,
  party: RequestParty,
): Promise<CheckoutRequest & { user: string }> {
  return refusalsCounted(service, FUNCTION_NAME, party.address, rateLimit, async () => {
    if (request.method !== 'POST') {
      throw new ApiFailure('METHOD_NOT_ALLOWED', `${FUNCTION_NAME} takes POST with a JSON body.`);
    }
    const user = callerId(request);
    party.user = user;
    return { user, ...readCheckoutRequest(await request.text()) };
  });
}

async function offerFor(user: string, productId: string): Promise<Offer> {
  const answer = await callLimitedRpc<Offer | Refusal>(
    service,
    'stripe_checkout_offer',
    { p_user_id: user, p_product_id: productId },
    { fn: FUNCTION_NAME, who: { user }, limit: rateLimit },
  );
  if ('refused' in answer) {
    if (!(answer.refused in ERROR_STATUS)) {
      throw new Error(`stripe_checkout_offer refused with an unknown code ${answer.refused}`);
    }
    throw new ApiFailure(answer.refused, answer.message);
  }
  return answer;
}

/** The Checkout Session's parameters: one line at the product's price, the buyer and what was sold. */
function sessionParams(user: string, offer: Offer, settings: CheckoutSettings) {
  // What stripe_apply_event grants from, as it was sold now (a later price or product change does not matter).
  const metadata = {
    talentg_user_id: user,
    talentg_product_id: offer.product_id,
    talentg_kind: offer.kind,
    talentg_assessment_id: offer.assessment_id ?? undefined,
    talentg_seats: offer.seats ?? undefined,
  };
  return {
    mode: 'payment',
    client_reference_id: user,
    customer_email: offer.email ?? undefined,
    success_url: settings.successUrl,
    cancel_url: settings.cancelUrl,
    line_items: [
      {
        quantity: 1,
        price_data: {
          currency: offer.currency,
          unit_amount: offer.unit_amount,
          product_data: { name: offer.name },
        },
      },
    ],
    metadata,
    // On the payment too, so a refund in Stripe's dashboard shows whose purchase it was.
    payment_intent_data: { metadata },
  };
}

Deno.serve(
  served(FUNCTION_NAME, async (request, party) => {
    const settings = settingsFromEnv();
    const { user, product_id, idempotency_key } = await checkedRequest(request, party);
    const offer = await offerFor(user, product_id);
    const session = await createCheckoutSession(
      settings.stripe,
      sessionParams(user, offer, settings),
      `talentg-checkout-${user}-${product_id}-${idempotency_key ?? crypto.randomUUID()}`,
    );
    return success({ id: session.id, url: session.url });
  }),
);
