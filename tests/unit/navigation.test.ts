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

  it('hands a tel: link with a plain number to the dialer, without its separators', () => {
    expect(externalUrlToOpen('tel:+919876543210')).toBe('tel:+919876543210');
    expect(externalUrlToOpen('tel:+91%2098765%2043210')).toBe('tel:+919876543210');
    expect(externalUrlToOpen('tel:(020)%207946-0018')).toBe('tel:02079460018');
  });

  it('refuses a tel: link that is not just a number', () => {
    for (const value of ['tel:', 'tel:12', 'tel:+91abc', 'tel:+919876543210?call=1', 'tel:*21#']) {
      expect(externalUrlToOpen(value)).toBeNull();
    }
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
