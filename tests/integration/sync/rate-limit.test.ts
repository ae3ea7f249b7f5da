// The sync RPCs' per-user rate limit (migration sync_flood_limits) over HTTP on the embedded stack:
// PostgREST's 429 with Retry-After, and the workstation's transport reading it as a typed wait.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningStack } from '../../../src/local-supabase/stack.js';
import { supabaseTransport, TransportError } from '../../../src/workstation/sync/transport.js';
import { startTestStack } from '../../support/stack.js';
import { signIn, type SignedIn } from '../contract/demo-users.js';

let stack: RunningStack;
let tc1: SignedIn;
let tc2: SignedIn;

beforeAll(async () => {
  stack = await startTestStack({ db: 'memory', seed: true });
  const target = {
    name: 'embedded',
    url: stack.url,
    anonKey: stack.anonKey,
    serviceRoleKey: stack.serviceRoleKey,
    close: async () => {},
  };
  [tc1, tc2] = await Promise.all([signIn(target, 'tc1'), signIn(target, 'tc2')]);
  // Two calls at once, then one every 20 s: a third call is refused with about 20 s to wait.
  await stack.db.query(
    `update sync.rate_limit_rules set burst = 2, per_second = 0.05 where rpc = 'sync_pull'`,
  );
}, 60_000);
afterAll(() => stack?.close());

function pullOverHttp(who: SignedIn): Promise<Response> {
  return fetch(`${stack.url}/rest/v1/rpc/sync_pull`, {
    method: 'POST',
    headers: {
      apikey: stack.anonKey,
      authorization: `Bearer ${who.session.access_token}`,
      'content-type': 'application/json',
    },
    body: JSON.stringify({ p_cursor: null }),
  });
}

describe("the sync RPCs' rate limit over HTTP", () => {
  it("answers 429 with Retry-After and a PostgREST error body once a user's bucket is empty", async () => {
    expect((await pullOverHttp(tc1)).status).toBe(200);
    expect((await pullOverHttp(tc1)).status).toBe(200);
    const refused = await pullOverHttp(tc1);
    expect(refused.status).toBe(429);
    const wait = Number(refused.headers.get('retry-after'));
    expect(wait).toBeGreaterThanOrEqual(19);
    expect(wait).toBeLessThanOrEqual(20);
    const body = (await refused.json()) as Record<string, unknown>;
    expect(body).toMatchObject({ code: 'PT429', details: `Retry-After: ${wait}` });
    expect(body.message).toMatch(/Too many sync_pull calls/);

    // Another user's calls are theirs to spend.
    expect((await pullOverHttp(tc2)).status).toBe(200);
  });

  it('reaches the sync engine as rate_limited with the wait the server asked for', async () => {
    const transport = supabaseTransport(tc1.client);
    const failure = await transport.pull(null, 10).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(TransportError);
    expect(failure).toMatchObject({ kind: 'rate_limited', status: 429, code: 'PT429' });
    const waitMs = (failure as TransportError).retryAfterMs ?? 0;
    expect(waitMs).toBeGreaterThanOrEqual(19_000);
    expect(waitMs).toBeLessThanOrEqual(20_000);
    // The push bucket is separate and still full.
    const pushed = await transport.push(randomUUID(), []);
    expect(pushed.results).toEqual([]);
  });
});
