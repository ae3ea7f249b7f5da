// `talentg release publish|promote|pull`: an admin ships installers and stages updates (DESIGN.md §7, §11).
import { failure, isFailure, type Failure } from '../domain/failure.js';
import { signInAdmin, type AdminSession } from '../release/admin-session.js';
import { readArtifact, type Artifact } from '../release/artifacts.js';
import { FEED_CHANNELS, type FeedChannel } from '../domain/release-feed.js';
import { signatureOf } from '../release/signature.js';
import { promoteRelease, publishRelease, pullRelease } from '../release/publisher.js';
import { rewriteFeeds, type FeedWritten } from '../workstation/services/release-bucket.js';
import { parseCommandArgs, UsageError, type Command } from './command.js';

const usage = `Usage: talentg release <command> --url <url> --anon-key <key> --email <admin> --password <p>
                       [--totp <code> | --totp-secret <base32>] [--json]

Commands:
  publish --version <v> --channel stable|beta --staged <pct> [--notes <text>] [--allow-unsigned]
          <artifact>...
                  upload the installers to the Storage bucket "releases", record one releases row per
                  platform and arch (sha512, size, stage) and rewrite electron-updater's feed files
                  (latest.yml, latest-mac.yml, latest-linux.yml; beta*.yml for beta) at its root.
                  A Windows or macOS installer without a code signature is refused; --allow-unsigned
                  lets a pilot build onto beta only, with a warning
  promote --version <v> --staged <pct> [--channel stable|beta]
                  offer the version to <pct>% of machines (each machine's rollout bucket is fixed)
  pull --version <v> --reason <why> [--channel stable|beta]
                  withdraw the version: the feeds go back to the newest version left, nobody else gets it
  feeds           rewrite the feed files from the releases rows (after a change on the Releases
                  screen, or a publish that stopped before its feeds)

Admins act at aal2: give the code your authenticator shows (--totp) or, in a release pipeline, the
factor's secret (--totp-secret). The password may come from TALENTG_ADMIN_PASSWORD instead of --password.
See docs/releases.md.`;

const options = {
  url: { type: 'string' },
  'anon-key': { type: 'string' },
  email: { type: 'string' },
  password: { type: 'string' },
  totp: { type: 'string' },
  'totp-secret': { type: 'string' },
  version: { type: 'string' },
  channel: { type: 'string' },
  staged: { type: 'string' },
  reason: { type: 'string' },
  notes: { type: 'string' },
  'allow-unsigned': { type: 'boolean' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

type Values = ReturnType<typeof parseCommandArgs<typeof options>>['values'];

function required(
  values: Values,
  name: 'url' | 'anon-key' | 'email' | 'version' | 'reason',
): string {
  const value = values[name];
  if (typeof value !== 'string' || value.trim() === '')
    throw new UsageError(`--${name} is required`);
  return value;
}

function channelOf(values: Values, fallback: FeedChannel | undefined): FeedChannel | undefined {
  const value = values.channel ?? fallback;
  if (value === undefined) return undefined;
  if (!(FEED_CHANNELS as readonly string[]).includes(value))
    throw new UsageError(`--channel must be stable or beta, got "${value}"`);
  return value as FeedChannel;
}

function stagedOf(values: Values, fallback: number | undefined): number {
  const text = values.staged;
  if (text === undefined) {
    if (fallback === undefined) throw new UsageError('--staged <pct> is required');
    return fallback;
  }
  const staged = Number(text);
  if (!/^\d+$/.test(text) || staged > 100)
    throw new UsageError(`--staged must be a whole percentage from 0 to 100, got "${text}"`);
  return staged;
}

async function signIn(values: Values): Promise<AdminSession | Failure> {
  const password = values.password ?? process.env.TALENTG_ADMIN_PASSWORD;
  if (password === undefined || password === '')
    throw new UsageError('--password (or TALENTG_ADMIN_PASSWORD) is required');
  return signInAdmin({
    url: required(values, 'url'),
    anonKey: required(values, 'anon-key'),
    email: required(values, 'email'),
    password,
    ...(values.totp === undefined ? {} : { totp: values.totp }),
    ...(values['totp-secret'] === undefined ? {} : { totpSecret: values['totp-secret'] }),
  });
}

// As workstation-command's Output prints them; not imported from there, which would load the whole
// workstation core (better-sqlite3 among it) into a command that needs none of it.
function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value)}\n`);
}

function refusal(json: boolean, error: Failure): number {
  if (json) printJson({ ok: false, code: error.code, message: error.message });
  else console.error(`${error.code}: ${error.message}`);
  return 1;
}

function feedLines(feeds: readonly FeedWritten[]): string[] {
  return feeds.map((feed) =>
    feed.version === null
      ? `  ${feed.file.padEnd(24)} removed (nothing left to offer)`
      : `  ${feed.file.padEnd(24)} ${feed.version}${feed.staging_percentage !== null && feed.staging_percentage < 100 ? ` to ${feed.staging_percentage}% of machines` : ''}`,
  );
}

async function readArtifacts(paths: readonly string[]): Promise<Artifact[] | Failure> {
  if (paths.length === 0) throw new UsageError('name at least one installer to publish');
  const artifacts: Artifact[] = [];
  for (const file of paths) {
    const artifact = await readArtifact(file);
    if (isFailure(artifact)) return artifact;
    artifacts.push(artifact);
  }
  return artifacts;
}

/**
 * An unsigned Windows or macOS build is never a release: refused, or with --allow-unsigned let onto beta
 * for a pilot with a warning on stderr that cannot be missed.
 */
async function unsignedRefusal(
  artifacts: readonly Artifact[],
  channel: FeedChannel,
  allowUnsigned: boolean,
): Promise<true | Failure> {
  const unsigned: string[] = [];
  for (const artifact of artifacts) {
    if ((await signatureOf(artifact)) === 'unsigned') unsigned.push(artifact.fileName);
  }
  if (unsigned.length === 0) return true;
  if (!allowUnsigned || channel === 'stable') {
    return failure(
      'RELEASE_UNSIGNED',
      `${unsigned.join(', ')} ${unsigned.length === 1 ? 'has' : 'have'} no code signature: build with ` +
        'CSC_LINK/CSC_KEY_PASSWORD (and APPLE_* for notarisation) set. An unsigned build is never a ' +
        'stable release; --allow-unsigned lets a pilot build onto beta.',
      { unsigned },
    );
  }
  console.error(
    `WARNING: publishing UNSIGNED ${unsigned.join(', ')} to beta: Windows SmartScreen and macOS ` +
      'Gatekeeper will warn or refuse on install. Never promote this build to stable.',
  );
  return true;
}

async function publish(values: Values, files: readonly string[], json: boolean): Promise<number> {
  const version = required(values, 'version');
  const channel = channelOf(values, undefined);
  if (channel === undefined) throw new UsageError('--channel stable|beta is required');
  const stagedPercentage = stagedOf(values, undefined);
  // The files are judged before anyone signs in: a typo costs no TOTP code.
  const artifacts = await readArtifacts(files);
  if (isFailure(artifacts)) return refusal(json, artifacts);
  const unsigned = await unsignedRefusal(artifacts, channel, values['allow-unsigned'] === true);
  if (isFailure(unsigned)) return refusal(json, unsigned);
  const session = await signIn(values);
  if (isFailure(session)) return refusal(json, session);
  const published = await publishRelease(session, {
    version,
    channel,
    stagedPercentage,
    artifacts,
    ...(values.notes === undefined ? {} : { notes: values.notes }),
  });
  if (isFailure(published)) return refusal(json, published);
  if (json) printJson({ ok: true, ...published });
  else {
    console.log(`Published ${version} on ${channel} to ${stagedPercentage}% of machines:`);
    for (const artifact of published.artifacts)
      console.log(
        `  ${artifact.file_name} (${artifact.platform} ${artifact.arch}, ${artifact.size} bytes)`,
      );
    console.log('Feeds:');
    for (const line of feedLines(published.feeds)) console.log(line);
  }
  return 0;
}

async function change(sub: 'promote' | 'pull', values: Values, json: boolean): Promise<number> {
  const version = required(values, 'version');
  const channel = channelOf(values, undefined);
  const target = { version, ...(channel === undefined ? {} : { channel }) };
  const reason = sub === 'pull' ? required(values, 'reason') : '';
  const stagedPercentage = sub === 'promote' ? stagedOf(values, undefined) : 0;
  const session = await signIn(values);
  if (isFailure(session)) return refusal(json, session);
  const changed =
    sub === 'promote'
      ? await promoteRelease(session, { ...target, stagedPercentage })
      : await pullRelease(session, { ...target, reason });
  if (isFailure(changed)) return refusal(json, changed);
  if (json) printJson({ ok: true, version, changed: changed.changed, feeds: changed.feeds });
  else {
    console.log(
      sub === 'promote'
        ? `${version} is offered to ${stagedPercentage}% of machines (${changed.changed} installer(s)).`
        : `${version} is pulled (${changed.changed} installer(s)); nobody else is offered it.`,
    );
    console.log('Feeds:');
    for (const line of feedLines(changed.feeds)) console.log(line);
  }
  return 0;
}

async function feeds(values: Values, json: boolean): Promise<number> {
  const session = await signIn(values);
  if (isFailure(session)) return refusal(json, session);
  const written = await rewriteFeeds(session.client, Date.now());
  if (isFailure(written)) return refusal(json, written);
  if (json) printJson({ ok: true, feeds: written });
  else {
    console.log('Feeds:');
    for (const line of feedLines(written)) console.log(line);
  }
  return 0;
}

export const releaseCommand: Command = {
  name: 'release',
  usage,
  async run(argv) {
    const { values, positionals } = parseCommandArgs(argv, options);
    if (values.help) {
      console.log(usage);
      return 0;
    }
    const [sub, ...rest] = positionals;
    const json = values.json === true;
    switch (sub) {
      case 'publish':
        return publish(values, rest, json);
      case 'feeds':
        if (rest.length > 0) throw new UsageError(`unexpected argument "${rest[0]}"`);
        return feeds(values, json);
      case 'promote':
      case 'pull':
        if (rest.length > 0) throw new UsageError(`unexpected argument "${rest[0]}"`);
        return change(sub, values, json);
      case undefined:
        throw new UsageError('a command is required (publish, promote, pull, feeds)');
      default:
        throw new UsageError(`unknown command "${sub}"`);
    }
  },
};
