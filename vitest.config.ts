import { defineConfig } from 'vitest/config';
import SlowFirstSequencer from './tests/support/slow-first-sequencer.js';

const DEFAULT_FILES = [
  'tests/unit/**/*.test.ts',
  'src/**/*.test.ts',
  // The renderer's pure logic (stores, words, orderings); typechecked with tsconfig.web.json.
  'renderer/src/**/*.test.ts',
  'tests/integration/**/*.test.ts',
  'tests/db/**/*.test.ts',
  'tests/reliability/**/*.test.ts',
];

/**
 * Files that need a fresh module cache each: the renderer's stores (module-level zustand state and a
 * bridge set once), in-process PGlite (its WebAssembly file system outlives a closed database), and
 * stubbed globals or timers.
 */
const ISOLATED_FILES = [
  'renderer/src/**/*.test.ts',
  'tests/integration/contract/**/*.test.ts',
  'tests/integration/sync/sync-rpc.test.ts',
  'tests/integration/sync/rate-limit.test.ts',
  'tests/integration/sync/retention.test.ts',
  'tests/integration/db-batch.test.ts',
  'tests/integration/db-row-count.test.ts',
  'tests/integration/pglite-template.test.ts',
  'tests/integration/hardening/abandonable-statement.test.ts',
  'tests/integration/hardening/abandoned-auth-storage.test.ts',
  'tests/integration/hardening/nesting-fuzz.test.ts',
  'tests/integration/realtime/authorization.test.ts',
  'tests/integration/realtime/filter-shortcut.test.ts',
  'tests/integration/rest/abandoned-request.test.ts',
  'tests/db/seed-pglite.test.ts',
  'src/workstation/sync/engine.test.ts',
  'tests/integration/functions/edge-runtime.test.ts',
];

export default defineConfig({
  test: {
    environment: 'node',
    testTimeout: 60_000,
    // Starting a stack (PGlite, PostgreSQL) in beforeAll takes seconds on 2 busy cores, not milliseconds.
    hookTimeout: 60_000,
    // Forks: native addons and process-wide APIs (signals, exit) behave as in production.
    pool: 'forks',
    // Vitest runs one file at a time on 2 cores (cores - 1); most files wait on a stack, a child
    // process or a timer, so two at once fill the cores instead of leaving one idle.
    maxWorkers: 2,
    // The slowest files start first even without vitest's cache of durations (a fresh clone in CI).
    sequence: { sequencer: SlowFirstSequencer },
    projects: [
      {
        extends: true,
        test: {
          name: 'default',
          include: DEFAULT_FILES,
          exclude: ISOLATED_FILES,
          // A worker runs file after file in one module cache: importing the stack, supabase-js and the
          // core once per worker instead of once per file saved about 150 s of a run. Files that keep
          // state in modules or in PGlite's WebAssembly runtime run isolated (the project below).
          isolate: false,
          // One throwaway PostgreSQL 15 cluster for the run; tests reach it through TALENTG_TEST_PG_URL.
          // Stack tests get a copy of its migrated template database each (tests/support/stack.ts).
          globalSetup: ['tests/support/pg-global-setup.ts'],
        },
      },
      {
        extends: true,
        test: {
          name: 'isolated',
          include: ISOLATED_FILES,
          globalSetup: ['tests/support/pg-global-setup.ts'],
        },
      },
      {
        extends: true,
        test: {
          // The same stack tests again on PGlite, the engine `npm start` runs on, for the parts where
          // the engines differ most: REST reads, writes and RPCs (an RPC may commit in its one round
          // trip), errors, the change capture, Auth, Storage.
          name: 'pglite',
          include: [
            'tests/integration/rest/select.test.ts',
            'tests/integration/rest/mutate.test.ts',
            'tests/integration/rest/rpc.test.ts',
            'tests/integration/rest/errors.test.ts',
            'tests/integration/realtime/postgres-changes.test.ts',
            'tests/integration/auth/sign-in.test.ts',
            'tests/integration/storage/objects.test.ts',
          ],
          env: { TALENTG_TEST_DB_URL: 'memory' },
          globalSetup: ['tests/support/pg-global-setup.ts'],
        },
      },
      {
        extends: true,
        test: {
          name: 'e2e',
          // Journeys in a real Chromium against `talentg start` and one embedded stack (global setup).
          include: ['tests/e2e/**/*.test.ts'],
          globalSetup: ['tests/e2e/support/global-setup.ts'],
          // The journeys are one file (they share the stack, so never two at once). It starts first and
          // runs in one worker beside the rest of the suite: a browser, a core and the stack use about
          // one of the 2 cores, and run alone at the end they left the other idle for two minutes.
          testTimeout: 90_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
