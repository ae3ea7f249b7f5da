// How the Releases screen words a release: its name, its state in the update feed, its size and hash.
import type { Release } from '../../../../src/contract/operations/releases';

export const PLATFORM_LABELS: Readonly<Record<Release['platform'], string>> = {
  win32: 'Windows',
  darwin: 'macOS',
  linux: 'Linux',
};

export function releaseName(release: Pick<Release, 'version' | 'platform' | 'arch'>): string {
  return `${release.version} ${PLATFORM_LABELS[release.platform]} ${release.arch}`;
}

export type ReleaseState = 'draft' | 'scheduled' | 'published' | 'pulled';

/** Where the release stands for the updater at `now`: a pull outranks everything else. */
export function releaseState(
  release: Pick<Release, 'published_at' | 'pulled_at'>,
  now: number,
): ReleaseState {
  if (release.pulled_at !== null) return 'pulled';
  if (release.published_at === null) return 'draft';
  return Date.parse(release.published_at) > now ? 'scheduled' : 'published';
}

export const STATE_LABELS: Readonly<Record<ReleaseState, string>> = {
  draft: 'Draft',
  scheduled: 'Scheduled',
  published: 'Published',
  pulled: 'Pulled',
};

/** Installers are tens of megabytes: one decimal in MB, as a download page shows them. */
export function sizeLabel(bytes: number): string {
  if (bytes < 1_000_000) return `${Math.max(1, Math.round(bytes / 1000))} KB`;
  return `${(bytes / 1_000_000).toFixed(1)} MB`;
}

/** Enough of the hash to tell two builds apart at a glance; the copy button gives all of it. */
export function shortHash(sha512: string): string {
  return `${sha512.slice(0, 10)}…${sha512.slice(-6)}`;
}

/** Releases of one version together, in the list's order (newest version first). */
export function byVersion<T extends Pick<Release, 'version'>>(
  releases: readonly T[],
): { version: string; releases: T[] }[] {
  const groups: { version: string; releases: T[] }[] = [];
  for (const release of releases) {
    const last = groups.at(-1);
    if (last?.version === release.version) last.releases.push(release);
    else groups.push({ version: release.version, releases: [release] });
  }
  return groups;
}
