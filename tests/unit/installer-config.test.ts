// electron-builder.yml, checked without building (no Electron runtime here): electron-builder's own schema
// accepts it, it makes the installers DESIGN.md §11 names and the update archive macOS needs, it keeps
// every signing secret out of the file, and the release CLI recognises each installer it names.
import { readFile, stat } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import yaml from 'js-yaml';
import { beforeAll, describe, expect, it } from 'vitest';
import { describeArtifact } from '../../src/release/artifacts.js';

const require = createRequire(import.meta.url);
const { validateConfiguration } = require('app-builder-lib/out/util/config/config.js') as {
  validateConfiguration(config: unknown, debug: { isEnabled: boolean; add(): void }): Promise<void>;
};

const ROOT = path.resolve(import.meta.dirname, '../..');

interface Config {
  appId: string;
  productName: string;
  npmRebuild?: boolean;
  asarUnpack: string[];
  publish: { provider: string };
  mac: {
    target: string[];
    hardenedRuntime: boolean;
    entitlements: string;
    entitlementsInherit: string;
  };
  win: { target: string[] };
  linux: { target: string[] };
  nsis: { artifactName: string };
  dmg: { artifactName: string };
}

let text: string;
let config: Config;

beforeAll(async () => {
  text = await readFile(path.join(ROOT, 'electron-builder.yml'), 'utf8');
  config = yaml.load(text) as Config;
});

/** electron-builder's ${...} macros for one build. */
function artifactName(template: string, values: Record<string, string>): string {
  return template.replace(/\$\{(\w+)\}/g, (_, key: string) => values[key] ?? `\${${key}}`);
}

describe('electron-builder.yml', () => {
  it("passes electron-builder's own configuration schema", async () => {
    await expect(
      validateConfiguration(structuredClone(config), { isEnabled: false, add: () => undefined }),
    ).resolves.toBeUndefined();
  });

  it('makes NSIS, dmg with the zip Squirrel.Mac updates from, AppImage and deb', () => {
    expect(config.win.target).toEqual(['nsis']);
    expect(config.mac.target).toEqual(['dmg', 'zip']);
    expect(config.linux.target).toEqual(['AppImage', 'deb']);
    expect(config.publish.provider).toBe('generic');
  });

  it('signs macOS builds with the hardened runtime and entitlements that exist', async () => {
    expect(config.mac.hardenedRuntime).toBe(true);
    for (const file of [config.mac.entitlements, config.mac.entitlementsInherit]) {
      expect((await stat(path.join(ROOT, file))).isFile()).toBe(true);
    }
  });

  it('rebuilds better-sqlite3 for Electron and unpacks it from the asar', () => {
    expect(config.npmRebuild).not.toBe(false);
    expect(config.asarUnpack).toContain('node_modules/better-sqlite3/**/*.node');
  });

  it('holds no signing credential: those come only from the environment', () => {
    const keys = JSON.stringify(config);
    for (const secret of [
      'cscLink',
      'cscKeyPassword',
      'certificateFile',
      'certificatePassword',
      'appleId',
      'appleIdPassword',
      'appleApiKey',
      'azureSignOptions',
    ]) {
      expect(keys).not.toContain(`"${secret}"`);
    }
    expect(text).not.toMatch(/-----BEGIN|password\s*:/i);
  });

  it('names each installer so that `talentg release publish` knows its platform and arch', () => {
    const values = { productName: config.productName, version: '1.4.0', ext: '' };
    const named = (template: string, ext: string, arch = 'x64') =>
      describeArtifact(artifactName(template, { ...values, ext, arch }));
    expect(named(config.nsis.artifactName, 'exe')).toMatchObject({
      platform: 'win32',
      arch: 'x64',
    });
    expect(named(config.dmg.artifactName, 'dmg', 'arm64')).toMatchObject({
      platform: 'darwin',
      arch: 'arm64',
      rank: null,
    });
    // electron-builder's defaults for the targets this file does not rename (x64 carries no arch).
    expect(describeArtifact(`${config.productName}-1.4.0-mac.zip`)).toMatchObject({
      platform: 'darwin',
      rank: 0,
    });
    expect(describeArtifact(`${config.productName}-1.4.0-arm64-mac.zip`)).toMatchObject({
      arch: 'arm64',
    });
    expect(describeArtifact(`${config.productName}-1.4.0.AppImage`)).toMatchObject({
      platform: 'linux',
      arch: 'x64',
    });
    expect(describeArtifact('talentg-workstation_1.4.0_arm64.deb')).toMatchObject({
      platform: 'linux',
      arch: 'arm64',
    });
  });
});
