import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveAuthSettings } from '../../../src/local-supabase/auth/auth-settings.js';
import { readProjectConfig } from '../../../src/local-supabase/project-config.js';
import { DEFAULT_PROJECT_DIR } from '../../../src/local-supabase/stack.js';

describe('[auth] settings from supabase/config.toml', () => {
  it("reads the repository's config.toml: TOTP on for admins' aal2, the CLI's limits, 1 s between mails", async () => {
    const { auth } = await readProjectConfig(DEFAULT_PROJECT_DIR);
    const settings = resolveAuthSettings(undefined, auth);
    expect(settings.mfa).toEqual({
      maxEnrolledFactors: 10,
      totpEnrollEnabled: true,
      totpVerifyEnabled: true,
    });
    expect(settings.rateLimit).toMatchObject({
      signInsAndSignUps: 30,
      tokenRefreshes: 150,
      tokenVerifications: 30,
      // No [auth.email.smtp]: the CLI applies email_sent only to real mail.
      emailsPerHour: undefined,
    });
    expect(settings).toMatchObject({
      signupEnabled: true,
      emailSignupEnabled: true,
      emailMaxFrequencySeconds: 1,
      otpLength: 6,
      otpExpirySeconds: 3600,
    });
  });

  it('lets a startStack caller override config.toml, and config.toml override the defaults', async () => {
    const projectDir = await mkdtemp(path.join(tmpdir(), 'talentg-auth-settings-'));
    try {
      await mkdir(path.join(projectDir, 'supabase'));
      await writeFile(
        path.join(projectDir, 'supabase', 'config.toml'),
        `[auth.rate_limit]\nsign_in_sign_ups = 7\nemail_sent = 5\n\n[auth.email]\nenable_signup = false\n` +
          `max_frequency = "1m30s"\n\n[auth.email.smtp]\nenabled = true\n`,
      );
      const { auth } = await readProjectConfig(projectDir);
      const fromToml = resolveAuthSettings(undefined, auth);
      expect(fromToml).toMatchObject({ emailSignupEnabled: false, emailMaxFrequencySeconds: 90 });
      expect(fromToml.rateLimit).toMatchObject({ signInsAndSignUps: 7, emailsPerHour: 5 });
      const overridden = resolveAuthSettings({ rateLimit: { signInsAndSignUps: 2 } }, auth);
      expect(overridden.rateLimit).toMatchObject({ signInsAndSignUps: 2, emailsPerHour: 5 });
      expect(resolveAuthSettings({ rateLimit: false }, auth).rateLimit).toBe(false);
    } finally {
      await rm(projectDir, { recursive: true, force: true });
    }
  });

  it('refuses a max_frequency that is not a Go duration, naming the key', async () => {
    const projectDir = await mkdtemp(path.join(tmpdir(), 'talentg-auth-settings-'));
    try {
      await mkdir(path.join(projectDir, 'supabase'));
      await writeFile(
        path.join(projectDir, 'supabase', 'config.toml'),
        '[auth.email]\nmax_frequency = "soon"\n',
      );
      await expect(readProjectConfig(projectDir)).rejects.toThrow(
        'supabase/config.toml [auth.email] max_frequency: time: invalid duration "soon"',
      );
    } finally {
      await rm(projectDir, { recursive: true, force: true });
    }
  });
});
