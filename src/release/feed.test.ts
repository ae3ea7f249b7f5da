// The release feed against electron-builder's own writer (byte for byte), electron-builder's sha512,
// the names electron-updater asks for, and which version each feed file offers after stages and pulls.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  electronBuilderFeed,
  electronBuilderSha512,
} from '../../tests/support/electron-builder-feed.js';
import { describeArtifact, readArtifact, type Artifact } from './artifacts.js';
import {
  feedFileName,
  feedYaml,
  planFeeds,
  updateInfoFor,
  type FeedRow,
} from '../domain/release-feed.js';

let dir: string;

async function artifact(name: string, bytes: string): Promise<Artifact> {
  const file = path.join(dir, name);
  await writeFile(file, bytes);
  const read = await readArtifact(file);
  if ('ok' in read) throw new Error(read.message);
  return read;
}

function ourFeed(version: string, artifacts: readonly Artifact[], date: string, staged: number) {
  const info = updateInfoFor(
    version,
    artifacts.map((a) => ({ url: a.fileName, sha512: a.sha512, size: a.size, arch: a.arch })),
    date,
  );
  return feedYaml(info, staged);
}

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'talentg-feed-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const DATE = '2026-12-07T10:00:00.000Z';

describe('feed files', () => {
  it('are byte for byte what electron-builder writes for Linux (AppImage and deb), with the stage', async () => {
    const appImage = await artifact('TalentG-1.4.0.AppImage', 'appimage bytes '.repeat(1000));
    const deb = await artifact('talentg_1.4.0_amd64.deb', 'deb bytes');
    const theirs = await electronBuilderFeed({
      platform: 'linux',
      channel: 'latest',
      version: '1.4.0',
      releaseDate: DATE,
      stagingPercentage: 25,
      artifacts: [appImage, deb].map((a) => ({ ...a, file: a.path })),
    });
    expect(theirs.name).toBe(feedFileName('stable', 'linux', 'x64'));
    expect(ourFeed('1.4.0', [appImage, deb], DATE, 25)).toBe(theirs.text);
    expect(theirs.text).toContain('stagingPercentage: 25');
  });

  it('are byte for byte what electron-builder writes for macOS (zip first, x64 before arm64, dmg listed)', async () => {
    const dmg = await artifact('TalentG-1.4.0-arm64.dmg', 'dmg');
    const arm = await artifact('TalentG-1.4.0-arm64-mac.zip', 'arm zip');
    const intel = await artifact('TalentG-1.4.0-mac.zip', 'intel zip');
    const theirs = await electronBuilderFeed({
      platform: 'darwin',
      channel: 'beta',
      version: '1.4.0-beta.2',
      releaseDate: DATE,
      stagingPercentage: 10,
      artifacts: [dmg, arm, intel].map((a) => ({ ...a, file: a.path })),
    });
    expect(theirs.name).toBe(feedFileName('beta', 'darwin', 'arm64'));
    expect(ourFeed('1.4.0-beta.2', [dmg, arm, intel], DATE, 10)).toBe(theirs.text);
    expect(theirs.text.indexOf('TalentG-1.4.0-mac.zip')).toBeLessThan(theirs.text.indexOf('.dmg'));
  });

  it('are byte for byte what electron-builder writes for Windows, with no stage at 100%', async () => {
    const setup = await artifact('TalentG-Setup-1.4.0.exe', 'MZ setup');
    const theirs = await electronBuilderFeed({
      platform: 'win32',
      channel: 'latest',
      version: '1.4.0',
      releaseDate: DATE,
      artifacts: [{ ...setup, file: setup.path }],
    });
    expect(theirs.name).toBe('latest.yml');
    expect(ourFeed('1.4.0', [setup], DATE, 100)).toBe(theirs.text);
    expect(theirs.text).not.toContain('stagingPercentage');
  });

  it("carry each file's sha512 exactly as electron-builder hashes it", async () => {
    const setup = await artifact('TalentG-Setup-1.4.1.exe', 'x'.repeat(3_000_000));
    expect(setup.sha512).toBe(await electronBuilderSha512(setup.path));
    expect(setup.sha512).toMatch(/^[A-Za-z0-9+/]{86}==$/);
    expect(setup.size).toBe(3_000_000);
  });
});

describe('artifacts', () => {
  it('are judged by the names electron-builder gives them', () => {
    expect(describeArtifact('TalentG Workstation-Setup-1.4.0.exe')).toEqual({
      platform: 'win32',
      arch: 'x64',
      rank: 0,
      companion: false,
    });
    expect(describeArtifact('TalentG Workstation-Setup-1.4.0.exe.blockmap')).toEqual({
      platform: 'win32',
      arch: 'x64',
      rank: null,
      companion: true,
    });
    expect(describeArtifact('TalentG-1.4.0-arm64-mac.zip')).toMatchObject({
      platform: 'darwin',
      arch: 'arm64',
    });
    expect(describeArtifact('TalentG-1.4.0-universal.dmg')).toMatchObject({
      arch: 'universal',
      rank: null,
    });
    expect(describeArtifact('TalentG-1.4.0-arm64.AppImage')).toMatchObject({
      platform: 'linux',
      arch: 'arm64',
    });
    expect(describeArtifact('talentg_1.4.0_amd64.deb')).toMatchObject({ rank: 1 });
  });

  it('refuse a file the updater cannot install, with a code', async () => {
    expect(describeArtifact('notes.txt')).toMatchObject({
      ok: false,
      code: 'RELEASE_ARTIFACT_INVALID',
    });
    expect(describeArtifact('source.zip')).toMatchObject({ code: 'RELEASE_ARTIFACT_INVALID' });
    await writeFile(path.join(dir, 'Empty-1.0.0.AppImage'), '');
    expect(await readArtifact(path.join(dir, 'Empty-1.0.0.AppImage'))).toMatchObject({
      code: 'RELEASE_ARTIFACT_INVALID',
    });
    expect(await readArtifact(path.join(dir, 'Missing-1.0.0.exe'))).toMatchObject({
      code: 'RELEASE_ARTIFACT_INVALID',
    });
  });
});

describe('planFeeds', () => {
  const NOW = Date.parse(DATE);
  const row = (version: string, extra: Partial<FeedRow> = {}): FeedRow => ({
    version,
    channel: 'stable',
    platform: 'linux',
    arch: 'x64',
    staged_percentage: 100,
    published_at: '2026-12-01T00:00:00.000Z',
    pulled_at: null,
    ...extra,
  });

  it('offers the newest version first, at the narrowest stage of its rows', () => {
    const plans = planFeeds(
      [
        row('1.9.0'),
        row('1.10.0', { staged_percentage: 20 }),
        row('1.10.0', { platform: 'win32', staged_percentage: 50 }),
        row('1.10.0', { platform: 'win32', arch: 'arm64', staged_percentage: 30 }),
      ],
      NOW,
    );
    expect(plans.get('latest-linux.yml')?.map((c) => [c.version, c.stagingPercentage])).toEqual([
      ['1.10.0', 20],
      ['1.9.0', 100],
    ]);
    expect(plans.get('latest.yml')?.map((c) => [c.version, c.stagingPercentage])).toEqual([
      ['1.10.0', 30],
    ]);
  });

  it('skips pulled, draft and future releases, and keeps the file of a channel left with none', () => {
    const plans = planFeeds(
      [
        row('1.9.0', { pulled_at: DATE }),
        row('2.0.0', { published_at: null }),
        row('2.1.0', { published_at: '2027-01-01T00:00:00.000Z' }),
        row('1.8.0', { platform: 'darwin' }),
      ],
      NOW,
    );
    expect(plans.get('latest-linux.yml')).toEqual([]);
    expect(plans.get('latest-mac.yml')?.map((c) => c.version)).toEqual(['1.8.0']);
  });

  it('offers beta machines a stable release newer than the newest beta, and stable machines no beta', () => {
    const plans = planFeeds(
      [
        row('1.10.0-beta.1', { channel: 'beta' }),
        row('1.10.0'),
        row('1.11.0-beta.1', { channel: 'alpha' }),
      ],
      NOW,
    );
    expect(plans.get('beta-linux.yml')?.map((c) => c.version)).toEqual(['1.10.0', '1.10.0-beta.1']);
    expect(plans.get('latest-linux.yml')?.map((c) => c.version)).toEqual(['1.10.0']);
    expect(plans.get('beta-linux.yml')?.[0]?.archive).toBe(
      'versions/stable/1.10.0/latest-linux.yml',
    );
  });
});
