// `talentg workstation`: the same core as the app, headless (DESIGN.md §7).
import { parseCommandArgs, UsageError, type Command } from './command.js';
import { waitForStopSignal } from './stop-signal.js';
import { runDoctor } from './workstation-doctor.js';
import type { ApiError } from '../contract/api-response.js';
import { createCoreClient, type CoreAnswer, type CoreClient } from '../contract/core-client.js';
import { hostCore } from '../workstation/host-core.js';
import { distribute, importLeads, reassign } from './workstation-lead-commands.js';
import { Workstation } from '../workstation/workstation.js';
import type { SyncProgress } from '../workstation/sync/engine.js';

const usage = `Usage: talentg workstation --data-dir <dir> --url <url> --anon-key <key> <command>

Commands:
  login --email <e> --password <p> [--code <123456>]
                                     sign in and download this user's leads; --code is the
                                     authenticator's current code, for an account that has one
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
  doctor                             check the data directory, the cache, the server and the session

Managers and admins (online; see docs/manager-cli.md):
  import-leads <file.csv> [--country XX] [--dry-run] [--json]
                                     import a CSV of leads (name and phone columns required); prints the
                                     counts and every refused line with its number and reason
  distribute --to <email[:weight],...> [--mode round-robin|weighted|capped] [--cap <n>]
             [--status s[,s]] [--source s[,s]] [--time-zone z[,z]] [--older-than-days <n>]
             [--unassigned] [--limit <n>] [--json]
                                     share matching open leads among telecallers; prints who got how many
  reassign --lead <id,...> --to <email|none> [--json]
                                     move leads to one telecaller, or back to the unassigned pool`;

const globalOptions = {
  'data-dir': { type: 'string' },
  url: { type: 'string' },
  'anon-key': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
  json: { type: 'boolean' },
  email: { type: 'string' },
  password: { type: 'string' },
  code: { type: 'string' },
  limit: { type: 'string' },
  lead: { type: 'string' },
  outcome: { type: 'string' },
  notes: { type: 'string' },
  duration: { type: 'string' },
  callback: { type: 'string' },
  once: { type: 'boolean' },
  'sync-interval': { type: 'string' },
  country: { type: 'string' },
  'dry-run': { type: 'boolean' },
  to: { type: 'string' },
  mode: { type: 'string' },
  cap: { type: 'string' },
  status: { type: 'string' },
  source: { type: 'string' },
  'time-zone': { type: 'string' },
  'older-than-days': { type: 'string' },
  unassigned: { type: 'boolean' },
} as const;

export type Values = ReturnType<typeof parseCommandArgs<typeof globalOptions>>['values'];

function required(
  values: Values,
  name: 'data-dir' | 'url' | 'anon-key' | 'email' | 'password' | 'lead' | 'outcome',
): string {
  const value = values[name];
  if (typeof value !== 'string' || value === '') throw new UsageError(`--${name} is required`);
  return value;
}

export function integerOption(value: string | undefined, name: string, fallback: number): number {
  if (value === undefined) return fallback;
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 0)
    throw new UsageError(`--${name} must be a whole number`);
  return parsed;
}

export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value)}\n`);
}

function progressLine(progress: SyncProgress): string {
  const total = progress.total === null ? '' : `/${progress.total}`;
  const error = progress.error ? ` — ${progress.error.code}: ${progress.error.message}` : '';
  return `sync ${progress.phase} ${progress.done}${total} (pending ${progress.pending}, dead letters ${progress.dead_letters})${error}`;
}

export const workstationCommand: Command = {
  name: 'workstation',
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
    const takesArguments = sub === 'dead-letters' || sub === 'import-leads';
    if (extra.length > 0 && !takesArguments)
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
    // The same composition the app hosts: every command below is an operation of the contract, with
    // its rules and its error codes, except the diagnostics (status, doctor) that read the core itself.
    const core = hostCore(workstation, { autoSync: false });
    const client = createCoreClient({ invoke: core.invoke, onEvent: core.subscribe });
    const out = new Output(json);
    try {
      switch (sub) {
        case 'login':
          return await login(client, values, out);
        case 'logout':
          return out.answer(await client.session.signOut(), () =>
            console.log("Signed out; pending changes stay in this workstation's cache."),
          );
        case 'queue':
          return await queue(client, workstation, values, out);
        case 'log-call':
          return await logCall(client, values, out);
        case 'sync':
          return await sync(client, workstation, values.once === true, out);
        case 'status':
          if (json) printJson(workstation.status());
          else console.log(formatStatus(workstation));
          return 0;
        case 'dead-letters':
          return extra.length === 0
            ? await deadLetters(client, out)
            : await settleDeadLetter(client, extra, out);
        case 'adopt-server':
          return out.answer(await client.sync.adoptServer(), (adopted) =>
            console.log(
              `The old cache is kept as ${adopted.kept_as} with ${adopted.pending_kept} pending change(s); ` +
                `a fresh one syncs with ${required(values, 'url')}.`,
            ),
          );
        case 'import-leads':
          return await importLeads(client, extra, values, out);
        case 'distribute':
          return await distribute(client, values, out);
        case 'reassign':
          return await reassign(client, values, out);
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
      await core.close();
    }
  },
};

/** Prints an answer of the contract: its data as JSON or as lines for a person, a refusal as `CODE: message`. */
export class Output {
  constructor(readonly json: boolean) {}

  answer<T>(answer: CoreAnswer<T>, show: (data: T) => void): number {
    if (!answer.success) return this.refusal(answer.error);
    if (this.json) printJson(answer.data);
    else show(answer.data);
    return 0;
  }

  refusal(error: ApiError): number {
    if (this.json) printJson({ ok: false, code: error.code, message: error.message });
    else console.error(`${error.code}: ${error.message}`);
    return 1;
  }
}

async function login(client: CoreClient, values: Values, out: Output): Promise<number> {
  let signedIn = await client.session.signIn({
    email: required(values, 'email'),
    password: required(values, 'password'),
  });
  if (!signedIn.success) return out.refusal(signedIn.error);
  if (signedIn.data.status === 'second_factor') {
    const code = values.code;
    signedIn =
      typeof code === 'string' && code !== ''
        ? await client.session.verifySecondFactor({ code })
        : {
            success: false,
            error: {
              code: 'AAL2_REQUIRED',
              message:
                'This account has an authenticator: run login again with --code and the six digits it shows now.',
            },
          };
    // A sign-in left waiting for a code would hold nothing useful: the next login starts afresh.
    if (!signedIn.success) {
      await client.session.signOut();
      return out.refusal(signedIn.error);
    }
  }
  const synced = await client.sync.now();
  if (!synced.success) return out.refusal(synced.error);
  if (out.json) printJson({ session: signedIn.data, sync: synced.data });
  else if (signedIn.data.status !== 'signed_out') {
    console.log(`Signed in as ${signedIn.data.user.email} (${signedIn.data.user.role}).`);
    const stopped = synced.data.last_error;
    if (stopped !== null)
      console.log(`First sync did not finish (${stopped.code}); run sync later.`);
  }
  return 0;
}

async function queue(
  client: CoreClient,
  workstation: Workstation,
  values: Values,
  out: Output,
): Promise<number> {
  const answer = await client.leads.queue({ limit: integerOption(values.limit, 'limit', 25) });
  if (!answer.success) return out.refusal(answer.error);
  const rows = answer.data.entries.map((entry) => ({
    lead_id: entry.lead.id,
    name: entry.lead.name,
    phone_e164: entry.lead.phone_e164,
    status: entry.lead.status,
    reason: entry.reason,
    due_at: 'due_at' in entry ? entry.due_at : null,
    attempts: entry.lead.attempts,
  }));
  if (out.json) printJson(rows);
  else if (rows.length === 0) console.log(emptyQueueLine(workstation));
  else {
    for (const row of rows) {
      console.log(
        `${row.reason.padEnd(17)} ${row.phone_e164.padEnd(16)} ${row.name}  ${row.lead_id}`,
      );
    }
  }
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

async function logCall(client: CoreClient, values: Values, out: Output): Promise<number> {
  const answer = await client.calls.log({
    lead_id: required(values, 'lead'),
    disposition: required(values, 'outcome'),
    ...(values.notes === undefined ? {} : { notes: values.notes }),
    // The contract judges the number (whole, 0 to a day); the CLI only turns the text into one.
    ...(values.duration === undefined ? {} : { duration_seconds: Number(values.duration) }),
    ...(values.callback === undefined ? {} : { callback: { due_at: values.callback } }),
  });
  if (!answer.success) return out.refusal(answer.error);
  const health = await client.sync.status();
  const pending = health.success ? health.data.pending : null;
  if (out.json) {
    printJson({
      interaction: answer.data.interaction,
      lead: answer.data.lead,
      fate: answer.data.fate,
      pending,
    });
  } else {
    console.log(
      `Logged ${answer.data.interaction.disposition ?? ''} on ${answer.data.lead.name} (${pending ?? '?'} waiting to sync).`,
    );
  }
  return 0;
}

async function sync(
  client: CoreClient,
  workstation: Workstation,
  once: boolean,
  out: Output,
): Promise<number> {
  if (once) {
    const answer = await client.sync.now();
    if (!answer.success) return out.refusal(answer.error);
    const progress = answer.data;
    if (out.json) printJson(progress);
    else if (progress.last_error !== null) {
      console.error(`${progress.last_error.code}: ${progress.last_error.message}`);
    } else {
      console.log(
        `Synced: ${progress.pending} waiting, ${progress.dead_letters} refused (see dead-letters).`,
      );
    }
    return progress.last_error === null ? 0 : 1;
  }
  workstation.startSync();
  await waitForStopSignal((line) => process.stderr.write(`talentg workstation: ${line}\n`));
  return 0;
}

async function deadLetters(client: CoreClient, out: Output): Promise<number> {
  return out.answer(await client.sync.deadLetters(), ({ dead_letters }) => {
    for (const letter of dead_letters) {
      console.log(
        `#${letter.seq} ${letter.intent.op} ${letter.status} ${letter.code}: ${letter.message}`,
      );
    }
  });
}

async function settleDeadLetter(client: CoreClient, args: string[], out: Output): Promise<number> {
  const [action, seqText, ...rest] = args;
  if ((action !== 'retry' && action !== 'dismiss') || seqText === undefined || rest.length > 0) {
    throw new UsageError('use dead-letters retry <seq> or dead-letters dismiss <seq>');
  }
  const seq = Number(seqText);
  if (!Number.isInteger(seq) || seq <= 0)
    throw new UsageError('<seq> must be a positive whole number');
  if (action === 'retry') {
    return out.answer(await client.sync.retryDeadLetter({ seq }), (done) =>
      console.log(`#${seq} queued again as #${done.queued_seq}; the next sync sends it.`),
    );
  }
  return out.answer(await client.sync.dismissDeadLetter({ seq }), () =>
    console.log(`#${seq} dismissed.`),
  );
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
