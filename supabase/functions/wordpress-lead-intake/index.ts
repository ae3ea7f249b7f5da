// wordpress-lead-intake: a webhook for WordPress form plugins. The sender holds no Supabase token
// (verify_jwt = false); its HMAC signature over the timestamp and raw body is its authentication.
// A valid webhook is one round trip to the database: wordpress_lead_intake counts the sender's rate
// limit, dedupes by submission id, merges by phone, scrubs against DNC and assigns. Every other
// request (forged, stale, malformed) is counted against the same limit on its own.
import { ApiFailure, success } from '../_shared/api-response.ts';
import { callLimitedRpc, rateLimitFromEnv, refusalsCounted } from '../_shared/rate-limit.ts';
import { type RequestParty, served } from '../_shared/request-log.ts';
import { RpcError, serviceFromEnv } from '../_shared/service-rpc.ts';
import { verifySignedBody } from '../_shared/signature.ts';
import { readSubmission, type Submission } from './submission.ts';

const FUNCTION_NAME = 'wordpress-lead-intake';
const TIMESTAMP_TOLERANCE_SECONDS = 5 * 60;

const service = serviceFromEnv();
// A form site posts from one address; 600 a minute is far above a busy site and far below a flood.
const rateLimit = rateLimitFromEnv('WORDPRESS_INTAKE_RATE_LIMIT', {
  limit: 600,
  windowSeconds: 60,
});
const defaultCountry = (Deno.env.get('WORDPRESS_DEFAULT_COUNTRY') ?? 'IN').toUpperCase();

interface IntakeAnswer {
  submission_id: string;
  lead_id: string;
  outcome: 'inserted' | 'merged' | 'unchanged';
  do_not_call: boolean;
  assigned_to: string | null;
  replayed: boolean;
}

// Constraint and argument errors from the database are the body's fault; the function's checks should
// have caught them first, so they are answered as such, never as a 500.
const BAD_INPUT_SQLSTATES = new Set(['23502', '23514', '22001', '22023', '22P02']);

async function intake(submission: Submission, party: RequestParty): Promise<IntakeAnswer> {
  try {
    return await callLimitedRpc<IntakeAnswer>(
      service,
      'wordpress_lead_intake',
      {
        p_submission_id: submission.submission_id,
        p_name: submission.name,
        p_phone_e164: submission.phone_e164,
        p_phone: submission.phone,
        p_email: submission.email,
        p_company: submission.company,
        p_source: submission.source,
        p_country: submission.country,
      },
      { fn: FUNCTION_NAME, who: { address: party.address }, limit: rateLimit },
    );
  } catch (error) {
    if (error instanceof RpcError && error.code && BAD_INPUT_SQLSTATES.has(error.code)) {
      throw new ApiFailure('VALIDATION_ERROR', 'The lead was refused by the database checks.');
    }
    throw error;
  }
}

/** The signed, valid submission; anything else is counted against the sender's limit, then refused. */
function checkedSubmission(request: Request, party: RequestParty): Promise<Submission> {
  return refusalsCounted(service, FUNCTION_NAME, party.address, rateLimit, async () => {
    if (request.method !== 'POST') {
      throw new ApiFailure('METHOD_NOT_ALLOWED', `${FUNCTION_NAME} takes POST with a JSON body.`);
    }
    const secret = Deno.env.get('WORDPRESS_WEBHOOK_SECRET');
    if (!secret) {
      throw new ApiFailure(
        'NOT_CONFIGURED',
        'WORDPRESS_WEBHOOK_SECRET is not set for this function.',
      );
    }
    const rawBody = await request.text();
    await verifySignedBody({
      secret,
      rawBody,
      signatureHeader: request.headers.get('x-talentg-signature'),
      timestampHeader: request.headers.get('x-talentg-timestamp'),
      toleranceSeconds: TIMESTAMP_TOLERANCE_SECONDS,
      nowSeconds: Math.floor(Date.now() / 1000),
    });
    return readSubmission(rawBody, defaultCountry);
  });
}

Deno.serve(
  served(FUNCTION_NAME, async (request, party) => {
    const answer = await intake(await checkedSubmission(request, party), party);
    const created = answer.outcome === 'inserted' && !answer.replayed;
    return success(
      {
        lead_id: answer.lead_id,
        submission_id: answer.submission_id,
        outcome: answer.outcome,
        do_not_call: answer.do_not_call,
        assigned: answer.assigned_to !== null,
        replayed: answer.replayed,
      },
      created ? 201 : 200,
    );
  }),
);
