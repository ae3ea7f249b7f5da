import path from 'node:path';
import pg from 'pg';
import { beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/local-supabase/db/index.js';
import {
  applyBootstrap,
  listMigrations,
  prepareDatabase,
} from '../../src/local-supabase/migrate.js';
import { createDatabaseAt, sharedClusterUrl, uniqueDatabaseName } from '../support/pg-cluster.js';
import { schemaCatalog } from './schema-catalog.js';
import { REPO_ROOT, cliDbUrl, runSupabaseCli, type ToolResult } from './run-tool.js';

const migrationsDir = path.join(REPO_ROOT, 'supabase', 'migrations');

/** A fresh PostgreSQL 15 database with what a Supabase database has before migrations. */
async function bootstrappedDatabase(prefix: string): Promise<string> {
  const url = await createDatabaseAt(sharedClusterUrl(), uniqueDatabaseName(prefix));
  const db = await openDatabase(url);
  try {
    await applyBootstrap(db);
  } finally {
    await db.close();
  }
  return url;
}

describe('supabase/migrations on a fresh PostgreSQL 15 through the official Supabase CLI', () => {
  let cliUrl: string;
  let migrationUp: ToolResult;

  beforeAll(async () => {
    cliUrl = await bootstrappedDatabase('cli_migrations');
    migrationUp = await runSupabaseCli(['migration', 'up', '--db-url', cliDbUrl(cliUrl)]);
  }, 180_000);

  it('`supabase migration up` succeeds and records every migration file in schema_migrations', async () => {
    const files = await listMigrations(migrationsDir);
    expect(files.length, 'supabase/migrations holds no <version>_<name>.sql files').toBeGreaterThan(
      0,
    );
    expect(migrationUp.code, migrationUp.output).toBe(0);
    for (const file of files) expect(migrationUp.output).toContain(path.basename(file.file));

    const client = new pg.Client({ connectionString: cliUrl });
    await client.connect();
    try {
      const { rows } = await client.query<{ version: string }>(
        'select version from supabase_migrations.schema_migrations order by version',
      );
      expect(rows.map((row) => row.version)).toEqual(files.map((file) => file.version));
    } finally {
      await client.end();
    }
  });

  it('`supabase db lint --fail-on error` reports no errors in the migrated schema', async () => {
    expect(migrationUp.code, 'migration up failed; see the test above').toBe(0);
    const lint = await runSupabaseCli([
      'db',
      'lint',
      '--db-url',
      cliDbUrl(cliUrl),
      '--fail-on',
      'error',
    ]);
    expect(lint.code, lint.output).toBe(0);
  }, 120_000);

  it('migrate.ts applies the same tables, columns, policies and functions as the CLI', async () => {
    expect(migrationUp.code, 'migration up failed; see the test above').toBe(0);
    const oursUrl = await createDatabaseAt(sharedClusterUrl(), uniqueDatabaseName('migrate_ts'));
    const db = await openDatabase(oursUrl);
    try {
      await prepareDatabase(db, { projectDir: REPO_ROOT, seed: false });
    } finally {
      await db.close();
    }
    const [cli, ours] = await Promise.all([schemaCatalog(cliUrl), schemaCatalog(oursUrl)]);
    expect(cli.tables?.length, 'the catalog query found no tables').toBeGreaterThan(0);
    expect(ours).toEqual(cli);
  }, 120_000);
});
