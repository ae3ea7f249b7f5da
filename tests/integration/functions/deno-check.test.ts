import { execFile } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { denoBinary } from '../../../src/local-supabase/functions/deno-workers.js';
import { DEFAULT_PROJECT_DIR } from '../../../src/local-supabase/stack.js';

// Every function, with the _shared modules it imports, under Deno's strict type check, offline, as
// `supabase functions deploy` would bundle it: a function's own deno.json maps its npm: specifiers
// (zod, libphonenumber-js), which resolve from the repository's node_modules.

const FUNCTIONS_DIR = path.join(DEFAULT_PROJECT_DIR, 'supabase', 'functions');
const FUNCTIONS = readdirSync(FUNCTIONS_DIR, { withFileTypes: true })
  .filter((entry) => entry.isDirectory() && !entry.name.startsWith('_'))
  .map((entry) => entry.name);

describe('edge functions under deno check', () => {
  it('finds the functions the project deploys', () => {
    expect(FUNCTIONS).toEqual(
      expect.arrayContaining([
        'admin-users',
        'api',
        'email-sender',
        'health',
        'wordpress-lead-intake',
      ]),
    );
  });

  it.each(FUNCTIONS)(
    'typechecks %s offline from a cold Deno cache',
    async (fn) => {
      const denoDir = await mkdtemp(path.join(tmpdir(), 'talentg-deno-check-'));
      try {
        const { stderr } = await promisify(execFile)(
          denoBinary(),
          ['check', '--no-lock', '--node-modules-dir=manual', '--cached-only', 'index.ts'],
          {
            cwd: path.join(FUNCTIONS_DIR, fn),
            env: { DENO_DIR: denoDir, NO_COLOR: '1', PATH: process.env.PATH },
          },
        );
        expect(stderr).toContain('Check');
        expect(stderr).not.toMatch(/error/i);
      } finally {
        await rm(denoDir, { recursive: true, force: true });
      }
    },
    120_000,
  );
});
