import type { Database } from '../../db/index.js';

export interface TableColumn {
  name: string;
  /** pg_type.typname, what realtime-js converts values by (int4, text, timestamptz, _int4, ...). */
  type: string;
  typeOid: number;
  primaryKey: boolean;
}

export interface PublishedTable {
  relid: number;
  schema: string;
  table: string;
  rowLevelSecurity: boolean;
  /** REPLICA IDENTITY FULL: old records carry every column instead of only the primary key. */
  replicaIdentityFull: boolean;
  /** The publication's actions (`with (publish = 'insert, update')` narrows them). */
  actions: { INSERT: boolean; UPDATE: boolean; DELETE: boolean };
  columns: TableColumn[];
  primaryKey: string[];
}

const SYNC_TRIGGERS = 'select realtime.sync_capture_triggers()';

const PUBLISHED_TABLES = `
  select coalesce(json_agg(json_build_object(
    'relid', c.oid::int8,
    'schema', n.nspname,
    'table', c.relname,
    'rowLevelSecurity', c.relrowsecurity,
    'replicaIdentityFull', c.relreplident = 'f',
    'actions', json_build_object('INSERT', pub.pubinsert, 'UPDATE', pub.pubupdate, 'DELETE', pub.pubdelete),
    'columns', (
      select coalesce(json_agg(json_build_object(
        'name', a.attname,
        'type', t.typname,
        'typeOid', a.atttypid::int8,
        'primaryKey', exists (
          select 1 from pg_index i where i.indrelid = c.oid and i.indisprimary and a.attnum = any (i.indkey)
        )
      ) order by a.attnum), '[]'::json)
      from pg_attribute a
      join pg_type t on t.oid = a.atttypid
      where a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped
    )
  )), '[]'::json)::text as tables
  from pg_publication_tables p
  join pg_publication pub on pub.pubname = p.pubname
  join pg_namespace n on n.nspname = p.schemaname
  join pg_class c on c.relnamespace = n.oid and c.relname = p.tablename
  where p.pubname = 'supabase_realtime' and p.schemaname <> 'realtime'`;

const SELECTABLE_COLUMNS = `
  select coalesce(json_agg(a.attname order by a.attnum), '[]'::json)::text as columns
  from pg_attribute a
  where a.attrelid = $1::int8::oid and a.attnum > 0 and not a.attisdropped
    and has_column_privilege($2::text::name, a.attrelid, a.attnum, 'SELECT')`;

function matches(pattern: string, value: string): boolean {
  return pattern === '*' || pattern === value;
}

/**
 * The tables in the supabase_realtime publication with what a change payload needs: column types,
 * primary key, RLS and replica identity. A refresh also attaches capture triggers to new tables.
 */
export class PublishedTables {
  private byRelid = new Map<number, PublishedTable>();
  private selectable = new Map<string, Promise<Set<string>>>();
  private refreshing: Promise<void> | undefined;

  constructor(private readonly db: Database) {}

  get(relid: number): PublishedTable | undefined {
    return this.byRelid.get(relid);
  }

  /** `*` matches any schema or table, as Supabase's subscription params allow. */
  find(schema: string, table: string): PublishedTable[] {
    return [...this.byRelid.values()].filter(
      (t) => matches(schema, t.schema) && matches(table, t.table),
    );
  }

  /** Re-reads the publication; concurrent callers share one refresh. */
  refresh(): Promise<void> {
    this.refreshing ??= this.load().finally(() => {
      this.refreshing = undefined;
    });
    return this.refreshing;
  }

  /** Columns `role` may select, as has_column_privilege says; cached until the next refresh. */
  selectableColumns(role: string, relid: number): Promise<Set<string>> {
    const key = `${role}\u0000${relid}`;
    let columns = this.selectable.get(key);
    if (!columns) {
      columns = this.db
        .query<{ columns: string }>(SELECTABLE_COLUMNS, [relid, role])
        .then((result) => new Set(JSON.parse(result.rows[0]?.columns ?? '[]') as string[]));
      // A failed lookup (a role that does not exist) is retried next time rather than remembered.
      columns.catch(() => this.selectable.delete(key));
      this.selectable.set(key, columns);
    }
    return columns;
  }

  private async load(): Promise<void> {
    await this.db.query(SYNC_TRIGGERS);
    const result = await this.db.query<{ tables: string }>(PUBLISHED_TABLES);
    const tables = JSON.parse(result.rows[0]?.tables ?? '[]') as Omit<
      PublishedTable,
      'primaryKey'
    >[];
    this.byRelid = new Map(
      tables.map((table) => [
        table.relid,
        { ...table, primaryKey: table.columns.filter((c) => c.primaryKey).map((c) => c.name) },
      ]),
    );
    this.selectable.clear();
  }
}
