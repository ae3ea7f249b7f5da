// electron-builder's own update-info writer (app-builder-lib's createUpdateInfoTasks and
// writeUpdateInfoFiles, the code `electron-builder --publish` runs after building installers), driven
// with a minimal packager so tests compare the release CLI's feed files with what it writes byte for byte.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';

const require = createRequire(import.meta.url);

interface UpdateInfoBuilder {
  createUpdateInfoTasks(event: unknown, publishConfigs: unknown[]): Promise<unknown[]>;
  writeUpdateInfoFiles(tasks: unknown[], packager: unknown): Promise<void>;
}
const builder = require('app-builder-lib/out/publish/updateInfoBuilder.js') as UpdateInfoBuilder;
const { Platform } = require('app-builder-lib/out/core.js') as {
  Platform: { WINDOWS: unknown; MAC: unknown; LINUX: unknown };
};
const { Arch } = require('builder-util') as { Arch: Record<string, number> };
const { hashFile } = require('app-builder-lib/out/util/hash.js') as {
  hashFile(file: string): Promise<string>;
};

/** electron-builder's sha512 of a file (base64), as it writes into the feed. */
export const electronBuilderSha512 = hashFile;

export interface BuiltArtifact {
  /** The installer on disk (its base name is the feed's url). */
  readonly file: string;
  readonly arch: 'x64' | 'arm64' | 'ia32' | 'universal';
  readonly sha512: string;
  readonly size: number;
}

/**
 * The feed file electron-builder writes for one platform, channel and version: the artifacts as one
 * build's targets emit them, stagingPercentage added as its docs say (after releaseDate).
 */
export async function electronBuilderFeed(input: {
  readonly platform: 'win32' | 'darwin' | 'linux';
  readonly channel: 'latest' | 'beta';
  readonly version: string;
  readonly releaseDate: string;
  readonly stagingPercentage?: number;
  readonly artifacts: readonly BuiltArtifact[];
}): Promise<{ name: string; text: string }> {
  const outDir = await mkdtemp(path.join(tmpdir(), 'talentg-eb-feed-'));
  try {
    const platform = {
      win32: Platform.WINDOWS,
      darwin: Platform.MAC,
      linux: Platform.LINUX,
    }[input.platform];
    const releaseInfo = {
      releaseDate: input.releaseDate,
      ...(input.stagingPercentage === undefined
        ? {}
        : { stagingPercentage: input.stagingPercentage }),
    };
    const packager = {
      platform,
      appInfo: { version: input.version },
      platformSpecificBuildOptions: { releaseInfo, generateUpdatesFilesForAllChannels: false },
      config: {},
      // electron-updater 6 in the app: no electron-updater 1.x compatibility fields.
      info: { metadata: { dependencies: { 'electron-updater': '^6.6.0' } } },
      getResource: () => Promise.resolve(null),
      emitArtifactCreated: () => Promise.resolve(),
    };
    const publish = [
      { provider: 'generic', url: 'https://updates.invalid', channel: input.channel },
    ];
    const tasks: unknown[] = [];
    for (const artifact of input.artifacts) {
      const event = {
        packager,
        file: artifact.file,
        arch: Arch[artifact.arch],
        target: { outDir },
        updateInfo: { sha512: artifact.sha512, size: artifact.size },
      };
      tasks.push(...(await builder.createUpdateInfoTasks(event, publish)));
    }
    await builder.writeUpdateInfoFiles(tasks, packager);
    const suffix = { win32: '', darwin: '-mac', linux: '-linux' }[input.platform];
    const linuxArch = input.artifacts[0]?.arch ?? 'x64';
    const archSuffix = input.platform === 'linux' && linuxArch !== 'x64' ? `-${linuxArch}` : '';
    const name = `${input.channel}${suffix}${archSuffix}.yml`;
    return { name, text: await readFile(path.join(outDir, name), 'utf8') };
  } finally {
    await rm(outDir, { recursive: true, force: true });
  }
}
