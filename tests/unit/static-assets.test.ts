import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { contentTypeFor, resolveStaticAsset } from '../../src/security/static-assets';

const root = resolve('/opt/talentg/out/renderer');

describe('resolveStaticAsset', () => {
  it('maps app URLs to files under the renderer directory', () => {
    expect(resolveStaticAsset(root, 'talentg://app/index.html')).toBe(join(root, 'index.html'));
    expect(resolveStaticAsset(root, 'talentg://app/')).toBe(join(root, 'index.html'));
    expect(resolveStaticAsset(root, 'talentg://app/assets/main-abc.js')).toBe(
      join(root, 'assets', 'main-abc.js'),
    );
  });

  it('keeps dot segments inside the root, as URL parsing clamps them', () => {
    expect(resolveStaticAsset(root, 'talentg://app/../../etc/passwd.html')).toBe(
      join(root, 'etc', 'passwd.html'),
    );
    expect(resolveStaticAsset(root, 'talentg://app/%2e%2e/%2e%2e/secret.js')).toBe(
      join(root, 'secret.js'),
    );
  });

  it('refuses encoded paths that would escape the root', () => {
    for (const url of [
      'talentg://app/assets/..%2f..%2f..%2fsecret.js',
      'talentg://app/..%5c..%5csecret.js',
      'talentg://app/index.html%00.js',
    ]) {
      expect(resolveStaticAsset(root, url)).toBeNull();
    }
  });

  it('refuses file types the renderer does not ship', () => {
    expect(resolveStaticAsset(root, 'talentg://app/notes.txt')).toBeNull();
    expect(resolveStaticAsset(root, 'talentg://app/db.sqlite')).toBeNull();
  });
});

describe('contentTypeFor', () => {
  it('gives module scripts a JavaScript MIME type, which Chromium requires', () => {
    expect(contentTypeFor('/x/main.js')).toMatch(/^text\/javascript/);
    expect(contentTypeFor('/x/index.html')).toMatch(/^text\/html/);
  });
});
