// A fresh PGlite database from the schema template (src/local-supabase/pglite-template.ts) is the same
// database the migrations build, and a template can only save time: never skip or keep a stale migration.
import { cpSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/local-supabase/db/index.js';
import { openFromTemplate } from '../../src/local-supabase/pglite-template.js';

const REPO_ROOT = path.resolve(import.meta.dirname, '../..');
const temp = mkdtempSync(path.join(os.tmpdir(), 'talentg-template-'));
afterAll(() => rmSync(temp, { recursive: true, force: true }));

/** Relations, functions, policies, triggers and applied migrations: what the schema is made of. */
async function schemaOf(db: Database): Promise<string[]> {
  const { rows } = await db.query<{ item: string }>(`
    select 'rel ' || n.nspname || '.' || c.relname || ' ' || c.relkind::text as item
      from pg_class c join pg_namespace n on n.oid = c.relnamespace
     where n.nspname not in ('pg_catalog', 'information_schema', 'pg_toast')
    union all
    select 'fn ' || n.nspname || '.' || p.proname || '(' || pg_get_function_identity_arguments(p.oid) || ')'
      from pg_proc p join pg_namespace n on n.oid = p.pronamespace
     where n.nspname not in ('pg_catalog', 'information_schema')
    union all
    select 'policy ' || polrelid::regclass::text || ' ' || polname from pg_policy
    union all
    select 'trigger ' || tgrelid::regclass::text || ' ' || tgname from pg_trigger where not tgisinternal
    union all
    select 'migration ' || version from supabase_migrations.schema_migrations
    order by 1`);
  return rows.map((row) => row.item);
}

function migrationsCopy(name: string): string {
  const dir = path.join(temp, name);
  cpSync(path.join(REPO_ROOT, 'supabase', 'migrations'), dir, { recursive: true });
  return dir;
}

// Each build from the migrations takes seconds on PGlite, so the tests share what they can: the first
// test's build is both the saved template and the schema a load must equal, and the later tests start
// from a copy of that template or from a one-line migration.
describe('a fresh PGlite database from the schema template', () => {
  const migrationsDir = path.join(REPO_ROOT, 'supabase', 'migrations');
  const firstTemplates = path.join(temp, 'templates-a');

  it('is built once, then loaded, and has the schema the migrations build', async () => {
    const options = { migrationsDir, templateDir: firstTemplates };
    const built = await openFromTemplate('memory', options);
    const loaded = await openFromTemplate('memory', options);
    try {
      expect(built.fromTemplate).toBe(false);
      expect(readdirSync(firstTemplates).filter((name) => name.endsWith('.tar'))).toHaveLength(1);
      expect(loaded.fromTemplate).toBe(true);
      const schema = await schemaOf(loaded.db);
      expect(schema.filter((item) => item.startsWith('migration '))).toHaveLength(
        readdirSync(migrationsDir).filter((name) => name.endsWith('.sql')).length,
      );
      expect(schema).toEqual(await schemaOf(built.db));
    } finally {
      await loaded.db.close();
      await built.db.close();
    }
  });

  it('is rebuilt when a migration is added, and a stale template under the key still gets it', async () => {
    const templateDir = path.join(temp, 'templates-b');
    const copiedMigrations = migrationsCopy('migrations-b');
    // The key is the migrations' names and contents, so the first test's template serves the copy.
    cpSync(firstTemplates, templateDir, { recursive: true });
    const [oldTemplate] = readdirSync(templateDir);
    const unchanged = await openFromTemplate('memory', {
      migrationsDir: copiedMigrations,
      templateDir,
    });
    await unchanged.db.close();
    expect(unchanged.fromTemplate).toBe(true);

    writeFileSync(
      path.join(copiedMigrations, '29991231000000_template_probe.sql'),
      'create table public.template_probe (id int primary key);',
    );
    const rebuilt = await openFromTemplate('memory', {
      migrationsDir: copiedMigrations,
      templateDir,
    });
    await rebuilt.db.close();
    expect(rebuilt.fromTemplate).toBe(false);
    const names = readdirSync(templateDir).sort();
    expect(names).toHaveLength(2);

    // Put the old template under the new key: the load must still apply the migration it lacks.
    const newTemplate = names.find((name) => name !== oldTemplate)!;
    cpSync(path.join(templateDir, oldTemplate!), path.join(templateDir, newTemplate));
    const stale = await openFromTemplate('memory', {
      migrationsDir: copiedMigrations,
      templateDir,
    });
    try {
      expect(stale.fromTemplate).toBe(true);
      const probe = await stale.db.query(`select to_regclass('public.template_probe')::text as t`);
      expect(probe.rows).toEqual([{ t: 'template_probe' }]);
    } finally {
      await stale.db.close();
    }
  });

  it('still opens when the template cannot be saved', async () => {
    const blocker = path.join(temp, 'not-a-directory');
    writeFileSync(blocker, 'a file where the template directory should be');
    const oneMigration = path.join(temp, 'migrations-c');
    mkdirSync(oneMigration);
    writeFileSync(
      path.join(oneMigration, '20260101000000_only.sql'),
      'create table public.only_table (id int primary key);',
    );
    const opened = await openFromTemplate('memory', {
      migrationsDir: oneMigration,
      templateDir: path.join(blocker, 'templates'),
    });
    try {
      expect(opened.fromTemplate).toBe(false);
      expect(
        (await opened.db.query('select count(*)::int as n from public.only_table')).rows,
      ).toEqual([{ n: 0 }]);
    } finally {
      await opened.db.close();
    }
  });
});
