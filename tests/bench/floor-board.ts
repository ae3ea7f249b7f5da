// The floor board under a live floor (issue 12): 200 telecallers each report presence through
// floor_heartbeat every 15 s (about 13 beats a second, their states changing), while the demo manager
// reads floor_board through supabase-js, as floor:board does, on the embedded stack over PostgreSQL 15.
// Each telecaller has a month of calls and today's, so the board's calls and contacts today are real
// counts. Target: the board's p95 at most 200 ms. Baseline, alternating with each board read in the
// same process: the same 200 presence rows read plain through REST (floor_status, staff-only RLS).
import { createClient, type SupabaseClient } from '@supabase/supabase-js';
import pg from 'pg';
import WebSocket from 'ws';
import { startStack } from '../../src/local-supabase/stack.js';
import { createDatabaseAt, uniqueDatabaseName } from '../support/pg-cluster.js';
import { userToken } from '../support/realtime.js';
import { clientFor } from '../support/stack.js';
import { median, percentile, round, type Benchmark } from './metric.js';

const TELECALLERS = 200;
const BEAT_EVERY_MS = 15_000;
const HISTORY_CALLS = 200_000;
const CALLS_TODAY_EACH = 120;
const MEASURE_MS = 45_000;
const READ_GAP_MS = 150;
const TIME_ZONE = 'Asia/Kolkata';
const STATES = ['ready', 'on_call', 'wrap_up', 'paused'] as const;

function telecallerId(i: number): string {
  return `0000f100-0000-4000-8000-${String(i + 1).padStart(12, '0')}`;
}

function leadId(i: number): string {
  return `0000f1ea-0000-4000-8000-${String(i + 1).padStart(12, '0')}`;
}

/** The floor's people, leads and calls: a month of history and today's calls so far in TIME_ZONE. */
async function loadFloor(url: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    // Profiles come from the sign-up trigger, with the role from app_metadata.
    await client.query(
      `insert into auth.users (id, email, aud, role, raw_app_meta_data, raw_user_meta_data)
       select format('0000f100-0000-4000-8000-%s', lpad(g::text, 12, '0'))::uuid, 'floor' || g || '@talentg.test',
              'authenticated', 'authenticated', '{"provider": "email", "role": "telecaller"}',
              jsonb_build_object('full_name', 'Floor ' || lpad(g::text, 3, '0'))
         from generate_series(1, $1::int) g`,
      [TELECALLERS],
    );
    await client.query('set session_replication_role = replica');
    await client.query(
      `insert into public.leads (id, name, phone_e164, source, assigned_to)
       select format('0000f1ea-0000-4000-8000-%s', lpad(g::text, 12, '0'))::uuid, 'Floor lead ' || g,
              '+9197' || lpad(g::text, 8, '0'), 'bench',
              format('0000f100-0000-4000-8000-%s', lpad((g % $1::int + 1)::text, 12, '0'))::uuid
         from generate_series(1, $1::int * 50) g`,
      [TELECALLERS],
    );
    // Calls by the lead's telecaller; today's fall between the zone's midnight and now.
    await client.query(
      `with today as (select now() - (timezone($3, now())::date::timestamp at time zone $3) as so_far)
       insert into public.interactions (lead_id, type, disposition, duration_seconds, occurred_at, created_by)
       select format('0000f1ea-0000-4000-8000-%s', lpad((g % ($1::int * 50) + 1)::text, 12, '0'))::uuid, 'call',
              (array['NA','NA','B','A','CB','INT','NI','SALE','DEC','NA'])[1 + (hashtext('d' || g) & 1023) % 10],
              (g * 7) % 900,
              case when g <= $1::int * $4::int
                   then now() - ((hashtext('t' || g) & 1023) / 1024.0) * today.so_far
                   else now() - today.so_far - ((hashtext('t' || g) & 2147483647) % (30 * 86400)) * interval '1 second'
              end,
              format('0000f100-0000-4000-8000-%s', lpad(((g % ($1::int * 50)) % $1::int + 1)::text, 12, '0'))::uuid
         from generate_series(1, $2::int + $1::int * $4::int) g, today`,
      [TELECALLERS, HISTORY_CALLS, TIME_ZONE, CALLS_TODAY_EACH],
    );
    await client.query('set session_replication_role = origin');
    await client.query('select private.kpi_slots_rebuild()');
    await client.query('vacuum analyze public.interactions, public.leads, public.profiles');
  } finally {
    await client.end();
  }
}

/** A supabase-js client that sends one telecaller's access token, as their signed-in workstation does. */
function clientWithToken(url: string, anonKey: string, token: string): SupabaseClient {
  return createClient(url, anonKey, {
    auth: { persistSession: false, autoRefreshToken: false, detectSessionInUrl: false },
    global: { headers: { Authorization: `Bearer ${token}` } },
    realtime: { transport: WebSocket as never },
  });
}

interface Beats {
  took: number[];
  failed: number;
  stop(): Promise<void>;
}

/** Every telecaller beats every 15 s, staggered over the interval, each beat a new random state. */
function startHeartbeats(telecallers: SupabaseClient[]): Beats {
  const beats: Beats = { took: [], failed: 0, stop: async () => {} };
  const inFlight = new Set<Promise<void>>();
  const timers: NodeJS.Timeout[] = [];
  const beat = (client: SupabaseClient, i: number, n: number) => {
    const state = STATES[(i + n) % STATES.length]!;
    const started = performance.now();
    const request = Promise.resolve(
      client.rpc('floor_heartbeat', {
        p_state: state,
        p_since: new Date().toISOString(),
        p_lead_id: state === 'on_call' || state === 'wrap_up' ? leadId(i) : null,
        p_pause_reason: state === 'paused' ? 'Break' : null,
        p_pending_writes: n % 3,
      }),
    ).then(({ error }) => {
      if (error) beats.failed += 1;
      else beats.took.push(performance.now() - started);
    });
    inFlight.add(request);
    void request.finally(() => inFlight.delete(request));
  };
  telecallers.forEach((client, i) => {
    let n = 0;
    const first = setTimeout(() => {
      beat(client, i, n++);
      timers.push(setInterval(() => beat(client, i, n++), BEAT_EVERY_MS));
    }, (i * BEAT_EVERY_MS) / telecallers.length);
    timers.push(first);
  });
  beats.stop = async () => {
    for (const timer of timers) clearTimeout(timer);
    await Promise.all([...inFlight]);
  };
  return beats;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function timed(read: () => PromiseLike<{ error: { message: string } | null }>, what: string): Promise<number> {
  const started = performance.now();
  const { error } = await read();
  if (error) throw new Error(`${what}: ${error.message}`);
  return performance.now() - started;
}

export const floorBoardUnderHeartbeats: Benchmark = {
  name: 'floor_board_p95_200_telecallers_ms',
  async run({ postgres, log }) {
    const cluster = await postgres();
    const db = await createDatabaseAt(cluster.baseUrl, uniqueDatabaseName('bench_floor'));
    const stack = await startStack({ db, seed: true, port: 0 });
    let beats: Beats | undefined;
    try {
      const loadStarted = performance.now();
      await loadFloor(db);
      log(`loaded ${TELECALLERS} telecallers and ${HISTORY_CALLS + TELECALLERS * CALLS_TODAY_EACH} calls ` +
        `in ${round(performance.now() - loadStarted)} ms`);
      const manager = clientFor(stack, stack.anonKey);
      const { error: signInError } = await manager.auth.signInWithPassword({
        email: 'manager@talentg.test',
        password: 'talentg-demo',
      });
      if (signInError) throw signInError;
      const telecallers = await Promise.all(
        Array.from({ length: TELECALLERS }, async (_, i) =>
          clientWithToken(stack.url, stack.anonKey, await userToken(stack, telecallerId(i)))),
      );
      const readBoard = () => manager.rpc('floor_board', { p_time_zone: TIME_ZONE });
      const readPlain = () => manager.from('floor_status').select('*');

      beats = startHeartbeats(telecallers);
      // One full round of beats first, so every telecaller is on the board before it is timed.
      await sleep(BEAT_EVERY_MS);
      const board: number[] = [];
      const plain: number[] = [];
      const until = performance.now() + MEASURE_MS;
      while (performance.now() < until) {
        board.push(await timed(readBoard, 'floor_board'));
        plain.push(await timed(readPlain, 'floor_status'));
        await sleep(READ_GAP_MS);
      }
      await beats.stop();

      const { data, error } = await readBoard();
      if (error) throw new Error(`floor_board: ${error.message}`);
      const people = (data as { people: { role: string; freshness: string; calls_today: number }[] }).people
        .filter((person) => person.role === 'telecaller');
      const live = people.filter((person) => person.freshness === 'live').length;
      const callsToday = people.reduce((sum, person) => sum + person.calls_today, 0);
      if (live < TELECALLERS) throw new Error(`the board shows ${live} of ${TELECALLERS} telecallers live`);
      if (beats.failed > 0) throw new Error(`${beats.failed} heartbeats failed`);
      log(`board p95 ${round(percentile(board, 0.95))} ms (median ${round(median(board))}), ` +
        `plain p95 ${round(percentile(plain, 0.95))} ms, beats p95 ${round(percentile(beats.took, 0.95))} ms ` +
        `over ${beats.took.length} beats; ${callsToday} calls today on the board`);
      return {
        value: round(percentile(board, 0.95)),
        unit: 'ms',
        target: 200,
        baseline: round(percentile(plain, 0.95)),
        details: {
          board_median_ms: round(median(board)),
          plain_read_median_ms: round(median(plain)),
          ratio_p95_vs_plain_read: round(percentile(board, 0.95) / percentile(plain, 0.95)),
          ratio_median_vs_plain_read: round(median(board) / median(plain)),
          reads: board.length,
          heartbeat_median_ms: round(median(beats.took)),
          heartbeat_p95_ms: round(percentile(beats.took, 0.95)),
          heartbeats: beats.took.length,
          calls_today_on_board: callsToday,
          method:
            `floor_board('${TIME_ZONE}') through supabase-js as the demo manager, every ${READ_GAP_MS} ms for ` +
            `${MEASURE_MS / 1000} s while ${TELECALLERS} telecallers (supabase-js, own tokens) call floor_heartbeat ` +
            `every ${BEAT_EVERY_MS / 1000} s each, staggered; ${HISTORY_CALLS} calls of history and ` +
            `${CALLS_TODAY_EACH} today per telecaller; baseline: select * from floor_status through REST, ` +
            'alternating with each board read.',
        },
      };
    } finally {
      await beats?.stop();
      await stack.close();
    }
  },
};
