// What an installer file is, judged from its name the way electron-builder names them, and its
// sha512 as electron-builder writes it into the update feed (base64 of the whole file).
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { failure, type Failure } from '../domain/failure.js';
import type { ReleaseArch, ReleasePlatform } from '../domain/release-feed.js';

/** An installer the update feed lists, for one platform and arch. */
export interface ArtifactKind {
  readonly platform: ReleasePlatform;
  readonly arch: ReleaseArch;
  /**
   * Which file of a platform and arch gets the releases row (the lowest rank): the one electron-updater
   * installs where it can. Null for a file only for first installs (a .dmg), which never gets the row.
   */
  readonly rank: number | null;
  /** A .blockmap beside its installer: uploaded for electron-updater's differential download, not listed. */
  readonly companion: boolean;
}

export interface Artifact extends ArtifactKind {
  readonly path: string;
  readonly fileName: string;
  /** Base64 sha512 of the file, as electron-builder's hashFile writes it. */
  readonly sha512: string;
  readonly size: number;
}

/**
 * Extensions electron-updater can install, per platform: NSIS .exe on Windows, the .zip that
 * Squirrel.Mac installs (the .dmg is listed beside it, as electron-builder does), AppImage before deb
 * and rpm on Linux (their updaters read the same feed file).
 */
const KINDS: readonly {
  readonly test: RegExp;
  readonly platform: ReleasePlatform;
  readonly rank: number | null;
}[] = [
  { test: /\.exe$/i, platform: 'win32', rank: 0 },
  { test: /(mac|darwin|osx)[^/]*\.zip$/i, platform: 'darwin', rank: 0 },
  { test: /\.dmg$/i, platform: 'darwin', rank: null },
  { test: /\.AppImage$/, platform: 'linux', rank: 0 },
  { test: /\.deb$/i, platform: 'linux', rank: 1 },
  { test: /\.rpm$/i, platform: 'linux', rank: 2 },
];

/** electron-builder's ${arch} in artifact names (x64 builds usually carry none). */
function archOf(fileName: string, platform: ReleasePlatform): ReleaseArch {
  if (/universal/i.test(fileName)) return 'universal';
  if (/(arm64|aarch64)/i.test(fileName)) return 'arm64';
  if (/(ia32|i386|i686)/i.test(fileName) && platform !== 'darwin') return 'ia32';
  return 'x64';
}

/** The platform and arch an installer is for, from its name; a file the updater cannot install is refused. */
export function describeArtifact(
  fileName: string,
): ArtifactKind | Failure<'RELEASE_ARTIFACT_INVALID'> {
  if (fileName.endsWith('.blockmap')) {
    const installer = describeArtifact(fileName.slice(0, -'.blockmap'.length));
    return 'ok' in installer ? installer : { ...installer, rank: null, companion: true };
  }
  const kind = KINDS.find((candidate) => candidate.test.test(fileName));
  if (kind === undefined) {
    return failure(
      'RELEASE_ARTIFACT_INVALID',
      `${fileName} is no installer electron-updater can install: give a Windows .exe (NSIS), a macOS ` +
        '-mac.zip (with its .dmg if you like), or a Linux .AppImage, .deb or .rpm (and their .blockmap files).',
      { file: fileName },
    );
  }
  return {
    platform: kind.platform,
    arch: archOf(fileName, kind.platform),
    rank: kind.rank,
    companion: false,
  };
}

/** Base64 sha512 of a file, read as a stream so an installer of hundreds of MB is never held whole. */
export function sha512Base64(filePath: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const hash = createHash('sha512');
    createReadStream(filePath)
      .on('error', reject)
      .on('data', (chunk) => hash.update(chunk))
      .on('end', () => resolve(hash.digest('base64')));
  });
}

/** Reads an artifact from disk: its kind from the name, its size and sha512 from the bytes. */
export async function readArtifact(
  filePath: string,
): Promise<Artifact | Failure<'RELEASE_ARTIFACT_INVALID'>> {
  const fileName = path.basename(filePath);
  const kind = describeArtifact(fileName);
  if ('ok' in kind) return kind;
  const info = await stat(filePath).catch(() => null);
  if (info === null || !info.isFile()) {
    return failure('RELEASE_ARTIFACT_INVALID', `${filePath} is not a file that can be read.`, {
      file: filePath,
    });
  }
  if (info.size === 0) {
    return failure('RELEASE_ARTIFACT_INVALID', `${filePath} is empty; is the build finished?`, {
      file: filePath,
    });
  }
  return {
    ...kind,
    path: filePath,
    fileName,
    sha512: await sha512Base64(filePath),
    size: info.size,
  };
}
