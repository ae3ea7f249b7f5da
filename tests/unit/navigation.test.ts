import { describe, expect, it } from 'vitest';
import { externalUrlToOpen, isAllowedNavigation } from '../../src/security/navigation';

describe('isAllowedNavigation', () => {
  it('allows moving within the app origin', () => {
    expect(isAllowedNavigation('talentg://app/index.html#/queue', 'talentg://app')).toBe(true);
  });

  it('blocks leaving the app', () => {
    expect(isAllowedNavigation('https://example.com/', 'talentg://app')).toBe(false);
    expect(isAllowedNavigation('file:///C:/Windows/', 'talentg://app')).toBe(false);
    expect(isAllowedNavigation('javascript:alert(1)', 'talentg://app')).toBe(false);
  });
});

describe('externalUrlToOpen', () => {
  it('passes plain https links to the system browser', () => {
    expect(externalUrlToOpen('https://talentg.example/help')).toBe('https://talentg.example/help');
  });

  it('refuses other schemes, credentials in the URL and non-strings', () => {
    for (const value of [
      'http://example.com',
      'file:///etc/passwd',
      'javascript:alert(1)',
      'smb://host/share',
      'https://user:pass@example.com/',
      'nonsense',
      42,
      null,
    ]) {
      expect(externalUrlToOpen(value)).toBeNull();
    }
  });
});
