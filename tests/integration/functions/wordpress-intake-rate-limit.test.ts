import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningStack } from '../../../src/local-supabase/stack.js';
import { startTestStack } from '../../support/stack.js';

// The shared rate limiter (supabase/functions/_shared/rate-limit.ts) on wordpress-lead-intake: its own
// stack, so a small limit meets no other test's requests.

const SECRET = 'wordpress-rate-limit-test-secret';
let stack: RunningStack;

beforeAll(async () => {
  stack = await startTestStack({
    seed: true,
    functionsEnv: { WORDPRESS_WEBHOOK_SECRET: SECRET, WORDPRESS_INTAKE_RATE_LIMIT: '3/60' },
  });
}, 120_000);

afterAll(async () => {
  await stack?.close();
});

/** A signed delivery whose body fails validation: counted like any request, writing nothing. */
function deliverInvalid(): Promise<Response> {
  const timestamp = Math.floor(Date.now() / 1000);
  const rawBody = JSON.stringify({ submission_id: 'rate-limited' });
  const signature = createHmac('sha256', SECRET).update(`${timestamp}.${rawBody}`).digest('hex');
  return fetch(`${stack.url}/functions/v1/wordpress-lead-intake`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-talentg-timestamp': String(timestamp),
      'x-talentg-signature': `sha256=${signature}`,
    },
    body: rawBody,
  });
}

describe('wordpress-lead-intake rate limit', () => {
  it('answers the request past the per-address limit with 429 RATE_LIMITED and Retry-After', async () => {
    // Concurrent, as a flood arrives: the count lives in the database, so no request slips through.
    const answers = await Promise.all(Array.from({ length: 5 }, () => deliverInvalid()));
    const statuses = answers.map((response) => response.status).sort();
    expect(statuses).toEqual([400, 400, 400, 429, 429]);
    const refused = answers.find((response) => response.status === 429)!;
    const retryAfter = Number(refused.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(await refused.json()).toMatchObject({
      success: false,
      error: { code: 'RATE_LIMITED' },
    });
  });
});
