import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/local-supabase/db/index.js';
import { prepareDatabase } from '../../src/local-supabase/migrate.js';
import { createDatabaseAt, sharedClusterUrl, uniqueDatabaseName } from '../support/pg-cluster.js';
import { REPO_ROOT, runTool } from './run-tool.js';

const testsDir = path.join(REPO_ROOT, 'supabase', 'tests');

/** Every .sql file under supabase/tests, as `supabase test db` would pick them up. */
async function pgTapFiles(): Promise<string[]> {
  const entries = await readdir(testsDir, { recursive: true }).catch(
    (error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return [] as string[];
      throw error;
    },
  );
  return entries
    .filter((entry) => entry.endsWith('.sql'))
    .sort()
    .map((entry) => path.join(testsDir, entry));
}

describe('the pgTAP suite in supabase/tests', () => {
  let databaseUrl: URL;

  beforeAll(async () => {
    const url = await createDatabaseAt(sharedClusterUrl(), uniqueDatabaseName('pgtap'));
    const db = await openDatabase(url);
    try {
      await prepareDatabase(db, { projectDir: REPO_ROOT, seed: true });
      // What `supabase test db` does before running the files.
      await db.exec('create extension if not exists pgtap with schema extensions');
    } finally {
      await db.close();
    }
    databaseUrl = new URL(url);
  }, 180_000);

  it('passes under pg_prove on PostgreSQL 15 with migrations and seed applied', async () => {
    const files = await pgTapFiles();
    expect(files.length, `no pgTAP files (*.sql) under ${testsDir}`).toBeGreaterThan(0);
    const result = await runTool(
      'pg_prove',
      [
        '--dbname',
        databaseUrl.pathname.slice(1),
        '--host',
        databaseUrl.hostname,
        '--port',
        databaseUrl.port,
        '--username',
        databaseUrl.username,
        '--failures',
        '--comments',
        '--nocolor',
        ...files,
      ],
      // Supabase's postgres role searches public and extensions, where pgTAP's functions live.
      { env: { PGOPTIONS: '-c search_path="$user",public,extensions' } },
    );
    expect(result.code, `pg_prove failed:\n${result.output}`).toBe(0);
    expect(result.output).toContain('Result: PASS');
  }, 180_000);
});
