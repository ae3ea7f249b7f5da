// The schema a set of migrations builds, as diffable text without OIDs: every object's definition as
// PostgreSQL prints it back (pg_get_functiondef, pg_get_triggerdef, ...), its owner, ACL and comment,
// and the rows a migration inserts. Two databases print the same text only if the migrations built the
// same schema, whichever files the SQL sits in. Used by tests/db/catalog-snapshot.test.ts and
// scripts/catalog-snapshot.ts.
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { openDatabase } from '../../src/local-supabase/db/index.js';
import { applyBootstrap, applyMigrations } from '../../src/local-supabase/migrate.js';
import { createDatabaseAt, uniqueDatabaseName } from '../support/pg-cluster.js';

/** The committed snapshot of what the migrations build; not a .sql file, so pg_prove never runs it. */
export const SNAPSHOT_FILE = fileURLToPath(
  new URL('../../supabase/tests/catalog/schema.txt', import.meta.url),
);

// Ours are the objects a migration made: a normal OID, outside the system and bookkeeping schemas.
const USER_OID = 16384;
const SKIPPED = `('pg_catalog', 'information_schema', 'pg_toast', 'supabase_migrations')`;
const notFromExtension = (catalog: string, oid: string) =>
  `not exists (select 1 from pg_depend d where d.classid = '${catalog}'::regclass and d.objid = ${oid} and d.deptype = 'e')`;
/** An ACL as its entries in one order (grant order does not matter); null means the type's default. */
const acl = (column: string, type: string, owner: string) =>
  `(select coalesce(string_agg(a::text, ',' order by a::text), '') from unnest(coalesce(${column}, acldefault(${type}, ${owner}))) a)`;

/** Each query returns one `entry` per object; an entry may span lines (a function's definition). */
const SECTIONS: Record<string, string> = {
  schemas: `
    select format('schema %s owner=%s acl=%s', n.nspname, pg_get_userbyid(n.nspowner),
                  ${acl('n.nspacl', `'n'`, 'n.nspowner')}) as entry
      from pg_namespace n
     where n.oid >= ${USER_OID} and n.nspname not in ${SKIPPED} and n.nspname not like 'pg_temp%'
       and n.nspname not like 'pg_toast_temp%' and ${notFromExtension('pg_namespace', 'n.oid')}`,
  extensions: `
    select format('extension %s schema=%s', e.extname, e.extnamespace::regnamespace) as entry
      from pg_extension e`,
  types: `
    select format('type %s.%s kind=%s base=%s notnull=%s default=%s labels=%s checks=%s owner=%s acl=%s',
                  n.nspname, t.typname, t.typtype, format_type(t.typbasetype, t.typtypmod), t.typnotnull,
                  t.typdefault,
                  (select string_agg(e.enumlabel, ',' order by e.enumsortorder) from pg_enum e where e.enumtypid = t.oid),
                  (select string_agg(pg_get_constraintdef(c.oid), ' ' order by c.conname) from pg_constraint c where c.contypid = t.oid),
                  pg_get_userbyid(t.typowner), ${acl('t.typacl', `'T'`, 't.typowner')}) as entry
      from pg_type t join pg_namespace n on n.oid = t.typnamespace
     where t.oid >= ${USER_OID} and n.nspname not in ${SKIPPED} and (t.typtype in ('e', 'd', 'r', 'm')
            or (t.typtype = 'c' and (select r.relkind from pg_class r where r.oid = t.typrelid) = 'c'))
       and ${notFromExtension('pg_type', 't.oid')}`,
  relations: `
    select format('relation %s.%s kind=%s owner=%s rls=%s force=%s replica=%s options=%s acl=%s', n.nspname,
                  c.relname, c.relkind, pg_get_userbyid(c.relowner), c.relrowsecurity, c.relforcerowsecurity,
                  c.relreplident, c.reloptions::text,
                  ${acl('c.relacl', `case c.relkind when 'S' then 's' else 'r' end::"char"`, 'c.relowner')}) as entry
      from pg_class c join pg_namespace n on n.oid = c.relnamespace
     where c.oid >= ${USER_OID} and n.nspname not in ${SKIPPED} and c.relkind in ('r', 'p', 'v', 'm', 'f', 'S')
       and ${notFromExtension('pg_class', 'c.oid')}`,
  // Columns by position: the order is part of a table (select *, %rowtype).
  columns: `
    select format('column %s.%s #%s %s %s notnull=%s default=%s identity=%s generated=%s collation=%s acl=%s',
                  n.nspname, c.relname, lpad((row_number() over (partition by c.oid order by a.attnum))::text, 2, '0'),
                  a.attname, format_type(a.atttypid, a.atttypmod), a.attnotnull, pg_get_expr(ad.adbin, ad.adrelid),
                  a.attidentity, a.attgenerated, co.collname,
                  (select coalesce(string_agg(x::text, ',' order by x::text), '') from unnest(a.attacl) x)) as entry
      from pg_attribute a
      join pg_class c on c.oid = a.attrelid
      join pg_namespace n on n.oid = c.relnamespace
      left join pg_attrdef ad on ad.adrelid = a.attrelid and ad.adnum = a.attnum
      left join pg_collation co on co.oid = a.attcollation and a.attcollation <> 100
     where c.oid >= ${USER_OID} and n.nspname not in ${SKIPPED} and c.relkind in ('r', 'p', 'v', 'm', 'f', 'c')
       and a.attnum > 0 and not a.attisdropped and ${notFromExtension('pg_class', 'c.oid')}`,
  constraints: `
    select format('constraint %s.%s %s %s validated=%s', n.nspname, c.relname, co.conname,
                  pg_get_constraintdef(co.oid), co.convalidated) as entry
      from pg_constraint co join pg_class c on c.oid = co.conrelid join pg_namespace n on n.oid = c.relnamespace
     where co.oid >= ${USER_OID} and n.nspname not in ${SKIPPED}`,
  indexes: `
    select 'index ' || pg_get_indexdef(i.indexrelid) as entry
      from pg_index i join pg_class c on c.oid = i.indexrelid join pg_namespace n on n.oid = c.relnamespace
     where i.indexrelid >= ${USER_OID} and n.nspname not in ${SKIPPED}
       and ${notFromExtension('pg_class', 'i.indrelid')}`,
  views: `
    select format(E'view %s.%s\n%s', n.nspname, c.relname, pg_get_viewdef(c.oid, true)) as entry
      from pg_class c join pg_namespace n on n.oid = c.relnamespace
     where c.oid >= ${USER_OID} and n.nspname not in ${SKIPPED} and c.relkind in ('v', 'm')
       and ${notFromExtension('pg_class', 'c.oid')}`,
  sequences: `
    select format('sequence %s.%s type=%s start=%s min=%s max=%s increment=%s cycle=%s cache=%s', schemaname,
                  sequencename, data_type, start_value, min_value, max_value, increment_by, cycle, cache_size) as entry
      from pg_sequences where schemaname not in ${SKIPPED}`,
  triggers: `
    select format('trigger %s enabled=%s', pg_get_triggerdef(t.oid, true), t.tgenabled) as entry
      from pg_trigger t join pg_class c on c.oid = t.tgrelid join pg_namespace n on n.oid = c.relnamespace
     where not t.tgisinternal and t.oid >= ${USER_OID} and n.nspname not in ${SKIPPED}`,
  rules: `
    select format('rule %s.%s %s', schemaname, tablename, definition) as entry
      from pg_rules where schemaname not in ${SKIPPED}`,
  policies: `
    select format('policy %s.%s %s %s %s roles=%s using=%s check=%s', schemaname, tablename, policyname,
                  permissive, cmd, roles::text, qual, with_check) as entry
      from pg_policies where schemaname not in ${SKIPPED}`,
  functions: `
    select format(E'function %s.%s(%s) kind=%s owner=%s acl=%s\n%s', n.nspname, p.proname,
                  pg_get_function_identity_arguments(p.oid), p.prokind, pg_get_userbyid(p.proowner),
                  ${acl('p.proacl', `'f'`, 'p.proowner')},
                  case when p.prokind in ('f', 'p') then pg_get_functiondef(p.oid) else '' end) as entry
      from pg_proc p join pg_namespace n on n.oid = p.pronamespace
     where p.oid >= ${USER_OID} and n.nspname not in ${SKIPPED} and ${notFromExtension('pg_proc', 'p.oid')}`,
  comments: `
    select format('comment on %s: %s', pg_describe_object(d.classoid, d.objoid, d.objsubid), d.description) as entry
      from pg_description d
     where d.objoid >= ${USER_OID}
       and not exists (select 1 from pg_depend e
                        where e.classid = d.classoid and e.objid = d.objoid and e.deptype = 'e')`,
  publications: `
    select format('publication %s all=%s insert=%s update=%s delete=%s truncate=%s', p.pubname, p.puballtables,
                  p.pubinsert, p.pubupdate, p.pubdelete, p.pubtruncate) as entry
      from pg_publication p
    union all
    select format('publication %s table %s.%s columns=%s where=%s', pubname, schemaname, tablename,
                  attnames::text, rowfilter) as entry
      from pg_publication_tables`,
  'default privileges': `
    select format('default privileges for %s in %s on %s acl=%s', pg_get_userbyid(d.defaclrole),
                  coalesce(d.defaclnamespace::regnamespace::text, '(all)'), d.defaclobjtype,
                  (select string_agg(a::text, ',' order by a::text) from unnest(d.defaclacl) a)) as entry
      from pg_default_acl d`,
  'event triggers': `
    select format('event trigger %s on %s enabled=%s function=%s tags=%s', e.evtname, e.evtevent, e.evtenabled,
                  e.evtfoid::regprocedure, e.evttags::text) as entry
      from pg_event_trigger e`,
};

/** Rows are compared without timestamps: a default of now() differs on every build. */
const ROW_TABLES = `
  select format('%I.%I', n.nspname, c.relname) as name,
         coalesce(array_agg(a.attname::text) filter (where a.atttypid in ('timestamptz'::regtype, 'timestamp'::regtype)),
                  '{}') as timestamps
    from pg_class c
    join pg_namespace n on n.oid = c.relnamespace
    join pg_attribute a on a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped
   where c.oid >= ${USER_OID} and n.nspname not in ${SKIPPED} and c.relkind in ('r', 'p')
     and ${notFromExtension('pg_class', 'c.oid')}
   group by n.nspname, c.relname`;

type Catalog = Map<string, Set<string>>;

async function readCatalog(databaseUrl: string): Promise<Catalog> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const catalog: Catalog = new Map();
    for (const [section, sql] of Object.entries(SECTIONS)) {
      const { rows } = await client.query<{ entry: string }>(sql);
      catalog.set(section, new Set(rows.map((row) => row.entry)));
    }
    const tables = await client.query<{ name: string; timestamps: string[] }>(ROW_TABLES);
    const data = new Set<string>();
    for (const table of tables.rows) {
      const { rows } = await client.query<{ content: string | null }>(
        `select string_agg(r::text, E'\n' order by r::text) as content
           from (select to_jsonb(t) - $1::text[] as r from ${table.name} t) as x`,
        [table.timestamps],
      );
      if (rows[0]?.content) data.add(`rows of ${table.name}\n${rows[0].content}`);
    }
    catalog.set('rows', data);
    return catalog;
  } finally {
    await client.end();
  }
}

const HEADER = `# What supabase/migrations build on top of src/local-supabase/sql/bootstrap.sql, on PostgreSQL 15:
# every entry of the migrated database that the bootstrap alone does not have. Checked by
# tests/db/catalog-snapshot.test.ts; after a migration that changes the schema on purpose, regenerate it
# with \`npx tsx scripts/catalog-snapshot.ts\` and review the diff.
`;

/** The text of the snapshot file: the migrated catalog minus the bootstrap's, section by section. */
export function renderSnapshot(migrated: Catalog, bootstrapOnly: Catalog): string {
  const parts = [HEADER];
  for (const [section, entries] of migrated) {
    const baseline = bootstrapOnly.get(section) ?? new Set<string>();
    const own = [...entries].filter((entry) => !baseline.has(entry)).sort();
    // Multi-line entries (functions, views, rows) read better with a blank line between them.
    const separator = own.some((entry) => entry.includes('\n')) ? '\n\n' : '\n';
    parts.push(`## ${section}\n${own.join(separator)}\n`);
  }
  return parts.join('\n');
}

async function freshDatabase(adminUrl: string, prefix: string): Promise<string> {
  return createDatabaseAt(adminUrl, uniqueDatabaseName(prefix));
}

/**
 * Builds two databases on the cluster behind `adminUrl` (the bootstrap alone, and the bootstrap with
 * the migrations in `migrationsDir`) and returns the snapshot text of what the migrations add.
 */
export async function migrationsSnapshot(adminUrl: string, migrationsDir: string): Promise<string> {
  const [bootstrapUrl, migratedUrl] = await Promise.all([
    freshDatabase(adminUrl, 'catalog_bootstrap'),
    freshDatabase(adminUrl, 'catalog_migrated'),
  ]);
  for (const [url, migrate] of [
    [bootstrapUrl, false],
    [migratedUrl, true],
  ] as const) {
    const db = await openDatabase(url);
    try {
      await applyBootstrap(db);
      if (migrate) await applyMigrations(db, migrationsDir);
    } finally {
      await db.close();
    }
  }
  const [migrated, bootstrapOnly] = await Promise.all([
    readCatalog(migratedUrl),
    readCatalog(bootstrapUrl),
  ]);
  return renderSnapshot(migrated, bootstrapOnly);
}

/** The committed snapshot, or undefined when there is none yet. */
export async function committedSnapshot(): Promise<string | undefined> {
  return readFile(SNAPSHOT_FILE, 'utf8').catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return undefined;
    throw error;
  });
}
