// stripe-webhook: Stripe's events for TalentG's checkouts. Stripe holds no Supabase token
// (verify_jwt = false); the Stripe-Signature over the raw body with STRIPE_WEBHOOK_SECRET is its
// authentication. A verified event is one round trip to the database: stripe_apply_event counts the
// sender's rate limit, stores the event once by its id (a redelivery answers duplicate: true and
// applies nothing) and applies checkout.session.completed (unlock or seats) or charge.refunded
// (revoke) in the same transaction. Every other request (forged, stale, malformed) is counted against
// the same limit on its own.
import { ApiFailure, success } from '../_shared/api-response.ts';
import { callLimitedRpc, rateLimitFromEnv, refusalsCounted } from '../_shared/rate-limit.ts';
import { type RequestParty, served } from '../_shared/request-log.ts';
import { serviceFromEnv } from '../_shared/service-rpc.ts';
import { readStripeEvent, type StripeEvent } from './stripe-event.ts';
import { verifyStripeSignature } from './stripe-signature.ts';

const FUNCTION_NAME = 'stripe-webhook';
// Stripe's own libraries default to 300 s.
const TIMESTAMP_TOLERANCE_SECONDS = 300;

const service = serviceFromEnv();
// Stripe delivers from a handful of addresses; 600 a minute is far above TalentG's sales.
const rateLimit = rateLimitFromEnv('STRIPE_WEBHOOK_RATE_LIMIT', { limit: 600, windowSeconds: 60 });

interface AppliedEvent {
  event_id: string;
  type: string;
  outcome: string;
  detail: string | null;
  purchase_id: string | null;
  duplicate: boolean;
}

function apply(event: StripeEvent, party: RequestParty): Promise<AppliedEvent> {
  return callLimitedRpc<AppliedEvent>(
    service,
    'stripe_apply_event',
    {
      p_event_id: event.id,
      p_type: event.type,
      p_object: event.object,
      p_livemode: event.livemode,
      p_created: event.created,
    },
    { fn: FUNCTION_NAME, who: { address: party.address }, limit: rateLimit },
  );
}

/** The signed, well-formed event; anything else is counted against the sender's limit, then refused. */
function checkedEvent(request: Request, party: RequestParty): Promise<StripeEvent> {
  return refusalsCounted(service, FUNCTION_NAME, party.address, rateLimit, async () => {
    if (request.method !== 'POST') {
      throw new ApiFailure('METHOD_NOT_ALLOWED', `${FUNCTION_NAME} takes Stripe's POSTed events.`);
    }
    const secret = Deno.env.get('STRIPE_WEBHOOK_SECRET');
    if (!secret) {
      throw new ApiFailure('NOT_CONFIGURED', 'STRIPE_WEBHOOK_SECRET is not set for this function.');
    }
    const rawBody = await request.text();
    await verifyStripeSignature({
      secret,
      rawBody,
      header: request.headers.get('stripe-signature'),
      toleranceSeconds: TIMESTAMP_TOLERANCE_SECONDS,
      nowSeconds: Math.floor(Date.now() / 1000),
    });
    return readStripeEvent(rawBody);
  });
}

Deno.serve(
  served(FUNCTION_NAME, async (request, party) => {
    const applied = await apply(await checkedEvent(request, party), party);
    // 200 for every stored event, applied or not: anything else makes Stripe deliver it again.
    return success(applied);
  }),
);
