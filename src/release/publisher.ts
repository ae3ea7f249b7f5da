// `talentg release publish|promote|pull` against Supabase as an admin at aal2: installers into the
// releases bucket, one releases row per platform and arch, and electron-updater's feed files at the
// bucket's root rewritten from the rows after every change, so a stage or a pull reaches the machines.
import { createReadStream } from 'node:fs';
import type { SupabaseClient } from '@supabase/supabase-js';
import { failure, isFailure, type Failure } from '../domain/failure.js';
import type { AdminSession } from './admin-session.js';
import type { Artifact } from './artifacts.js';
import {
  archivedFeedName,
  feedYaml,
  updateInfoFor,
  type FeedChannel,
} from '../domain/release-feed.js';
import {
  bucketUrl,
  putObject,
  RELEASES_BUCKET,
  rewriteFeeds,
  type FeedWritten,
} from '../workstation/services/release-bucket.js';

// The database's releases_version_check: semantic versions only.
const VERSION =
  /^(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)(-[0-9A-Za-z.-]+)?(\+[0-9A-Za-z.-]+)?$/;

export interface PublishInput {
  readonly version: string;
  readonly channel: FeedChannel;
  readonly stagedPercentage: number;
  readonly artifacts: readonly Artifact[];
  readonly notes?: string;
}

export interface PublishResult {
  readonly version: string;
  readonly channel: FeedChannel;
  readonly staged_percentage: number;
  readonly artifacts: readonly {
    file_name: string;
    platform: string;
    arch: string;
    sha512: string;
    size: number;
    url: string;
  }[];
  readonly feeds: readonly FeedWritten[];
}

/** The artifact of each platform and arch that gets the releases row: the one the updater installs. */
function rowArtifacts(artifacts: readonly Artifact[]): Artifact[] | Failure {
  const chosen = new Map<string, Artifact>();
  for (const artifact of artifacts) {
    if (artifact.rank === null) continue;
    const key = `${artifact.platform}/${artifact.arch}`;
    const held = chosen.get(key);
    if (held !== undefined && held.rank === artifact.rank) {
      return failure(
        'RELEASE_ARTIFACT_INVALID',
        `${held.fileName} and ${artifact.fileName} are both the ${key} installer; give one.`,
      );
    }
    if (held === undefined || (held.rank ?? Infinity) > artifact.rank) chosen.set(key, artifact);
  }
  const orphan = artifacts.find(
    (artifact) => artifact.rank === null && !chosen.has(`${artifact.platform}/${artifact.arch}`),
  );
  if (orphan !== undefined) {
    return failure(
      'RELEASE_ARTIFACT_INVALID',
      `${orphan.fileName} goes with the ${orphan.platform} ${orphan.arch} installer electron-updater ` +
        'installs (for macOS the -mac.zip electron-builder makes); give that installer too.',
    );
  }
  return [...chosen.values()];
}

function checkInput(input: PublishInput): Failure | null {
  if (!VERSION.test(input.version)) {
    return failure(
      'INVALID_REQUEST',
      `--version ${input.version} is no semantic version (1.4.0, 1.5.0-beta.1).`,
    );
  }
  if (
    !Number.isInteger(input.stagedPercentage) ||
    input.stagedPercentage < 0 ||
    input.stagedPercentage > 100
  ) {
    return failure('INVALID_REQUEST', '--staged is a whole percentage from 0 to 100.');
  }
  if (input.artifacts.length === 0) {
    return failure('RELEASE_ARTIFACT_INVALID', 'Name at least one installer to publish.');
  }
  const names = new Set(input.artifacts.map((artifact) => artifact.fileName));
  if (names.size !== input.artifacts.length) {
    return failure('RELEASE_ARTIFACT_INVALID', 'Two artifacts have the same file name.');
  }
  return null;
}

async function refuseExistingVersion(
  client: SupabaseClient,
  version: string,
  channel: FeedChannel,
): Promise<Failure | null> {
  const existing = await client
    .from('releases')
    .select('id')
    .eq('version', version)
    .eq('channel', channel)
    .limit(1);
  if (existing.error)
    return failure('INTERNAL_ERROR', 'Could not read the releases.', existing.error);
  if (existing.data.length > 0) {
    return failure(
      'RELEASE_VERSION_EXISTS',
      `${version} is already published on ${channel}; publish a new version (or promote or pull this one).`,
    );
  }
  return null;
}

/** Each version's feed text, per feed file, kept so a later pull can offer it again. */
async function keepVersionFeeds(
  client: SupabaseClient,
  input: PublishInput,
  releaseDate: string,
): Promise<string[] | Failure> {
  const groups = new Map<string, Artifact[]>();
  for (const artifact of input.artifacts.filter((candidate) => !candidate.companion)) {
    const name = archivedFeedName(input.channel, input.version, artifact.platform, artifact.arch);
    groups.set(name, [...(groups.get(name) ?? []), artifact]);
  }
  for (const [name, artifacts] of groups) {
    const info = updateInfoFor(
      input.version,
      artifacts.map(({ fileName, sha512, size, arch }) => ({ url: fileName, sha512, size, arch })),
      releaseDate,
    );
    const kept = await putObject(client, name, Buffer.from(feedYaml(info, 100)), {
      upsert: false,
      contentType: 'text/yaml',
    });
    if (isFailure(kept)) return kept;
  }
  return [...groups.keys()];
}

/** Uploads, rows and feeds of a new version; what was uploaded is removed again if a later step fails. */
export async function publishRelease(
  session: AdminSession,
  input: PublishInput,
  now: number = Date.now(),
): Promise<PublishResult | Failure> {
  const refused =
    checkInput(input) ??
    (await refuseExistingVersion(session.client, input.version, input.channel));
  if (refused !== null) return refused;
  const rows = rowArtifacts(input.artifacts);
  if (isFailure(rows)) return rows;

  const uploaded: string[] = [];
  const undo = async (answer: Failure): Promise<Failure> => {
    if (uploaded.length > 0) await session.client.storage.from(RELEASES_BUCKET).remove(uploaded);
    return answer;
  };
  for (const artifact of input.artifacts) {
    const stored = await putObject(
      session.client,
      artifact.fileName,
      // Streamed: an installer of a few hundred MB is never held in memory whole.
      createReadStream(artifact.path),
      {
        upsert: false,
        contentType: 'application/octet-stream',
      },
    );
    if (isFailure(stored)) return undo(stored);
    uploaded.push(artifact.fileName);
  }
  const releaseDate = new Date(now).toISOString();
  const kept = await keepVersionFeeds(session.client, input, releaseDate);
  if (isFailure(kept)) return undo(kept);
  uploaded.push(...kept);

  const download = bucketUrl(session.url);
  const inserted = await session.client.from('releases').insert(
    rows.map((artifact) => ({
      version: input.version,
      channel: input.channel,
      platform: artifact.platform,
      arch: artifact.arch,
      file_name: artifact.fileName,
      url: `${download}/${encodeURIComponent(artifact.fileName)}`,
      sha512: artifact.sha512,
      size_bytes: artifact.size,
      staged_percentage: input.stagedPercentage,
      notes: input.notes ?? '',
      published_at: releaseDate,
    })),
  );
  if (inserted.error) {
    return undo(
      inserted.error.code === '23505'
        ? failure(
            'RELEASE_VERSION_EXISTS',
            `${input.version} is already published on ${input.channel}.`,
          )
        : inserted.error.code === '42501'
          ? failure('NOT_ADMIN', 'Only an admin at aal2 may write releases.')
          : failure('INTERNAL_ERROR', 'The server could not record the release.', inserted.error),
    );
  }
  const feeds = await rewriteFeeds(session.client, now);
  if (isFailure(feeds)) return feeds;
  return {
    version: input.version,
    channel: input.channel,
    staged_percentage: input.stagedPercentage,
    artifacts: input.artifacts.map((artifact) => ({
      file_name: artifact.fileName,
      platform: artifact.platform,
      arch: artifact.arch,
      sha512: artifact.sha512,
      size: artifact.size,
      url: `${download}/${encodeURIComponent(artifact.fileName)}`,
    })),
    feeds,
  };
}

export interface ReleaseChange {
  readonly version: string;
  /** Only this channel's rows; both when absent. */
  readonly channel?: FeedChannel;
}

/** Changes the rows of a version (RLS lets only an admin at aal2), then rewrites the feeds. */
async function changeRelease(
  session: AdminSession,
  target: ReleaseChange,
  change: Record<string, unknown>,
  now: number,
): Promise<{ changed: number; feeds: readonly FeedWritten[] } | Failure> {
  let query = session.client
    .from('releases')
    .update(change)
    .eq('version', target.version)
    .is('pulled_at', null);
  if (target.channel !== undefined) query = query.eq('channel', target.channel);
  const updated = await query.select('id');
  if (updated.error) {
    return updated.error.code === '42501'
      ? failure('NOT_ADMIN', 'Only an admin at aal2 may change releases.')
      : failure('INTERNAL_ERROR', 'The server could not change the release.', updated.error);
  }
  if (updated.data.length === 0) {
    return failure(
      'RELEASE_NOT_FOUND',
      `No release ${target.version}${target.channel ? ` on ${target.channel}` : ''} is offered (never published, or pulled).`,
    );
  }
  const feeds = await rewriteFeeds(session.client, now);
  if (isFailure(feeds)) return feeds;
  return { changed: updated.data.length, feeds };
}

/** Widens (or narrows, to halt) the share of machines a version is offered to. */
export function promoteRelease(
  session: AdminSession,
  target: ReleaseChange & { readonly stagedPercentage: number },
  now: number = Date.now(),
) {
  if (
    !Number.isInteger(target.stagedPercentage) ||
    target.stagedPercentage < 0 ||
    target.stagedPercentage > 100
  ) {
    return Promise.resolve(
      failure('INVALID_REQUEST', '--staged is a whole percentage from 0 to 100.'),
    );
  }
  return changeRelease(session, target, { staged_percentage: target.stagedPercentage }, now);
}

/** Withdraws a version: no machine is offered it again; the feeds fall back to the newest one left. */
export function pullRelease(
  session: AdminSession,
  target: ReleaseChange & { readonly reason: string },
  now: number = Date.now(),
) {
  const reason = target.reason.trim();
  if (reason.length === 0 || reason.length > 500) {
    return Promise.resolve(
      failure('INVALID_REQUEST', '--reason says why, in 1 to 500 characters.'),
    );
  }
  return changeRelease(
    session,
    target,
    { pulled_at: new Date(now).toISOString(), pulled_reason: reason },
    now,
  );
}
