// Health of the project, for monitoring and the workstation's `doctor`, as the original backend's health
// route answered it: the database, Auth and Storage, each checked at once with a short timeout. 200 when
// all answer, 503 when any does not; each check says its status and latency.
// No remote imports: it must boot offline, on the embedded stack and on a Supabase project alike.
import { ApiFailure } from '../_shared/api-response.ts';
import { bearerToken, jwtClaims } from '../_shared/jwt-claims.ts';
import { callerLimitsFromEnv, spendCallerLimits } from '../_shared/rate-limit.ts';
import { type RequestParty, served } from '../_shared/request-log.ts';
import { RpcError } from '../_shared/service-rpc.ts';
import { call, upstreamFromEnv } from '../_shared/upstream.ts';

const FUNCTION_NAME = 'health';
const upstream = upstreamFromEnv();
// Monitoring polls every few seconds; the defaults leave room for several monitors behind one address.
const limits = callerLimitsFromEnv('HEALTH', {
  perAddress: { limit: 600, windowSeconds: 60 },
  perUser: { limit: 120, windowSeconds: 60 },
});
const timeoutMs = Number(Deno.env.get('HEALTH_TIMEOUT_MS') ?? 2000);
// Where Auth and Storage are asked (default SUPABASE_URL): for setups whose services live apart.
const authUrl = (Deno.env.get('HEALTH_AUTH_URL') ?? upstream.url).replace(/\/+$/, '');
const storageUrl = (Deno.env.get('HEALTH_STORAGE_URL') ?? upstream.url).replace(/\/+$/, '');

interface Check {
  status: 'ok' | 'down';
  latency_ms: number;
  error?: string;
}

async function timed(probe: () => Promise<void>): Promise<Check> {
  const started = performance.now();
  const latency = () => Math.round((performance.now() - started) * 10) / 10;
  try {
    await probe();
    return { status: 'ok', latency_ms: latency() };
  } catch (error) {
    const reason =
      error instanceof DOMException && error.name === 'TimeoutError'
        ? `no answer within ${timeoutMs} ms`
        : error instanceof Error
          ? error.message
          : String(error);
    return { status: 'down', latency_ms: latency(), error: reason };
  }
}

/** GET `path` under `base` with the service key; anything but 2xx is down. */
async function answers(base: string, path: string): Promise<void> {
  const answer = await call(
    { ...upstream, url: base },
    'GET',
    path,
    upstream.serviceKey,
    undefined,
    {},
    AbortSignal.timeout(timeoutMs),
  );
  if (answer.status < 200 || answer.status > 299) throw new Error(`answered ${answer.status}`);
}

async function withinTimeout<T>(work: Promise<T>): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    return await Promise.race([
      work,
      new Promise<never>((_resolve, reject) => {
        timer = setTimeout(() => reject(new DOMException('timed out', 'TimeoutError')), timeoutMs);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * The database check is the rate limit's own count (an RPC that writes and reads a row): a request
 * costs one database round trip, and a limited caller hears 429 before Auth and Storage are asked.
 */
async function databaseCheck(party: RequestParty): Promise<Check> {
  let limited: ApiFailure | undefined;
  const check = await timed(async () => {
    try {
      await withinTimeout(spendCallerLimits(upstream, FUNCTION_NAME, party, limits));
    } catch (error) {
      if (error instanceof ApiFailure) limited = error;
      else if (error instanceof RpcError) throw new Error(`answered ${error.status}`);
      else throw error;
    }
  });
  if (limited) throw limited;
  return check;
}

Deno.serve(
  served(FUNCTION_NAME, async (request, party) => {
    const claims = jwtClaims(bearerToken(request) ?? '');
    if (typeof claims?.sub === 'string') party.user = claims.sub;
    const database = await databaseCheck(party);
    const [auth, storage] = await Promise.all([
      timed(() => answers(authUrl, '/auth/v1/health')),
      timed(() => answers(storageUrl, '/storage/v1/bucket')),
    ]);
    const checks = { database, auth, storage };
    const up = Object.values(checks).every((check) => check.status === 'ok');
    return Response.json(
      {
        status: up ? 'ok' : 'down',
        time: new Date().toISOString(),
        region: Deno.env.get('SB_REGION') ?? 'local',
        role: typeof claims?.role === 'string' ? claims.role : null,
        checks,
      },
      { status: up ? 200 : 503 },
    );
  }),
);
