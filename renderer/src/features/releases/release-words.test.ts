import { describe, expect, it } from 'vitest';
import { byVersion, releaseState, shortHash, sizeLabel } from './release-words';

const NOW = Date.parse('2026-12-07T12:00:00.000Z');

describe('release words', () => {
  it('names where a release stands for the updater, a pull outranking publication', () => {
    expect(releaseState({ published_at: null, pulled_at: null }, NOW)).toBe('draft');
    expect(releaseState({ published_at: '2026-12-08T00:00:00.000Z', pulled_at: null }, NOW)).toBe(
      'scheduled',
    );
    expect(releaseState({ published_at: '2026-12-01T00:00:00.000Z', pulled_at: null }, NOW)).toBe(
      'published',
    );
    expect(
      releaseState(
        { published_at: '2026-12-01T00:00:00.000Z', pulled_at: '2026-12-02T00:00:00.000Z' },
        NOW,
      ),
    ).toBe('pulled');
  });

  it('groups consecutive releases of one version, keeping the list order', () => {
    const groups = byVersion([
      { version: '1.10.0', id: 'a' },
      { version: '1.10.0', id: 'b' },
      { version: '1.9.0', id: 'c' },
    ]);
    expect(groups.map((g) => [g.version, g.releases.map((r) => r.id)])).toEqual([
      ['1.10.0', ['a', 'b']],
      ['1.9.0', ['c']],
    ]);
  });

  it('shortens the hash to its ends and sizes in MB', () => {
    expect(shortHash('0123456789' + 'x'.repeat(112) + 'abcdef')).toBe('0123456789…abcdef');
    expect(sizeLabel(84_213_000)).toBe('84.2 MB');
    expect(sizeLabel(1_200)).toBe('1 KB');
  });
});
