// electron-updater's generic-provider feed: which file a platform asks for on a channel, what goes in
// it (the UpdateInfo electron-builder writes, plus stagingPercentage), and which version each file
// offers once releases are staged or pulled. Pure, so the release CLI (src/release) and the core's
// releases:update both plan the same feeds; src/workstation/services/release-bucket.ts writes them.
// Not re-exported by index.ts: the renderer has no use for js-yaml.
import yaml from 'js-yaml';

export const RELEASE_PLATFORMS = ['win32', 'darwin', 'linux'] as const;
export type ReleasePlatform = (typeof RELEASE_PLATFORMS)[number];
export const RELEASE_ARCHES = ['x64', 'arm64', 'ia32', 'universal'] as const;
export type ReleaseArch = (typeof RELEASE_ARCHES)[number];

/** major.minor.patch as numbers, and the pre-release tag ('' for a release), as releases_version_check allows. */
function versionParts(version: string): { numbers: number[]; pre: string } {
  const [core = '', pre = ''] = version.split('+', 1)[0]?.split(/-(.*)/s) ?? [];
  return { numbers: core.split('.').map(Number), pre };
}

/**
 * Semantic-version order, newest first. Our own few lines: PostgREST can only sort the text, and the
 * semver package is no direct dependency of the core.
 */
export function newestVersionFirst(a: string, b: string): number {
  const left = versionParts(a);
  const right = versionParts(b);
  for (let i = 0; i < 3; i += 1) {
    const diff = (right.numbers[i] ?? 0) - (left.numbers[i] ?? 0);
    if (diff !== 0) return diff;
  }
  // 1.2.0 is newer than 1.2.0-beta.1.
  if (left.pre === '' || right.pre === '') return left.pre === '' ? (right.pre === '' ? 0 : -1) : 1;
  return right.pre.localeCompare(left.pre, 'en', { numeric: true });
}

/** The channels a profile can follow (profiles.update_channel). */
export const FEED_CHANNELS = ['stable', 'beta'] as const;
export type FeedChannel = (typeof FEED_CHANNELS)[number];
/** The channels a releases row can carry; alpha rows are kept but no profile follows them. */
export type ReleaseChannel = FeedChannel | 'alpha';

/**
 * The feed file electron-updater asks for: `latest` is its name for the default (stable) channel,
 * Windows has no suffix, macOS `-mac`, Linux `-linux` plus the arch when it is not x64.
 */
export function feedFileName(
  channel: FeedChannel,
  platform: ReleasePlatform,
  arch: ReleaseArch,
): string {
  const base = channel === 'stable' ? 'latest' : channel;
  if (platform === 'win32') return `${base}.yml`;
  if (platform === 'darwin') return `${base}-mac.yml`;
  return `${base}-linux${arch === 'x64' || arch === 'universal' ? '' : `-${arch}`}.yml`;
}

/**
 * The feeds a release of this channel appears in: a stable release reaches beta too (as electron-builder's
 * generateUpdatesFilesForAllChannels does), so a beta machine is never behind stable.
 */
export function feedsOffering(channel: ReleaseChannel): readonly FeedChannel[] {
  if (channel === 'stable') return ['stable', 'beta'];
  if (channel === 'beta') return ['beta'];
  return [];
}

export interface FeedFile {
  readonly url: string;
  readonly sha512: string;
  readonly size: number;
}

/** electron-builder's UpdateInfo, in the key order its createUpdateInfo builds it. */
export interface UpdateInfo {
  readonly version: string;
  readonly files: readonly FeedFile[];
  /** The first file again, for electron-updater before 2.15 (electron-builder still writes both). */
  readonly path: string;
  readonly sha512: string;
  readonly releaseDate: string;
}

export interface FeedArtifact extends FeedFile {
  readonly arch: ReleaseArch;
}

// electron-builder's Arch enum order (ia32, x64, armv7l, arm64, universal), which sorts a feed's files.
const ARCH_ORDER: Record<ReleaseArch, number> = { ia32: 0, x64: 1, arm64: 3, universal: 4 };

/**
 * The UpdateInfo of one feed file for one version. Files in electron-builder's order (a .zip first,
 * as Squirrel.Mac needs, then by arch, else as given), and the first one is also `path`/`sha512`.
 */
export function updateInfoFor(
  version: string,
  artifacts: readonly FeedArtifact[],
  releaseDate: string,
): UpdateInfo {
  const sorted = [...artifacts].sort(
    (a, b) =>
      (a.url.endsWith('.zip') ? 0 : 100) - (b.url.endsWith('.zip') ? 0 : 100) ||
      ARCH_ORDER[a.arch] - ARCH_ORDER[b.arch],
  );
  const files = sorted.map(({ url, sha512, size }) => ({ url, sha512, size }));
  const [first] = files;
  if (first === undefined) throw new Error('updateInfoFor needs at least one artifact');
  return { version, files, path: first.url, sha512: first.sha512, releaseDate };
}

/**
 * The feed file's text, byte for byte as electron-builder's serializeToYaml writes it (js-yaml, line
 * width 8000, no references), with stagingPercentage after releaseDate when the rollout is partial.
 */
export function feedYaml(info: UpdateInfo, stagingPercentage: number): string {
  const staged = stagingPercentage < 100 ? { stagingPercentage } : {};
  return yaml.dump({ ...info, ...staged }, { lineWidth: 8000, skipInvalid: false, noRefs: true });
}

/** Reads back a feed file this module wrote (the per-version copy kept in the bucket). */
export function parseFeedYaml(text: string): UpdateInfo | null {
  const value = yaml.load(text) as Partial<UpdateInfo> | null;
  if (
    value === null ||
    typeof value !== 'object' ||
    typeof value.version !== 'string' ||
    !Array.isArray(value.files) ||
    typeof value.path !== 'string' ||
    typeof value.sha512 !== 'string' ||
    typeof value.releaseDate !== 'string'
  ) {
    return null;
  }
  return {
    version: value.version,
    files: value.files,
    path: value.path,
    sha512: value.sha512,
    releaseDate: value.releaseDate,
  };
}

/**
 * Where a version's feed text is kept, so a pull can put the previous version back in the feed with all
 * its files (a releases row holds only the installer electron-updater installs).
 */
export function archivedFeedName(
  channel: ReleaseChannel,
  version: string,
  platform: ReleasePlatform,
  arch: ReleaseArch,
): string {
  return `versions/${channel}/${version}/${feedFileName('stable', platform, arch)}`;
}

/** The releases columns the feed is planned from. */
export interface FeedRow {
  readonly version: string;
  readonly channel: ReleaseChannel;
  readonly platform: ReleasePlatform;
  readonly arch: ReleaseArch;
  readonly staged_percentage: number;
  readonly published_at: string | null;
  readonly pulled_at: string | null;
}

/** A version one feed file at the bucket's root may offer: its kept feed text, at a stage. */
export interface FeedCandidate {
  readonly archive: string;
  readonly version: string;
  readonly stagingPercentage: number;
}

/** A row electron-updater may be offered: published by now and not pulled. */
function offered(row: FeedRow, now: number): boolean {
  return row.pulled_at === null && row.published_at !== null && Date.parse(row.published_at) <= now;
}

/**
 * Every feed file at the bucket's root with the versions it may offer, newest first, each at the
 * narrowest stage among its rows. The first candidate whose feed text was kept wins (rows written
 * without this CLI have none); a file left with no candidate is removed rather than offer a pulled build.
 */
export function planFeeds(
  rows: readonly FeedRow[],
  now: number,
): Map<string, readonly FeedCandidate[]> {
  const plans = new Map<string, FeedCandidate[]>();
  const sorted = [...rows].sort((a, b) => newestVersionFirst(a.version, b.version));
  for (const row of sorted) {
    for (const channel of feedsOffering(row.channel)) {
      const file = feedFileName(channel, row.platform, row.arch);
      const candidates = plans.get(file) ?? [];
      plans.set(file, candidates);
      if (!offered(row, now)) continue;
      const archive = archivedFeedName(row.channel, row.version, row.platform, row.arch);
      const same = candidates.findIndex((candidate) => candidate.archive === archive);
      const found = candidates[same];
      if (found === undefined) {
        candidates.push({
          archive,
          version: row.version,
          stagingPercentage: row.staged_percentage,
        });
      } else {
        candidates[same] = {
          ...found,
          stagingPercentage: Math.min(found.stagingPercentage, row.staged_percentage),
        };
      }
    }
  }
  return plans;
}
