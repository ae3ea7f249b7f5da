import pg from 'pg';

// The CLI's own bookkeeping schema differs by CLI version; the project's schema is what must match.
const SKIPPED_SCHEMAS = `('pg_catalog', 'information_schema', 'pg_toast', 'supabase_migrations')`;

/** Objects owned by an extension come from the extension's version, not from our migrations. */
const notFromExtension = (catalog: string, oid: string) =>
  `not exists (select 1 from pg_depend d where d.classid = '${catalog}'::regclass and d.objid = ${oid} and d.deptype = 'e')`;

const QUERIES: Record<string, string> = {
  tables: `
    select format('%s.%s kind=%s rls=%s force=%s acl=%s', n.nspname, c.relname, c.relkind,
                  c.relrowsecurity, c.relforcerowsecurity, c.relacl::text) as line
    from pg_class c join pg_namespace n on n.oid = c.relnamespace
    where n.nspname not in ${SKIPPED_SCHEMAS} and c.relkind in ('r', 'p', 'v', 'm', 'f', 'S')
      and ${notFromExtension('pg_class', 'c.oid')}`,
  columns: `
    select format('%s.%s.%s %s notnull=%s default=%s identity=%s generated=%s', n.nspname, c.relname,
                  a.attname, format_type(a.atttypid, a.atttypmod), a.attnotnull,
                  pg_get_expr(ad.adbin, ad.adrelid), a.attidentity, a.attgenerated) as line
    from pg_attribute a
    join pg_class c on c.oid = a.attrelid
    join pg_namespace n on n.oid = c.relnamespace
    left join pg_attrdef ad on ad.adrelid = a.attrelid and ad.adnum = a.attnum
    where n.nspname not in ${SKIPPED_SCHEMAS} and c.relkind in ('r', 'p', 'v', 'm', 'f')
      and a.attnum > 0 and not a.attisdropped and ${notFromExtension('pg_class', 'c.oid')}`,
  constraints: `
    select format('%s.%s %s %s', n.nspname, c.relname, co.conname, pg_get_constraintdef(co.oid)) as line
    from pg_constraint co join pg_class c on c.oid = co.conrelid join pg_namespace n on n.oid = c.relnamespace
    where n.nspname not in ${SKIPPED_SCHEMAS}`,
  indexes: `
    select indexdef as line from pg_indexes where schemaname not in ${SKIPPED_SCHEMAS}`,
  policies: `
    select format('%s.%s %s %s %s roles=%s using=%s check=%s', schemaname, tablename, policyname,
                  permissive, cmd, roles::text, qual, with_check) as line
    from pg_policies where schemaname not in ${SKIPPED_SCHEMAS}`,
  functions: `
    select format('%s.%s(%s) returns %s secdef=%s volatile=%s config=%s acl=%s src=%s', n.nspname,
                  p.proname, pg_get_function_identity_arguments(p.oid), pg_get_function_result(p.oid),
                  p.prosecdef, p.provolatile, p.proconfig::text, p.proacl::text, md5(p.prosrc)) as line
    from pg_proc p join pg_namespace n on n.oid = p.pronamespace
    where n.nspname not in ${SKIPPED_SCHEMAS} and ${notFromExtension('pg_proc', 'p.oid')}`,
  triggers: `
    select pg_get_triggerdef(t.oid) as line
    from pg_trigger t join pg_class c on c.oid = t.tgrelid join pg_namespace n on n.oid = c.relnamespace
    where not t.tgisinternal and n.nspname not in ${SKIPPED_SCHEMAS}`,
  publications: `
    select format('%s %s.%s', pubname, schemaname, tablename) as line from pg_publication_tables`,
};

export type SchemaCatalog = Record<string, string[]>;

/** A sorted, diffable description of a database's schema: tables, columns, policies, functions, ... */
export async function schemaCatalog(databaseUrl: string): Promise<SchemaCatalog> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const catalog: SchemaCatalog = {};
    for (const [name, sql] of Object.entries(QUERIES)) {
      const { rows } = await client.query<{ line: string }>(sql);
      catalog[name] = rows.map((row) => row.line).sort();
    }
    return catalog;
  } finally {
    await client.end();
  }
}
