import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningStack } from '../../../src/local-supabase/stack.js';
import { clientFor, startTestStack } from '../../support/stack.js';
import { postSignedWebhook } from './wordpress-intake-webhook.js';

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

const VALID = {
  submission_id: 'over-the-limit',
  name: 'Over The Limit',
  email: 'over@example.com',
  phone: '98111 55555',
  company: '',
  source: 'rate-limit-test',
};

/** A signed delivery; by default one whose body fails validation: counted like any request, writing nothing. */
function deliver(body: object = { submission_id: 'rate-limited' }): Promise<Response> {
  return postSignedWebhook(stack.url, JSON.stringify(body), { secret: SECRET });
}

describe('wordpress-lead-intake rate limit', () => {
  it('answers the request past the per-address limit with 429 RATE_LIMITED and Retry-After', async () => {
    // One after another, where the count is exact (a concurrent burst may pass by the requests in flight).
    const answers: Response[] = [];
    for (let i = 0; i < 5; i++) answers.push(await deliver());
    expect(answers.map((response) => response.status)).toEqual([400, 400, 400, 429, 429]);
    const refused = answers[3]!;
    const retryAfter = Number(refused.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(await refused.json()).toMatchObject({
      success: false,
      error: { code: 'RATE_LIMITED' },
    });

    // A valid webhook over the limit is refused too, and takes nothing in.
    const valid = await deliver(VALID);
    expect(valid.status).toBe(429);
    const { data } = await clientFor(stack, stack.serviceRoleKey)
      .from('wordpress_submissions')
      .select('submission_id')
      .eq('submission_id', VALID.submission_id);
    expect(data).toEqual([]);
  });
});
