import { describe, expect, it } from 'vitest';
import {
  describeStartupError,
  failureChoice,
  startupFailurePage,
  startupFailureUrl,
} from './startup-failure';

describe('startup failure screen', () => {
  it('says why, with the code and the log folder, and offers Try again and Quit', () => {
    const page = startupFailurePage(
      describeStartupError(
        Object.assign(new Error('The local cache is from a newer version.'), {
          code: 'CACHE_TOO_NEW',
        }),
        'C:\\Users\\tc1\\AppData\\Roaming\\TalentG\\logs',
      ),
    );
    expect(page).toContain('<p>The local cache is from a newer version.</p>');
    expect(page).toContain('<code>CACHE_TOO_NEW</code>');
    expect(page).toContain('AppData\\Roaming\\TalentG\\logs');
    expect(page).toContain('href="#retry">Try again</a>');
    expect(page).toContain('href="#quit">Quit</a>');
    expect(page).toContain('role="alert"');
  });

  it('runs no script and escapes the reason', () => {
    const page = startupFailurePage(describeStartupError('<img src=x onerror=alert(1)>', '/logs'));
    expect(page).not.toMatch(/<script|<img/i);
    expect(page).toContain('&#60;img src=x onerror=alert(1)&#62;');
    expect(page).toContain("default-src 'none'");
    expect(page).toContain('<code>CORE_START_FAILED</code>');
  });

  it('reads the choice from the hash its links move to, and nothing from other pages', () => {
    const url = startupFailureUrl(describeStartupError(new Error('x'), '/logs'));
    expect(decodeURIComponent(url.slice(url.indexOf(',') + 1))).toContain('Try again');
    expect(failureChoice(`${url}#retry`)).toBe('retry');
    expect(failureChoice(`${url}#quit`)).toBe('quit');
    expect(failureChoice(url)).toBeNull();
    expect(failureChoice('talentg://app/index.html#quit')).toBeNull();
  });
});
