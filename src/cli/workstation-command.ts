// `talentg workstation`: the same core as the app, headless (DESIGN.md §7).
import { parseCommandArgs, UsageError, type Command } from './command.js';
import { waitForStopSignal } from './stop-signal.js';
import { runDoctor } from './workstation-doctor.js';
import { Workstation } from '../workstation/workstation.js';
import type { SyncProgress } from '../workstation/sync/engine.js';

const usage = `Usage: talentg workstation --data-dir <dir> --url <url> --anon-key <key> <command>

Commands:
  login --email <e> --password <p>   sign in and download this user's leads
  logout                             sign out; pending changes stay in the cache
  queue [--json] [--limit <n>]       the call queue from the local cache (no network)
  log-call --lead <id> --outcome <code> [--notes <text>] [--duration <s>] [--callback <iso>]
                                     log a call locally; it is pushed by the next sync
  sync [--once]                      push and pull; without --once keep syncing until stopped
  status [--json]                    pending changes, dead letters, cursor, last push and pull
  dead-letters [--json]              changes the server refused, with the reason
  dead-letters retry <seq>           queue a refused change again, for the server to judge again
  dead-letters dismiss <seq>         mark a refused change seen (it stays on the lead's history)
  adopt-server                       set a cache filled from another database aside and start a fresh one
  doctor                             check the data directory, the cache, the server and the session`;

const globalOptions = {
  'data-dir': { type: 'string' },
  url: { type: 'string' },
  'anon-key': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
  json: { type: 'boolean' },
  email: { type: 'string' },
  password: { type: 'string' },
  limit: { type: 'string' },
  lead: { type: 'string' },
  outcome: { type: 'string' },
  notes: { type: 'string' },
  duration: { type: 'string' },
  callback: { type: 'string' },
  once: { type: 'boolean' },
  'sync-interval': { type: 'string' },
} as const;

type Values = ReturnType<typeof parseCommandArgs<typeof globalOptions>>['values'];

function required(
  values: Values,
  name: 'data-dir' | 'url' | 'anon-key' | 'email' | 'password' | 'lead' | 'outcome',
): string {
  const value = values[name];
  if (typeof value !== 'string' || value === '') throw new UsageError(`--${name} is required`);
  return value;
}

function integerOption(value: string | undefined, name: string, fallback: number): number {
  if (value === undefined) return fallback;
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 0)
    throw new UsageError(`--${name} must be a whole number`);
  return parsed;
}

function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value)}\n`);
}

function progressLine(progress: SyncProgress): string {
  const total = progress.total === null ? '' : `/${progress.total}`;
  const error = progress.error ? ` — ${progress.error.code}: ${progress.error.message}` : '';
  return `sync ${progress.phase} ${progress.done}${total} (pending ${progress.pending}, dead letters ${progress.dead_letters})${error}`;
}

export const workstationCommand: Command = {
  name: 'workstation',
  summary: 'the headless workstation core: login, queue, log-call, sync, status, doctor',
  usage,
  async run(argv) {
    const { values, positionals } = parseCommandArgs(argv, globalOptions);
    if (values.help) {
      console.log(usage);
      return 0;
    }
    const [sub, ...extra] = positionals;
    if (sub === undefined)
      throw new UsageError('a command is required (login, queue, log-call, sync, status, doctor)');
    if (extra.length > 0 && sub !== 'dead-letters')
      throw new UsageError(`unexpected argument "${extra[0]}"`);
    const json = values.json === true;
    const periodicMs = integerOption(values['sync-interval'], 'sync-interval', 30_000);
    const workstation = await Workstation.open({
      dataDir: required(values, 'data-dir'),
      url: required(values, 'url'),
      anonKey: required(values, 'anon-key'),
      sync: { periodicMs },
    });
    if (!json) {
      workstation.onProgress((progress) => process.stderr.write(`${progressLine(progress)}\n`));
    }
    try {
      switch (sub) {
        case 'login':
          return await login(workstation, values, json);
        case 'logout':
          await workstation.signOut();
          console.log("Signed out; pending changes stay in this workstation's cache.");
          return 0;
        case 'queue':
          return queue(workstation, values, json);
        case 'log-call':
          return logCall(workstation, values, json);
        case 'sync':
          return await sync(workstation, values.once === true, json);
        case 'status':
          if (json) printJson(workstation.status());
          else console.log(formatStatus(workstation));
          return 0;
        case 'dead-letters':
          return extra.length === 0
            ? deadLetters(workstation, json)
            : settleDeadLetter(workstation, extra, json);
        case 'adopt-server': {
          const adopted = await workstation.adoptServer();
          if (json) printJson(adopted);
          else if (!adopted.ok) console.error(`${adopted.code}: ${adopted.message}`);
          else {
            console.log(
              `The old cache is kept as ${adopted.keptAs} with ${adopted.pendingKept} pending change(s); ` +
                `a fresh one syncs with ${required(values, 'url')}.`,
            );
          }
          return adopted.ok ? 0 : 1;
        }
        case 'doctor':
          return await runDoctor(workstation, {
            dataDir: required(values, 'data-dir'),
            url: required(values, 'url'),
            anonKey: required(values, 'anon-key'),
          });
        default:
          throw new UsageError(`unknown command "${sub}"`);
      }
    } finally {
      await workstation.close();
    }
  },
};

async function login(workstation: Workstation, values: Values, json: boolean): Promise<number> {
  const answer = await workstation.signIn(required(values, 'email'), required(values, 'password'));
  if (!answer.ok) {
    console.error(`${answer.code}: ${answer.message}`);
    return 1;
  }
  const round = await workstation.syncOnce();
  if (json) printJson({ user: answer.user, sync: round });
  else {
    console.log(`Signed in as ${answer.user.email} (${answer.user.role}).`);
    if (!round.ok) console.log(`First sync did not finish (${round.error?.code}); run sync later.`);
  }
  return 0;
}

function queue(workstation: Workstation, values: Values, json: boolean): number {
  const limit = integerOption(values.limit, 'limit', 25);
  const entries = workstation.cache.queue({ now: Date.now(), limit });
  const rows = entries.map(({ lead, reason, dueAt }) => ({
    lead_id: lead.id,
    name: lead.name,
    phone_e164: lead.phone_e164,
    status: lead.status,
    reason,
    due_at: dueAt === undefined ? null : new Date(dueAt).toISOString(),
    attempts: lead.attempts,
  }));
  if (json) printJson(rows);
  else if (rows.length === 0) console.log(emptyQueueLine(workstation));
  else
    for (const row of rows)
      console.log(
        `${row.reason.padEnd(17)} ${row.phone_e164.padEnd(16)} ${row.name}  ${row.lead_id}`,
      );
  return 0;
}

/** Why there is nothing to call: nothing downloaded yet, nothing due, or nothing assigned to this person. */
function emptyQueueLine(workstation: Workstation): string {
  const user = workstation.session.currentUser();
  const cached = workstation.cache.cachedLeadCount();
  if (cached === 0) return 'The queue is empty: no leads are cached yet (run sync).';
  const staff = user?.role === 'manager' || user?.role === 'admin';
  return staff
    ? `The queue is empty: ${cached} leads are cached for you to oversee, none assigned to you to call.`
    : `The queue is empty: none of your ${cached} cached leads can be called now (callbacks not due, recycled leads not back yet).`;
}

function logCall(workstation: Workstation, values: Values, json: boolean): number {
  const callback = values.callback;
  let callbackAt: number | undefined;
  if (callback !== undefined) {
    callbackAt = Date.parse(callback);
    if (Number.isNaN(callbackAt))
      throw new UsageError('--callback must be an ISO date-time, e.g. 2026-11-25T10:30:00+05:30');
  }
  const duration =
    values.duration === undefined ? undefined : integerOption(values.duration, 'duration', 0);
  const done = workstation.cache.logCall({
    leadId: required(values, 'lead'),
    disposition: required(values, 'outcome'),
    now: Date.now(),
    ...(values.notes === undefined ? {} : { notes: values.notes }),
    ...(duration === undefined ? {} : { durationSeconds: duration }),
    ...(callbackAt === undefined ? {} : { callbackAt }),
  });
  if (!done.ok) {
    if (json) printJson({ ok: false, code: done.code, message: done.message });
    else console.error(`${done.code}: ${done.message}`);
    return 1;
  }
  const pending = workstation.cache.health().pending;
  if (json)
    printJson({
      ok: true,
      seq: done.seq,
      interaction_id: done.interaction.id,
      lead_id: done.lead.id,
      pending,
    });
  else console.log(`Logged (change #${done.seq}, ${pending} waiting to sync).`);
  return 0;
}

async function sync(workstation: Workstation, once: boolean, json: boolean): Promise<number> {
  if (once) {
    const round = await workstation.syncOnce();
    if (json) printJson(round);
    else if (round.ok)
      console.log(
        `Synced: pushed ${round.pushed}, pulled ${round.pulled}, refused ${round.rejected}.`,
      );
    else console.error(`${round.error?.code}: ${round.error?.message}`);
    return round.ok ? 0 : 1;
  }
  workstation.startSync();
  await waitForStopSignal((line) => process.stderr.write(`talentg workstation: ${line}\n`));
  return 0;
}

function deadLetters(workstation: Workstation, json: boolean): number {
  const letters = workstation.cache.deadLetters();
  if (json) printJson(letters);
  else
    for (const letter of letters)
      console.log(`#${letter.seq} ${letter.op} ${letter.status} ${letter.code}: ${letter.message}`);
  return 0;
}

function settleDeadLetter(workstation: Workstation, args: string[], json: boolean): number {
  const [action, seqText, ...rest] = args;
  if ((action !== 'retry' && action !== 'dismiss') || seqText === undefined || rest.length > 0) {
    throw new UsageError('use dead-letters retry <seq> or dead-letters dismiss <seq>');
  }
  const seq = Number(seqText);
  if (!Number.isInteger(seq) || seq <= 0)
    throw new UsageError('<seq> must be a positive whole number');
  const cache = workstation.cache;
  const done =
    action === 'retry'
      ? cache.retryDeadLetter(seq, Date.now())
      : cache.dismissDeadLetter(seq, Date.now());
  if (!done.ok) {
    console.error(`${done.code}: ${done.message}`);
    return 1;
  }
  if (json) printJson(done);
  else if ('seq' in done)
    console.log(`#${seq} queued again as #${done.seq}; the next sync sends it.`);
  else console.log(`#${seq} dismissed.`);
  return 0;
}

function formatStatus(workstation: Workstation): string {
  const status = workstation.status();
  return [
    `user:          ${status.user ? `${status.user.email} (${status.user.role}), session ${status.session}` : 'nobody signed in'}`,
    `pending:       ${status.pending}${status.oldest_pending_at ? ` (oldest ${status.oldest_pending_at})` : ''}`,
    `dead letters:  ${status.dead_letters}`,
    `last push:     ${status.last_push_at ?? 'never'}`,
    `last pull:     ${status.last_pull_at ?? 'never'}`,
  ].join('\n');
}
