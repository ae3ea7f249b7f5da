import { readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Database } from './db/index.js';

const bootstrapFile = fileURLToPath(new URL('./sql/bootstrap.sql', import.meta.url));

/** The SQL of the bootstrap (see applyBootstrap). */
export function bootstrapSql(): Promise<string> {
  return readFile(bootstrapFile, 'utf8');
}

/** Gives a plain PostgreSQL or PGlite what a Supabase database has before migrations. Idempotent. */
export async function applyBootstrap(db: Database): Promise<void> {
  await db.exec(await bootstrapSql());
}

export interface MigrationFile {
  version: string;
  name: string;
  file: string;
}

/** Supabase CLI naming: `<version>_<name>.sql`, applied in version order. */
export async function listMigrations(migrationsDir: string): Promise<MigrationFile[]> {
  const entries = await readdir(migrationsDir);
  return entries
    .filter((entry) => /^\d+_.+\.sql$/.test(entry))
    .sort()
    .map((entry) => {
      const [version, ...rest] = entry.replace(/\.sql$/, '').split('_');
      return {
        version: version ?? '',
        name: rest.join('_'),
        file: path.join(migrationsDir, entry),
      };
    });
}

/** Applies the migrations not yet recorded in supabase_migrations.schema_migrations, each in its own transaction. */
export async function applyMigrations(db: Database, migrationsDir: string): Promise<string[]> {
  const applied = new Set(
    (
      await db.query<{ version: string }>(
        'select version from supabase_migrations.schema_migrations',
      )
    ).rows.map((row) => row.version),
  );
  const done: string[] = [];
  for (const migration of await listMigrations(migrationsDir)) {
    if (applied.has(migration.version)) continue;
    const sql = await readFile(migration.file, 'utf8');
    try {
      await db.exec(`begin;\n${sql}\n;commit;`);
    } catch (error) {
      await db.exec('rollback').catch(() => undefined);
      throw new Error(
        `migration ${path.basename(migration.file)} failed: ${(error as Error).message}`,
        {
          cause: error,
        },
      );
    }
    await db.query(
      'insert into supabase_migrations.schema_migrations (version, name) values ($1, $2)',
      [migration.version, migration.name],
    );
    done.push(migration.version);
  }
  return done;
}

export async function applySeed(db: Database, seedFile: string): Promise<void> {
  await db.exec(await readFile(seedFile, 'utf8'));
}

export const migrationsDirOf = (projectDir: string): string =>
  path.join(projectDir, 'supabase', 'migrations');

export interface PrepareOptions {
  projectDir: string;
  seed: boolean;
}

/** What follows the schema on a database: the seed if asked for, then PostgREST's schema reload. */
export async function finishDatabase(db: Database, options: PrepareOptions): Promise<void> {
  if (options.seed) await applySeed(db, path.join(options.projectDir, 'supabase', 'seed.sql'));
  await db.query(`notify pgrst, 'reload schema'`);
}

/** Bootstrap, migrations and optionally the seed: what `supabase db reset` does to a local project. */
export async function prepareDatabase(db: Database, options: PrepareOptions): Promise<void> {
  await applyBootstrap(db);
  await applyMigrations(db, migrationsDirOf(options.projectDir));
  await finishDatabase(db, options);
}
