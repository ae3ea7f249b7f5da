import { createHmac } from 'node:crypto';
import { startStack } from '../../src/local-supabase/stack.js';
import { uniqueDatabaseName } from '../support/pg-cluster.js';
import { percentile, round, type Benchmark } from './metric.js';
import { canReadProcessCpu, cpuPerUnit, postmasterPid, processCpu } from './process-cpu.js';

// WordPress lead intake on the embedded stack over PostgreSQL 15: signed webhooks offered at a steady
// 200 a second (open loop: each is sent on schedule whether or not earlier ones have answered, as form
// sites do), with every tenth a redelivery of an earlier submission id and every twentieth a number
// already taken in (merges), so dedupe and merge are on the path. The baseline is the health function
// offered the same way in the same process: a function round trip plus its own three checks (one
// database RPC, then Auth's and Storage's health reads at once).

const SECRET = 'bench-wordpress-secret';
const RATE_PER_S = 200;
const WARMUP_S = 3;
const MEASURED_S = 15;
// Then the most it answers, closed loop: this many senders, each waiting for its answer.
const CAPACITY_SENDERS = 16;
const CAPACITY_S = 8;

interface Offered {
  latenciesMs: number[];
  /** Answers per second over the measured part, from its first send to its last answer. */
  achievedPerS: number;
  failures: string[];
}

/** Sends `count` requests `1000 / rate` ms apart (never waiting for answers) and times each to its answer. */
async function offer(count: number, send: (i: number) => Promise<number>): Promise<Offered> {
  const gapMs = 1000 / RATE_PER_S;
  const started = performance.now();
  const latenciesMs: number[] = [];
  const failures: string[] = [];
  const inFlight: Promise<void>[] = [];
  for (let i = 0; i < count; i++) {
    const due = started + i * gapMs;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    const sent = performance.now();
    inFlight.push(
      // A failure counts at the time it took, so a server that cannot keep up shows in the p95.
      send(i).then(
        (status) => {
          latenciesMs.push(performance.now() - sent);
          if (status >= 300) failures.push(`#${i}: status ${status}`);
        },
        (error: unknown) => {
          latenciesMs.push(performance.now() - sent);
          failures.push(`#${i}: ${String(error)}`);
        },
      ),
    );
  }
  await Promise.all(inFlight);
  return { latenciesMs, achievedPerS: count / ((performance.now() - started) / 1000), failures };
}

/** Answers per second with `senders` each sending its next request as soon as the last is answered. */
async function capacity(
  senders: number,
  seconds: number,
  firstIndex: number,
  send: (i: number) => Promise<number>,
): Promise<number> {
  const until = performance.now() + seconds * 1000;
  let next = firstIndex;
  let answered = 0;
  await Promise.all(
    Array.from({ length: senders }, async () => {
      while (performance.now() < until) {
        const status = await send(next++);
        if (status < 300) answered += 1;
      }
    }),
  );
  return answered / seconds;
}

export const leadIntakeP95: Benchmark = {
  name: 'lead_intake_p95_at_200_per_s_ms',
  async run({ postgres, log }) {
    const cluster = await postgres();
    const databaseUrl = await cluster.createDatabase(uniqueDatabaseName('bench_intake'));
    const stack = await startStack({
      db: databaseUrl,
      seed: true,
      port: 0,
      // One sender address at 200/s: the limiter still counts every request, it just never refuses.
      functionsEnv: {
        WORDPRESS_WEBHOOK_SECRET: SECRET,
        WORDPRESS_INTAKE_RATE_LIMIT: '1000000/60',
        HEALTH_RATE_LIMIT: '1000000/60',
      },
    });
    try {
      const health = (_i: number) =>
        fetch(`${stack.url}/functions/v1/health`, {
          headers: { authorization: `Bearer ${stack.anonKey}` },
        }).then(async (response) => (await response.arrayBuffer(), response.status));

      let fresh = 0;
      const intake = (i: number) => {
        // Every 10th re-sends an earlier id (dedupe); every 20th a new id with an earlier number (merge).
        const id = i % 10 === 9 ? i - 5 : i;
        const number = i % 20 === 0 && i > 0 ? i - 7 : id;
        if (id === i) fresh += 1;
        const rawBody = JSON.stringify({
          submission_id: `bench-${id}`,
          name: `Bench Lead ${id}`,
          email: `lead${id}@example.com`,
          phone: `98${String(10_000_000 + number).slice(-8)}`,
          company: 'Bench Pvt Ltd',
          source: 'bench-form',
        });
        const timestamp = Math.floor(Date.now() / 1000);
        const signature = createHmac('sha256', SECRET)
          .update(`${timestamp}.${rawBody}`)
          .digest('hex');
        return fetch(`${stack.url}/functions/v1/wordpress-lead-intake`, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            'x-talentg-timestamp': String(timestamp),
            'x-talentg-signature': `sha256=${signature}`,
          },
          body: rawBody,
        }).then(async (response) => (await response.arrayBuffer(), response.status));
      };

      log(`health function: ${WARMUP_S} s warm-up, then ${MEASURED_S} s at ${RATE_PER_S}/s`);
      await offer(WARMUP_S * RATE_PER_S, health);
      const baseline = await offer(MEASURED_S * RATE_PER_S, health);
      const healthCapacity = await capacity(CAPACITY_SENDERS, CAPACITY_S, 0, health);
      log(`lead intake: ${WARMUP_S} s warm-up, then ${MEASURED_S} s at ${RATE_PER_S}/s`);
      // Warm-up and capacity ids are their own ranges, so the measured part starts from an empty intake log.
      await offer(WARMUP_S * RATE_PER_S, (i) => intake(1_000_000 + i));
      fresh = 0;
      // CPU per webhook per process over the measured part (Linux): work done, which the shared machine's
      // load disturbs far less than the p95. The load generator runs in this process, so `node` holds it too.
      const postgresPid = canReadProcessCpu() ? postmasterPid(cluster.dataDir) : undefined;
      const cpuBefore = postgresPid === undefined ? undefined : processCpu(postgresPid);
      const measured = await offer(MEASURED_S * RATE_PER_S, intake);
      const cpu =
        postgresPid === undefined || !cpuBefore
          ? undefined
          : cpuPerUnit(cpuBefore, processCpu(postgresPid), measured.latenciesMs.length);
      const freshMeasured = fresh;
      const intakeCapacity = await capacity(CAPACITY_SENDERS, CAPACITY_S, 2_000_000, intake);
      for (const failure of [...baseline.failures, ...measured.failures].slice(0, 3)) {
        log(`failed: ${failure}`);
      }
      const p95 = percentile(measured.latenciesMs, 0.95);
      const healthP95 = percentile(baseline.latenciesMs, 0.95);
      log(
        `intake p95 ${p95.toFixed(1)} ms at ${measured.achievedPerS.toFixed(0)}/s; health p95 ${healthP95.toFixed(1)} ms`,
      );
      return {
        value: round(p95),
        unit: 'ms',
        target: 50,
        baseline: round(healthP95),
        details: {
          offered_per_s: RATE_PER_S,
          achieved_per_s: round(measured.achievedPerS),
          webhooks: measured.latenciesMs.length,
          failed: measured.failures.length,
          health_failed: baseline.failures.length,
          new_submissions: freshMeasured,
          intake_capacity_per_s: round(intakeCapacity),
          health_capacity_per_s: round(healthCapacity),
          intake_p50_ms: round(percentile(measured.latenciesMs, 0.5)),
          intake_p99_ms: round(percentile(measured.latenciesMs, 0.99)),
          health_p50_ms: round(percentile(baseline.latenciesMs, 0.5)),
          health_achieved_per_s: round(baseline.achievedPerS),
          ...(cpu
            ? {
                cpu_ms_per_webhook_postgres: round(cpu.postgres),
                cpu_ms_per_webhook_deno: round(cpu.deno),
                cpu_ms_per_webhook_node_stack_and_sender: round(cpu.node),
              }
            : {}),
          database: 'PostgreSQL 15 (throwaway cluster), demo seed, one sender address',
        },
      };
    } finally {
      await stack.close();
    }
  },
};
