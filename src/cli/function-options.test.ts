import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UsageError } from './command.js';
import { readFunctionSettings } from './function-options.js';

let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'talentg-function-options-'));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('readFunctionSettings (--env-file, --function-schedule)', () => {
  it('gives nothing when neither flag is given, so the stack reads supabase/functions/.env alone', () => {
    expect(readFunctionSettings({})).toEqual({});
  });

  it('reads an env file as the Supabase CLI does (comments, quotes, export-less lines)', async () => {
    const file = path.join(dir, 'functions.env');
    await writeFile(
      file,
      '# secrets\nBREVO_API_KEY="xkeysib-1"\nWORDPRESS_INTAKE_RATE_LIMIT=100/60\n',
    );
    expect(readFunctionSettings({ 'env-file': file }).functionsEnv).toEqual({
      BREVO_API_KEY: 'xkeysib-1',
      WORDPRESS_INTAKE_RATE_LIMIT: '100/60',
    });
  });

  it('turns <name>=<seconds> into milliseconds per function', () => {
    expect(
      readFunctionSettings({ 'function-schedule': ['email-sender=60', 'health=0.25'] })
        .functionSchedules,
    ).toEqual({ 'email-sender': 60_000, health: 250 });
  });

  it.each([
    [{ 'env-file': '/no/such/file.env' }, '--env-file /no/such/file.env cannot be read (ENOENT)'],
    [{ 'function-schedule': ['health'] }, 'must be <function>=<seconds>'],
    [{ 'function-schedule': ['../health=5'] }, 'must be <function>=<seconds>'],
    [{ 'function-schedule': ['health=-1'] }, 'must be <function>=<seconds>'],
    [{ 'function-schedule': ['health=0'] }, 'the period must be 0.001 to'],
    [{ 'function-schedule': ['health=9999999'] }, 'the period must be 0.001 to'],
    [{ 'function-schedule': ['health=1', 'health=2'] }, 'names health twice'],
  ])('refuses %j with a usage error: %s', (values, message) => {
    expect(() => readFunctionSettings(values)).toThrow(UsageError);
    expect(() => readFunctionSettings(values)).toThrow(message);
  });
});
