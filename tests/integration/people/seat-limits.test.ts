// Seats bought are enforced (migration team_seat_limits), on PostgreSQL whatever TALENTG_TEST_DB_URL says,
// since the race needs connections that really run at once: two activations for the last seat in the
// database, many invitations for it through admin-users, and admin-users' refusals of an invitation,
// a reactivation and a role change beyond the seats. Seed: manager, tc1 and tc2 take 3 seats.
import type { SupabaseClient } from '@supabase/supabase-js';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningStack } from '../../../src/local-supabase/stack.js';
import {
  createDatabaseAt,
  PG_TEMPLATE_ENV,
  sharedClusterUrl,
  uniqueDatabaseName,
} from '../../support/pg-cluster.js';
import { clientFor, startTestStack } from '../../support/stack.js';
import { mailTo } from '../auth/mailbox-reader.js';
import { adminUsers, raiseToAal2, signedIn } from './people-fixtures.js';

const TC2_ID = '00000000-0000-4000-8000-000000000004';
const USER_ID = '00000000-0000-4000-8000-000000000005';
const MANAGER_ID = '00000000-0000-4000-8000-000000000002';

let stack: RunningStack;
let databaseUrl: string;
let admin: SupabaseClient;
let candidateId: string;
const connections: pg.Client[] = [];

async function connect(): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  connections.push(client);
  return client;
}

/** Seats in use and bought, as the admin's People screen reads them. */
async function seats(): Promise<{ seats_used: number; seats_bought: number | null }> {
  const { data, error } = await admin.rpc('seat_usage');
  if (error) throw error;
  return (data as { seats_used: number; seats_bought: number | null }[])[0]!;
}

async function buySeats(session: string, count: number): Promise<void> {
  await stack.db.query(
    `with bought as (
       insert into public.purchases (user_id, kind, seats, amount_total, currency, stripe_checkout_session_id,
                                     stripe_payment_intent_id)
       values ($1, 'seats', $2, 100, 'inr', $3, $4) returning id)
     insert into public.team_seats (purchase_id, bought_by, seats) select id, $1, $2 from bought`,
    [MANAGER_ID, count, `cs_${session}`, `pi_${session}`],
  );
}

async function activeFlag(id: string): Promise<boolean> {
  const { rows } = await stack.db.query<{ active: string }>(
    'select is_active::text as active from public.profiles where id = $1',
    [id],
  );
  return rows[0]?.active === 'true';
}

beforeAll(async () => {
  databaseUrl = await createDatabaseAt(
    sharedClusterUrl(),
    uniqueDatabaseName('seats'),
    process.env[PG_TEMPLATE_ENV] || undefined,
  );
  stack = await startTestStack({ db: databaseUrl, seed: true });
  admin = await signedIn(stack, 'admin@talentg.test');
  await raiseToAal2(admin);
  // A candidate (assessment-only user): takes no seat until made a telecaller.
  const created = await clientFor(stack, stack.serviceRoleKey).auth.admin.createUser({
    email: 'candidate@talentg.test',
    password: 'candidate-pass',
    email_confirm: true,
  });
  if (created.error) throw created.error;
  candidateId = created.data.user.id;
  await buySeats('four', 4);
}, 120_000);

afterAll(async () => {
  await Promise.all(connections.map((client) => client.end()));
  await stack?.close();
});

describe('the last seat, taken by two activations at once in the database', () => {
  it('lets the first take it and refuses the second, which waited for the first to commit', async () => {
    expect(await seats()).toEqual({ seats_used: 3, seats_bought: 4 });
    const first = await connect();
    const second = await connect();
    await first.query('begin');
    await second.query('begin');
    await first.query(`update public.profiles set role = 'telecaller' where id = $1`, [USER_ID]);
    const secondPid = (await second.query<{ pid: number }>('select pg_backend_pid() as pid'))
      .rows[0]!.pid;
    const racing = second
      .query(`update public.profiles set role = 'manager' where id = $1`, [candidateId])
      .then(
        () => null,
        (error: { hint?: string; message: string }) => error,
      );

    // The second waits on the seat lock the first holds until it commits (without the lock it would
    // count 3 in use, not seeing the first's uncommitted row, and take a fifth seat).
    const observer = await connect();
    await expect
      .poll(
        async () =>
          (
            await observer.query(
              `select 1 from pg_locks where pid = $1 and locktype = 'advisory' and not granted`,
              [secondPid],
            )
          ).rowCount,
        { timeout: 10_000 },
      )
      .toBe(1);
    await first.query('commit');
    const refused = await racing;
    await second.query('rollback');

    expect(refused).toMatchObject({
      hint: 'talentg:SEAT_LIMIT_REACHED',
      message:
        'All seats are taken: 4 of 4 in use. Buy more seats or deactivate a telecaller or manager first.',
    });
    expect(await seats()).toEqual({ seats_used: 4, seats_bought: 4 });
    // Free the seat again for the invitations below.
    await stack.db.query(`update public.profiles set role = 'user' where id = $1`, [USER_ID]);
  });
});

describe('admin-users and the seats', () => {
  it('gives the last seat to one of ten invitations sent at once; the nine others are refused and leave no account', async () => {
    expect(await seats()).toEqual({ seats_used: 3, seats_bought: 4 });
    const emails = Array.from({ length: 10 }, (_, i) => `racer${i}@talentg.test`);
    const answers = await Promise.all(
      emails.map((email, i) =>
        adminUsers(admin, { action: 'invite', email, full_name: `Racer ${i}`, role: 'telecaller' }),
      ),
    );
    const invited = answers.filter((answer) => answer.status === 200);
    const refused = answers.filter((answer) => answer.status !== 200);
    expect(invited).toHaveLength(1);
    expect(refused).toHaveLength(9);
    for (const answer of refused) {
      expect(answer).toMatchObject({
        status: 409,
        body: { success: false, error: { code: 'SEAT_LIMIT_REACHED' } },
      });
    }
    const { rows } = await stack.db.query<{ email: string }>(
      `select email from auth.users where email = any($1::text[])`,
      [emails],
    );
    expect(rows.map((row) => row.email)).toEqual([invited[0]!.body.data?.email]);
    expect(await seats()).toEqual({ seats_used: 4, seats_bought: 4 });
  });

  it('withdraws the account of an invitation that passed the first look but lost the seat at the database', async () => {
    await buySeats('fifth', 1);
    expect(await seats()).toEqual({ seats_used: 4, seats_bought: 5 });
    // An activation holds the fifth seat, uncommitted, while the invitation is sent.
    const holder = await connect();
    await holder.query('begin');
    await holder.query(`update public.profiles set role = 'telecaller' where id = $1`, [USER_ID]);
    const email = 'lost.the.race@talentg.test';
    const inviting = adminUsers(admin, {
      action: 'invite',
      email,
      full_name: 'Lost The Race',
      role: 'telecaller',
    });
    // The invitation's own profile change now waits on the seat lock the holder has.
    const observer = await connect();
    await expect
      .poll(
        async () =>
          (
            await observer.query(
              `select 1 from pg_locks where locktype = 'advisory' and not granted`,
            )
          ).rowCount,
        { timeout: 15_000 },
      )
      .toBe(1);
    await holder.query('commit');

    expect(await inviting).toMatchObject({
      status: 409,
      body: { error: { code: 'SEAT_LIMIT_REACHED' } },
    });
    // Auth had mailed the invitation; the account it names is gone, so its link leads nowhere.
    expect(await mailTo(stack, email)).toHaveLength(1);
    const { rowCount } = await stack.db.query(`select 1 from auth.users where email = $1`, [email]);
    expect(rowCount).toBe(0);

    await stack.db.query(`update public.profiles set role = 'user' where id = $1`, [USER_ID]);
    await stack.db.query(
      `delete from public.purchases where stripe_checkout_session_id = 'cs_fifth'`,
    );
    expect(await seats()).toEqual({ seats_used: 4, seats_bought: 4 });
  });

  it('refuses an invitation beyond the seats before Auth mails anyone, naming the seats; invites an admin or a user', async () => {
    const refused = await adminUsers(admin, {
      action: 'invite',
      email: 'one.too.many@talentg.test',
      full_name: 'One Too Many',
      role: 'manager',
    });
    expect(refused).toEqual({
      status: 409,
      body: {
        success: false,
        error: {
          code: 'SEAT_LIMIT_REACHED',
          message:
            'All seats are taken: 4 of 4 in use. Buy more seats or deactivate a telecaller or manager first.',
        },
      },
    });
    expect(await mailTo(stack, 'one.too.many@talentg.test')).toEqual([]);
    const { rowCount } = await stack.db.query(`select 1 from auth.users where email = $1`, [
      'one.too.many@talentg.test',
    ]);
    expect(rowCount).toBe(0);

    for (const role of ['admin', 'user']) {
      const answer = await adminUsers(admin, {
        action: 'invite',
        email: `seatless.${role}@talentg.test`,
        full_name: `Seatless ${role}`,
        role,
      });
      expect(answer).toMatchObject({ status: 200, body: { data: { role, is_active: true } } });
    }
  });

  it('refuses a reactivation or a role change into a seat, leaving the person as they were', async () => {
    const off = await adminUsers(admin, { action: 'set-active', user_id: TC2_ID, active: false });
    expect(off).toMatchObject({ status: 200, body: { data: { is_active: false } } });
    const promoted = await adminUsers(admin, {
      action: 'set-role',
      user_id: candidateId,
      role: 'telecaller',
    });
    expect(promoted).toMatchObject({ status: 200, body: { data: { role: 'telecaller' } } });

    const back = await adminUsers(admin, { action: 'set-active', user_id: TC2_ID, active: true });
    expect(back).toMatchObject({
      status: 409,
      body: { error: { code: 'SEAT_LIMIT_REACHED' } },
    });
    expect(await activeFlag(TC2_ID)).toBe(false);
    // Still banned in Auth: the refusal came before the ban was lifted.
    const signIn = await clientFor(stack, stack.anonKey).auth.signInWithPassword({
      email: 'tc2@talentg.test',
      password: 'talentg-demo',
    });
    expect(signIn.error).toMatchObject({ code: 'user_banned' });

    const { data } = await admin
      .from('profiles')
      .select('id')
      .eq('email', 'seatless.admin@talentg.test');
    const seatlessAdminId = (data as { id: string }[])[0]!.id;
    const adminToManager = await adminUsers(admin, {
      action: 'set-role',
      user_id: seatlessAdminId,
      role: 'manager',
    });
    expect(adminToManager).toMatchObject({
      status: 409,
      body: { error: { code: 'SEAT_LIMIT_REACHED' } },
    });
    const { rows } = await stack.db.query<{ role: string }>(
      'select role from public.profiles where id = $1',
      [seatlessAdminId],
    );
    expect(rows).toEqual([{ role: 'admin' }]);
  });

  it('after a refund below the people in seats, deactivates nobody and lets nobody new in', async () => {
    await stack.db.query(
      `update public.team_seats set revoked_at = now() where purchase_id =
         (select id from public.purchases where stripe_checkout_session_id = 'cs_four')`,
    );
    expect(await seats()).toEqual({ seats_used: 4, seats_bought: 0 });
    expect(await activeFlag(candidateId)).toBe(true);
    expect(await activeFlag(MANAGER_ID)).toBe(true);
    const back = await adminUsers(admin, { action: 'set-active', user_id: TC2_ID, active: true });
    expect(back).toMatchObject({ status: 409, body: { error: { code: 'SEAT_LIMIT_REACHED' } } });

    await buySeats('ten', 10);
    const now = await adminUsers(admin, { action: 'set-active', user_id: TC2_ID, active: true });
    expect(now).toMatchObject({ status: 200, body: { data: { is_active: true } } });
    expect(await seats()).toEqual({ seats_used: 5, seats_bought: 10 });
  });
});
