// The releases bucket: where its objects are downloaded, how Storage's refusals read as our codes, and
// the feed files at its root, rewritten from the releases rows after every change. In the core so that
// both its releases:update and the release CLI (src/release, which may import the core) write the feeds
// the same way, each with its own admin's client: the database lets only an admin at aal2 write them.
import type { SupabaseClient } from '@supabase/supabase-js';
import { failure, isFailure, type Failure } from '../../domain/failure.js';
import { feedYaml, parseFeedYaml, planFeeds, type FeedRow } from '../../domain/release-feed.js';

export const RELEASES_BUCKET = 'releases';

export interface FeedWritten {
  readonly file: string;
  /** The version the file now offers; null when it was removed (nothing left to offer). */
  readonly version: string | null;
  readonly staging_percentage: number | null;
}

/** Where a signed-in person downloads an object of the bucket (the updater's generic provider too). */
export function bucketUrl(projectUrl: string): string {
  return `${projectUrl}/storage/v1/object/authenticated/${RELEASES_BUCKET}`;
}

interface StorageFailure {
  readonly message: string;
  readonly status?: number;
  readonly statusCode?: string;
}

/** storage-js's refusal as one of the contract's codes. */
function storageFailure(what: string, error: StorageFailure): Failure {
  const status = error.status ?? Number(error.statusCode);
  if (status === 409) {
    return failure(
      'RELEASE_VERSION_EXISTS',
      `The bucket already holds ${what}; publish a new version.`,
    );
  }
  if (status === 413) {
    return failure(
      'RELEASE_ARTIFACT_INVALID',
      `${what} is larger than the bucket accepts (1 GiB, or the project's smaller global file size ` +
        'limit: [storage] file_size_limit, or Storage settings on a hosted project).',
    );
  }
  if (status === 401 || status === 403 || /row-level security/i.test(error.message)) {
    return failure('NOT_ADMIN', `Only an admin at aal2 may write ${what} to the releases bucket.`);
  }
  if (!Number.isFinite(status) || status === 0) {
    return failure('OFFLINE', 'The server cannot be reached; try again when online.', {
      reason: error.message,
    });
  }
  return failure('INTERNAL_ERROR', `The server could not store ${what}.`, error);
}

export async function putObject(
  client: SupabaseClient,
  name: string,
  body: Buffer | NodeJS.ReadableStream,
  options: { upsert: boolean; contentType: string },
): Promise<true | Failure> {
  const stored = await client.storage.from(RELEASES_BUCKET).upload(name, body, {
    ...options,
    // Feed files change on every stage and pull; installers never change under their name.
    cacheControl: options.upsert ? '60' : '31536000',
  });
  return stored.error ? storageFailure(name, stored.error as StorageFailure) : true;
}

async function keptFeed(client: SupabaseClient, archive: string) {
  const downloaded = await client.storage.from(RELEASES_BUCKET).download(archive);
  if (downloaded.error) return null;
  return parseFeedYaml(await downloaded.data.text());
}

/**
 * Writes every feed file at the bucket's root from the releases rows: the newest offered version with a
 * kept feed, at its stage; a file with nothing left to offer is removed.
 */
export async function rewriteFeeds(
  client: SupabaseClient,
  now: number,
): Promise<FeedWritten[] | Failure> {
  const rows = await client
    .from('releases')
    .select('version, channel, platform, arch, staged_percentage, published_at, pulled_at');
  if (rows.error) return failure('INTERNAL_ERROR', 'Could not read the releases.', rows.error);
  const written: FeedWritten[] = [];
  for (const [file, candidates] of planFeeds(rows.data as FeedRow[], now)) {
    let offeredNow: FeedWritten = { file, version: null, staging_percentage: null };
    for (const candidate of candidates) {
      const info = await keptFeed(client, candidate.archive);
      if (info === null) continue;
      const stored = await putObject(
        client,
        file,
        Buffer.from(feedYaml(info, candidate.stagingPercentage)),
        { upsert: true, contentType: 'text/yaml' },
      );
      if (isFailure(stored)) return stored;
      offeredNow = { file, version: info.version, staging_percentage: candidate.stagingPercentage };
      break;
    }
    if (offeredNow.version === null) {
      await client.storage.from(RELEASES_BUCKET).remove([file]);
    }
    written.push(offeredNow);
  }
  return written.sort((a, b) => a.file.localeCompare(b.file));
}
