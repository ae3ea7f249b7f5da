import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: [
      'tests/unit/**/*.test.ts',
      'src/**/*.test.ts',
      'tests/integration/**/*.test.ts',
      'tests/db/**/*.test.ts',
      'tests/reliability/**/*.test.ts',
    ],
    environment: 'node',
    testTimeout: 60_000,
    // Starting a stack (PGlite, PostgreSQL) in beforeAll takes seconds on 2 busy cores, not milliseconds.
    hookTimeout: 60_000,
    // One throwaway PostgreSQL 15 cluster for the run; tests reach it through TALENTG_TEST_PG_URL.
    globalSetup: ['tests/support/pg-global-setup.ts'],
    // Forks: native addons and process-wide APIs (signals, exit) behave as in production.
    pool: 'forks',
  },
});
