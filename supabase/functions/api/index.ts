// api: the original backend's REST routes for integrators (openapi.json), in its ApiResponse envelope
// and codes. Each request runs as its caller: their JWT goes to PostgREST, so row-level security
// decides; the service key only counts the rate limits. Counted per address and per signed-in user.
import { ApiFailure } from '../_shared/api-response.ts';
import { callerLimitsFromEnv, spendCallerLimits } from '../_shared/rate-limit.ts';
import { served } from '../_shared/request-log.ts';
import { upstreamFromEnv } from '../_shared/upstream.ts';
import {
  createAssessment,
  createResponse,
  listAssessments,
  listResponses,
  listResults,
} from './assessments.ts';
import { restAs, signedInCaller } from './caller-rest.ts';
import type { ApiHandler } from './context.ts';
import {
  createInteraction,
  createLead,
  deleteLead,
  getLead,
  listInteractions,
  listLeads,
  updateLead,
} from './leads.ts';
import { matchRoute } from './router.ts';
import type { Operation } from './routes.ts';

const FUNCTION_NAME = 'api';
const upstream = upstreamFromEnv();
// An integration syncing leads makes a few requests a second at most; a loop gone wrong is stopped.
const limits = callerLimitsFromEnv('API', {
  perAddress: { limit: 600, windowSeconds: 60 },
  perUser: { limit: 300, windowSeconds: 60 },
});

const HANDLERS: Record<Operation, ApiHandler> = {
  listLeads,
  createLead,
  getLead,
  updateLead,
  deleteLead,
  listInteractions,
  createInteraction,
  listAssessments,
  createAssessment,
  listResponses,
  createResponse,
  listResults,
};

// Integrators' browser pages may call the api too: tokens travel in a header, never a cookie, so any
// origin may send one (Supabase's CORS recipe for functions).
const CORS_HEADERS = {
  'access-control-allow-origin': '*',
  'access-control-allow-headers': 'authorization, apikey, content-type, x-client-info',
  'access-control-allow-methods': 'GET, POST, PUT, DELETE',
  'access-control-expose-headers': 'allow, retry-after',
};

/** Answers a CORS preflight, and adds the CORS headers to every other answer. */
function withCors(handler: (request: Request) => Promise<Response>) {
  return async (request: Request): Promise<Response> => {
    if (request.method === 'OPTIONS')
      return new Response(null, { status: 204, headers: CORS_HEADERS });
    const response = await handler(request);
    for (const [name, value] of Object.entries(CORS_HEADERS)) response.headers.set(name, value);
    return response;
  };
}

const api = served(FUNCTION_NAME, async (request, party) => {
  const caller = signedInCaller(request);
  if (caller) party.user = caller.id;
  await spendCallerLimits(upstream, FUNCTION_NAME, party, limits);
  const url = new URL(request.url);
  const route = matchRoute(request.method, url.pathname);
  if (!caller) {
    throw new ApiFailure(
      'NOT_SIGNED_IN',
      'Sign in: the api answers a user’s access token, not a project key.',
    );
  }
  return HANDLERS[route.operation]({
    rest: restAs(upstream, caller),
    params: route.params,
    query: url.searchParams,
    request,
  });
});

Deno.serve(withCors(api));
