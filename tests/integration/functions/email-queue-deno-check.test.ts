import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { denoBinary } from '../../../src/local-supabase/functions/deno-workers.js';
import { DEFAULT_PROJECT_DIR } from '../../../src/local-supabase/stack.js';

// email-sender and the _shared modules it imports under Deno's strict type check, offline, as
// `supabase functions deploy` would bundle them.

const FUNCTION_DIR = path.join(DEFAULT_PROJECT_DIR, 'supabase', 'functions', 'email-sender');

describe('email-sender under deno check', () => {
  it('typechecks offline from a cold Deno cache', async () => {
    const denoDir = await mkdtemp(path.join(tmpdir(), 'talentg-deno-check-'));
    try {
      const { stderr } = await promisify(execFile)(
        denoBinary(),
        ['check', '--no-lock', '--node-modules-dir=manual', '--cached-only', 'index.ts'],
        { cwd: FUNCTION_DIR, env: { DENO_DIR: denoDir, NO_COLOR: '1', PATH: process.env.PATH } },
      );
      expect(stderr).toContain('Check');
      expect(stderr).not.toMatch(/error/i);
    } finally {
      await rm(denoDir, { recursive: true, force: true });
    }
  }, 120_000);
});
