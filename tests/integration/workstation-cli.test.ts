// `npx talentg workstation ...` (DESIGN.md §7): the headless core, run as a person or a script would.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningStack } from '../../src/local-supabase/stack.js';
import { startSeededStack } from '../support/services-rig.js';
import { spawnTalentg } from './talentg-process.js';

let stack: RunningStack;
const dataDir = mkdtempSync(path.join(os.tmpdir(), 'talentg-cli-'));

beforeAll(async () => {
  // The floor calls all day, every day: the queue must have leads whatever the hour of the run.
  stack = await startSeededStack();
});
afterAll(async () => {
  await stack?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

async function workstation(...args: string[]) {
  const proc = spawnTalentg([
    'workstation',
    '--data-dir',
    dataDir,
    '--url',
    stack.url,
    '--anon-key',
    stack.anonKey,
    ...args,
  ]);
  const code = await proc.exited;
  return { code, stdout: proc.stdout(), stderr: proc.stderr() };
}

describe('talentg workstation', () => {
  it('refuses a wrong password with the reason and exit 1', async () => {
    const run = await workstation('login', '--email', 'tc1@talentg.test', '--password', 'wrong');
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('SIGN_IN_FAILED');
  });

  it('logs in, shows the queue, logs a call offline-first, syncs it and reports status', async () => {
    const login = await workstation(
      'login',
      '--email',
      'tc1@talentg.test',
      '--password',
      'talentg-demo',
      '--json',
    );
    expect(login.code, login.stderr).toBe(0);
    expect(JSON.parse(login.stdout)).toMatchObject({
      session: { status: 'signed_in', user: { email: 'tc1@talentg.test', role: 'telecaller' } },
      sync: { phase: 'idle', last_error: null },
    });

    const queue = await workstation('queue', '--json', '--limit', '50');
    expect(queue.code, queue.stderr).toBe(0);
    const entries = JSON.parse(queue.stdout) as { lead_id: string; reason: string }[];
    expect(entries.length).toBeGreaterThan(0);
    expect(['callback_overdue', 'callback_due', 'new', 'recycled']).toContain(entries[0]!.reason);
    // A lead of tc1's without a pending callback, from the server (the queue shows only leads inside
    // their calling hours, which depends on the hour the test runs): the call is the one change waiting.
    const { rows: plain } = await stack.db.query<{ id: string }>(
      `select l.id from public.leads l join public.profiles p on p.id = l.assigned_to
        where p.email = 'tc1@talentg.test' and l.status = 'new' and not l.do_not_call
          and not exists (select 1 from public.callbacks c where c.lead_id = l.id and c.state = 'pending')
          and not exists (select 1 from public.dnc_list d where d.phone_e164 = l.phone_e164)
        order by l.id limit 1`,
    );
    expect(plain).toHaveLength(1);
    const fresh = { lead_id: plain[0]!.id };

    const logged = await workstation(
      'log-call',
      '--lead',
      fresh!.lead_id,
      '--outcome',
      'NA',
      '--notes',
      'from the CLI',
      '--json',
    );
    expect(logged.code, logged.stderr).toBe(0);
    const { interaction, pending } = JSON.parse(logged.stdout) as {
      interaction: { id: string; sync_state: string };
      pending: number;
    };
    expect(interaction.sync_state).toBe('pending');
    expect(pending).toBe(1);
    const interactionId = interaction.id;

    const before = JSON.parse((await workstation('status', '--json')).stdout) as {
      pending: number;
    };
    expect(before.pending).toBe(1);

    const sync = await workstation('sync', '--once', '--json');
    expect(sync.code, sync.stderr).toBe(0);
    expect(JSON.parse(sync.stdout)).toMatchObject({ phase: 'idle', pending: 0, last_error: null });

    const { rows } = await stack.db.query<{ content: string }>(
      'select content from public.interactions where id = $1',
      [interactionId],
    );
    expect(rows).toEqual([{ content: 'from the CLI' }]);

    const after = JSON.parse((await workstation('status', '--json')).stdout) as Record<
      string,
      unknown
    >;
    expect(after).toMatchObject({ pending: 0, dead_letters: 0, session: 'signed_in' });
    expect(after.cursor).toEqual(expect.any(String));
    expect(after.last_push_at).toEqual(expect.any(String));
  });

  it('closes the due callback a call answers, in the same local commit, and on the server with the next sync', async () => {
    // From the server, not the queue: whether a lead is callable now depends on the hour in its zone.
    const { rows: overdue } = await stack.db.query<{ lead_id: string }>(
      `select c.lead_id from public.callbacks c join public.leads l on l.id = c.lead_id
        join public.profiles p on p.id = l.assigned_to
        where p.email = 'tc1@talentg.test' and c.state = 'pending' and c.due_at <= now()
        limit 1`,
    );
    expect(overdue.length, 'the demo data gives tc1 an overdue callback').toBe(1);
    const leadId = overdue[0]!.lead_id;
    const { rows: open } = await stack.db.query<{ id: string }>(
      "select id from public.callbacks where lead_id = $1 and state = 'pending' and due_at <= now() + interval '5 minutes'",
      [leadId],
    );

    const logged = await workstation('log-call', '--lead', leadId, '--outcome', 'NA', '--json');
    expect(logged.code, logged.stderr).toBe(0);
    // The call and each callback it kept wait together; nothing else was asked of the core.
    expect((JSON.parse(logged.stdout) as { pending: number }).pending).toBe(1 + open.length);

    const sync = await workstation('sync', '--once', '--json');
    expect(JSON.parse(sync.stdout)).toMatchObject({ pending: 0, last_error: null });
    const { rows: after } = await stack.db.query<{ state: string }>(
      'select state from public.callbacks where id = any($1::uuid[])',
      [open.map((row) => row.id)],
    );
    expect(after.map((row) => row.state)).toEqual(open.map(() => 'done'));
  });

  it('refuses an unknown disposition locally with its code', async () => {
    const queue = JSON.parse((await workstation('queue', '--json', '--limit', '1')).stdout) as {
      lead_id: string;
    }[];
    const run = await workstation('log-call', '--lead', queue[0]!.lead_id, '--outcome', 'NOPE');
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('DISPOSITION_UNKNOWN');
  });

  // Ten CLI processes in a row: each starts the core afresh, so it gets two minutes on a busy machine.
  it('lists a refused call, retries it once the number is off the list, and dismisses nothing twice', async () => {
    const queue = JSON.parse((await workstation('queue', '--json', '--limit', '3')).stdout) as {
      lead_id: string;
    }[];
    const leadId = queue.at(-1)!.lead_id;
    const { rows } = await stack.db.query<{ phone_e164: string }>(
      'select phone_e164 from public.leads where id = $1',
      [leadId],
    );
    await stack.db.query(
      `insert into public.dnc_list (phone_e164, reason) values ($1, 'cli test')`,
      [rows[0]!.phone_e164],
    );
    await new Promise((resolve) => setTimeout(resolve, 20));
    const logged = await workstation('log-call', '--lead', leadId, '--outcome', 'NA', '--json');
    expect(logged.code, logged.stderr).toBe(0);
    expect((await workstation('sync', '--once')).code).toBe(0);

    const letters = JSON.parse((await workstation('dead-letters', '--json')).stdout) as {
      dead_letters: { seq: number; lead_id: string }[];
    };
    const seq = letters.dead_letters.find((letter) => letter.lead_id === leadId)?.seq;
    expect(seq).toEqual(expect.any(Number));
    const listed = await workstation('dead-letters');
    expect(listed.stdout).toContain(`#${seq} log_call rejected DNC_LEAD`);
    await stack.db.query('delete from public.dnc_list where phone_e164 = $1', [
      rows[0]!.phone_e164,
    ]);
    const retried = await workstation('dead-letters', 'retry', String(seq));
    expect(retried.code, retried.stderr).toBe(0);
    expect(retried.stdout).toMatch(new RegExp(`^#${seq} queued again as #\\d+`));
    const sync = await workstation('sync', '--once', '--json');
    expect(JSON.parse(sync.stdout)).toMatchObject({
      phase: 'idle',
      pending: 0,
      dead_letters: 0,
      last_error: null,
    });
    expect(JSON.parse((await workstation('status', '--json')).stdout)).toMatchObject({
      pending: 0,
      dead_letters: 0,
    });

    const twice = await workstation('dead-letters', 'dismiss', String(seq));
    expect(twice.code).toBe(1);
    expect(twice.stderr).toContain('DEAD_LETTER_NOT_FOUND');
    const bad = await workstation('dead-letters', 'forget', '1');
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toContain('dead-letters retry <seq>');
  }, 120_000);

  it('doctor checks each part and passes on a healthy workstation', async () => {
    const run = await workstation('doctor');
    expect(run.code, run.stdout + run.stderr).toBe(0);
    for (const check of [
      'data directory',
      'server',
      'session',
      'cache',
      'token',
      'database',
      'sync functions',
    ]) {
      expect(run.stdout).toMatch(new RegExp(`^ok +${check}:`, 'm'));
    }
  });

  it('answers OFFLINE for a server that is down, in one line and without a stack trace', async () => {
    const down = mkdtempSync(path.join(os.tmpdir(), 'talentg-cli-down-'));
    try {
      const proc = spawnTalentg([
        'workstation',
        '--data-dir',
        down,
        '--url',
        'http://127.0.0.1:9',
        '--anon-key',
        stack.anonKey,
        'login',
        '--email',
        'tc1@talentg.test',
        '--password',
        'talentg-demo',
      ]);
      expect(await proc.exited).toBe(1);
      expect(proc.stderr().trim()).toMatch(/^OFFLINE: [^\n]+$/);
      expect(proc.stderr()).not.toContain('TypeError');
    } finally {
      rmSync(down, { recursive: true, force: true });
    }
  });

  it('doctor names the unreachable URL and its cause, and a data directory login will create', async () => {
    const proc = spawnTalentg([
      'workstation',
      '--data-dir',
      path.join(dataDir, 'not-yet'),
      '--url',
      'http://127.0.0.1:9',
      '--anon-key',
      stack.anonKey,
      'doctor',
    ]);
    expect(await proc.exited).toBe(1);
    expect(proc.stdout()).toMatch(
      /^ok +data directory: .*not-yet does not exist yet; login creates it/m,
    );
    expect(proc.stdout()).toMatch(
      /^FAIL server: http:\/\/127\.0\.0\.1:9\/auth\/v1\/health cannot be reached: \S/m,
    );
    expect(proc.stdout()).not.toContain('fetch failed');
  });

  it("says why a manager's queue is empty instead of printing nothing", async () => {
    const staffDir = mkdtempSync(path.join(os.tmpdir(), 'talentg-cli-manager-'));
    const as = (...args: string[]) =>
      spawnTalentg([
        'workstation',
        '--data-dir',
        staffDir,
        '--url',
        stack.url,
        '--anon-key',
        stack.anonKey,
        ...args,
      ]);
    try {
      const login = as('login', '--email', 'manager@talentg.test', '--password', 'talentg-demo');
      expect(await login.exited, login.stderr()).toBe(0);
      const queue = as('queue');
      expect(await queue.exited).toBe(0);
      expect(queue.stdout()).toMatch(
        /^The queue is empty: \d+ leads are cached for you to oversee, none assigned to you to call\.$/m,
      );
    } finally {
      rmSync(staffDir, { recursive: true, force: true });
    }
  });

  it("explains a negative --duration and a lower-case disposition code, by the contract's rules", async () => {
    const queue = JSON.parse((await workstation('queue', '--json', '--limit', '1')).stdout) as {
      lead_id: string;
    }[];
    const lead = queue[0]!.lead_id;
    const negative = await workstation(
      'log-call',
      '--lead',
      lead,
      '--outcome',
      'NA',
      '--duration',
      '-5',
    );
    expect(negative.code).toBe(2);
    expect(negative.stderr).toContain(
      '--duration got "-5", which looks like an option; a value starting with "-" is written --duration=-5',
    );
    const written = await workstation(
      'log-call',
      '--lead',
      lead,
      '--outcome',
      'NA',
      '--duration=-5',
    );
    expect(written.code).toBe(1);
    expect(written.stderr).toMatch(
      /^INVALID_REQUEST: The arguments of calls:log are not valid\. duration_seconds: /,
    );
    const lower = await workstation('log-call', '--lead', lead, '--outcome', 'na');
    expect(lower.code).toBe(1);
    expect(lower.stderr).toMatch(
      /INVALID_REQUEST: The arguments of calls:log are not valid\. disposition: Codes are short upper-case words like NA or SALE\./,
    );
  });
});
