import { startStack } from '../../src/local-supabase/stack.js';
import { clientFor } from '../support/stack.js';
import { uniqueDatabaseName } from '../support/pg-cluster.js';
import { median, percentile, round, type Benchmark } from './metric.js';

// The api function's GET /leads (a page of 20 with meta.total) as the demo manager, on the embedded stack
// over PostgreSQL 15, one request after another. Baseline, in the same process and interleaved: the
// same page read straight from PostgREST with the same token and count=exact, which is what the function
// asks for; the difference is Deno, the edge hop and the function's two rate-limit counts.

const WARMUP_ROUNDS = 200;
const ROUNDS = 500;

export const apiListLeads: Benchmark = {
  name: 'api_list_leads_median_ms',
  async run({ postgres, log }) {
    const databaseUrl = await (await postgres()).createDatabase(uniqueDatabaseName('bench_api'));
    const stack = await startStack({
      db: databaseUrl,
      seed: true,
      port: 0,
      // The bench is one address and one user far above any limit: every request is still counted.
      functionsEnv: { API_RATE_LIMIT: '1000000/60', API_USER_RATE_LIMIT: '1000000/60' },
    });
    try {
      const { data, error } = await clientFor(stack, stack.anonKey).auth.signInWithPassword({
        email: 'manager@talentg.test',
        password: 'talentg-demo',
      });
      if (error || !data.session) throw new Error(`sign-in failed: ${error?.message}`);
      const token = data.session.access_token;

      const viaApi = async () => {
        const response = await fetch(`${stack.url}/functions/v1/api/leads?limit=20`, {
          headers: { authorization: `Bearer ${token}` },
        });
        const body = (await response.json()) as { data?: unknown[] };
        if (response.status !== 200 || body.data?.length !== 20) {
          throw new Error(`api answered ${response.status}`);
        }
      };
      const viaRest = async () => {
        const response = await fetch(
          `${stack.url}/rest/v1/leads?select=*&order=created_at.desc,id.asc&limit=20&offset=0`,
          {
            headers: {
              apikey: stack.anonKey,
              authorization: `Bearer ${token}`,
              prefer: 'count=exact',
            },
          },
        );
        const rows = (await response.json()) as unknown[];
        // 206: PostgREST's answer for one page of a counted, longer list.
        if (response.status !== 206 || rows.length !== 20) {
          throw new Error(`REST answered ${response.status}`);
        }
      };
      const timed = async (read: () => Promise<void>) => {
        const started = performance.now();
        await read();
        return performance.now() - started;
      };

      log(`api GET /leads vs REST: ${WARMUP_ROUNDS} warm-up rounds, then ${ROUNDS}`);
      const apiMs: number[] = [];
      const restMs: number[] = [];
      for (let i = 0; i < WARMUP_ROUNDS + ROUNDS; i++) {
        // Alternate which goes first, so neither always finds the other's pages warm.
        const [first, second] = i % 2 === 0 ? [viaApi, viaRest] : [viaRest, viaApi];
        const a = await timed(first);
        const b = await timed(second);
        if (i < WARMUP_ROUNDS) continue;
        apiMs.push(first === viaApi ? a : b);
        restMs.push(first === viaApi ? b : a);
      }
      const apiMedian = median(apiMs);
      const restMedian = median(restMs);
      log(`api median ${apiMedian.toFixed(2)} ms, REST median ${restMedian.toFixed(2)} ms`);
      return {
        value: round(apiMedian),
        unit: 'ms',
        // An integrator's page of leads should come back well inside a UI's 100 ms.
        target: 50,
        baseline: round(restMedian),
        details: {
          ratio_to_rest: round(apiMedian / restMedian),
          api_p95_ms: round(percentile(apiMs, 0.95)),
          rest_p95_ms: round(percentile(restMs, 0.95)),
          rounds: ROUNDS,
          method:
            'sequential GET /functions/v1/api/leads?limit=20 vs GET /rest/v1/leads (count=exact), interleaved',
        },
      };
    } finally {
      await stack.close();
    }
  },
};
