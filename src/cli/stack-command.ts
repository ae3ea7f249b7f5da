import path from 'node:path';
import { UsageError, parseCommandArgs, type Command } from './command.js';
import {
  DEFAULT_STACK_DB,
  DEFAULT_STACK_PORT,
  isDirectoryTarget,
  startEmbeddedStack,
  wellKnownSecretExposed,
} from './embedded-stack.js';
import { functionOptions, functionOptionsUsage, readFunctionSettings } from './function-options.js';
import { waitForStopSignal } from './stop-signal.js';

export const digestOptionUsage = `  --digest-time-zone <zone>
                      whose day each manager's daily digest covers (default UTC; e.g.
                      Asia/Kolkata); enqueued hourly, once per manager and day, and mailed by
                      the email-sender (--function-schedule email-sender=60)`;

/** A time zone name, judged by PostgreSQL when the stack starts; undefined: the stack's UTC. */
export function parseDigestTimeZone(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  if (!/^[A-Za-z][A-Za-z0-9_+-]*(\/[A-Za-z0-9_+-]+)*$/.test(value)) {
    throw new UsageError(
      `--digest-time-zone must be a time zone name such as UTC or Asia/Kolkata, got "${value}"`,
    );
  }
  return value;
}

const usage = `Usage: talentg stack [options]

Serves the embedded Supabase-compatible stack (auth, rest, realtime, storage, functions) with
supabase/migrations applied. When ready it prints one JSON line to stdout:
  {"url","anonKey","serviceRoleKey","jwtSecret"}
Logs go to stderr. SIGTERM or SIGINT stops it cleanly.

Options:
  --port <n>          port to listen on, 0 for any free one (default ${DEFAULT_STACK_PORT})
  --host <addr>       address to listen on (default 127.0.0.1); another address needs --jwt-secret
  --db <target>       memory | <PGlite data dir> | postgres://... (default .talentg/stack-db)
  --seed demo|none    load supabase/seed.sql into a database that has no users yet (default demo)
  --jwt-secret <s>    sign tokens with this secret instead of the Supabase CLI's well-known one
${digestOptionUsage}
${functionOptionsUsage}
  -h, --help          show this help`;

const options = {
  port: { type: 'string' },
  host: { type: 'string' },
  db: { type: 'string' },
  seed: { type: 'string' },
  'jwt-secret': { type: 'string' },
  'digest-time-zone': { type: 'string' },
  ...functionOptions,
  help: { type: 'boolean', short: 'h' },
} as const;

export function parsePort(value: string | undefined, fallback: number, flag = '--port'): number {
  if (value === undefined) return fallback;
  const port = Number(value);
  if (!/^\d+$/.test(value) || port > 65535) {
    throw new UsageError(`${flag} must be a whole number from 0 to 65535, got "${value}"`);
  }
  return port;
}

export function parseSeed(value: string | undefined): 'demo' | 'none' {
  if (value === undefined || value === 'demo' || value === 'none') return value ?? 'demo';
  throw new UsageError(`--seed must be demo or none, got "${value}"`);
}

/** memory and URLs pass through; a directory is taken relative to where the command runs. */
export function parseDbTarget(value: string | undefined): string {
  if (value === undefined) return DEFAULT_STACK_DB;
  if (value === '') throw new UsageError('--db must not be empty');
  return isDirectoryTarget(value) ? path.resolve(value) : value;
}

const log = (line: string) => process.stderr.write(`talentg stack: ${line}\n`);

export const stackCommand: Command = {
  name: 'stack',
  usage,
  async run(argv) {
    const { values, positionals } = parseCommandArgs(argv, options);
    if (values.help) {
      console.log(usage);
      return 0;
    }
    if (positionals.length > 0) throw new UsageError(`unexpected argument "${positionals[0]}"`);
    const host = values.host ?? '127.0.0.1';
    const jwtSecret = values['jwt-secret'];
    if (jwtSecret !== undefined && jwtSecret.length < 32) {
      throw new UsageError('--jwt-secret must be at least 32 characters, as Supabase requires');
    }
    if (wellKnownSecretExposed(host, jwtSecret)) {
      throw new UsageError(
        `refusing to listen on ${host} with the well-known JWT secret (anyone could sign tokens); ` +
          'pass --jwt-secret with a secret of your own, or use 127.0.0.1',
      );
    }
    const port = parsePort(values.port, DEFAULT_STACK_PORT);
    const db = parseDbTarget(values.db);
    const seed = parseSeed(values.seed);
    const functions = readFunctionSettings(values);
    const digestTimeZone = parseDigestTimeZone(values['digest-time-zone']);

    const stopped = waitForStopSignal(log);
    const { stack, seeded } = await startEmbeddedStack({
      db,
      host,
      port,
      seed,
      jwtSecret,
      digestTimeZone,
      ...functions,
    });
    log(`database ${db}${seeded ? ' (loaded the demo seed)' : ''}; listening on ${stack.url}`);
    log(`mail sent by Auth (invites, links, codes): ${stack.url}/mailbox/`);
    const { url, anonKey, serviceRoleKey } = stack;
    process.stdout.write(
      `${JSON.stringify({ url, anonKey, serviceRoleKey, jwtSecret: stack.jwtSecret })}\n`,
    );
    await stopped;
    await stack.close();
    log('stopped');
    return 0;
  },
};
