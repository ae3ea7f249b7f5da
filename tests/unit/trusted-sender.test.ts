import { describe, expect, it } from 'vitest';
import { isTrustedSender, type SenderFrame } from '../../src/security/trusted-sender';

const trusted = { origin: 'talentg://app', webContentsId: 7 };
const mainFrame: SenderFrame = {
  url: 'talentg://app/index.html',
  isMainFrame: true,
  webContentsId: 7,
};

describe('isTrustedSender', () => {
  it('accepts the main frame of our window on our origin', () => {
    expect(isTrustedSender(mainFrame, trusted)).toBe(true);
  });

  it('accepts the dev server origin when that is what we serve', () => {
    const dev = { origin: 'http://localhost:5173', webContentsId: 7 };
    expect(isTrustedSender({ ...mainFrame, url: 'http://localhost:5173/#/queue' }, dev)).toBe(true);
  });

  it('refuses an iframe even on our origin', () => {
    expect(isTrustedSender({ ...mainFrame, isMainFrame: false }, trusted)).toBe(false);
  });

  it('refuses another web contents', () => {
    expect(isTrustedSender({ ...mainFrame, webContentsId: 8 }, trusted)).toBe(false);
  });

  it('refuses a page that navigated to another origin', () => {
    expect(isTrustedSender({ ...mainFrame, url: 'https://evil.example/' }, trusted)).toBe(false);
    expect(isTrustedSender({ ...mainFrame, url: 'talentg://other/index.html' }, trusted)).toBe(
      false,
    );
    expect(
      isTrustedSender(
        { ...mainFrame, url: 'http://localhost:5174/' },
        { ...trusted, origin: 'http://localhost:5173' },
      ),
    ).toBe(false);
  });

  it('refuses file:, about:blank, unparsable and destroyed frames', () => {
    for (const url of ['file:///etc/passwd', 'about:blank', 'not a url', '', undefined]) {
      expect(isTrustedSender({ ...mainFrame, url }, trusted)).toBe(false);
    }
  });
});
