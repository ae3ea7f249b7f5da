import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { denoBinary } from '../../../src/local-supabase/functions/deno-workers.js';
import { DEFAULT_PROJECT_DIR } from '../../../src/local-supabase/stack.js';

// The function and _shared under Deno's strict type check, offline: the function's deno.json maps zod
// and libphonenumber-js to npm: specifiers that resolve from the repository's node_modules.

const FUNCTION_DIR = path.join(
  DEFAULT_PROJECT_DIR,
  'supabase',
  'functions',
  'wordpress-lead-intake',
);

describe('wordpress-lead-intake under deno check', () => {
  it('typechecks with its deno.json, offline, from a cold Deno cache', async () => {
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
