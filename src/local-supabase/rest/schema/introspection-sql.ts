/**
 * The one statement that reads the exposed schema, as JSON text so PGlite and pg answer alike.
 * $1 is the schema name. Tables and views with their columns and keys, foreign keys between them,
 * the base-table columns views read, and functions with their parameters and result shape.
 */
export const INTROSPECT_SCHEMA = `
with
rels as (
  select c.oid, c.relname, c.relkind
  from pg_catalog.pg_class c
  join pg_catalog.pg_namespace n on n.oid = c.relnamespace
  where n.nspname = $1 and c.relkind in ('r', 'v', 'm', 'f', 'p')
),
cols as (
  select a.attrelid,
         json_agg(json_build_object(
           'name', a.attname,
           'type', pg_catalog.format_type(a.atttypid, a.atttypmod),
           'nullable', not a.attnotnull,
           'default', pg_catalog.pg_get_expr(d.adbin, d.adrelid)
         ) order by a.attnum) as columns
  from pg_catalog.pg_attribute a
  left join pg_catalog.pg_attrdef d on d.adrelid = a.attrelid and d.adnum = a.attnum
  where a.attrelid in (select oid from rels) and a.attnum > 0 and not a.attisdropped
  group by a.attrelid
),
keys as (
  select con.conrelid, con.contype,
         (select json_agg(a.attname order by k.ord)
            from unnest(con.conkey) with ordinality k(attnum, ord)
            join pg_catalog.pg_attribute a on a.attrelid = con.conrelid and a.attnum = k.attnum) as columns
  from pg_catalog.pg_constraint con
  where con.conrelid in (select oid from rels) and con.contype in ('p', 'u')
),
tables as (
  select json_agg(json_build_object(
    'name', r.relname,
    'isView', r.relkind in ('v', 'm'),
    'columns', coalesce(c.columns, '[]'::json),
    'primaryKey', coalesce((select k.columns from keys k where k.conrelid = r.oid and k.contype = 'p'), '[]'::json),
    'uniqueKeys', coalesce((select json_agg(k.columns) from keys k where k.conrelid = r.oid), '[]'::json)
  )) as list
  from rels r left join cols c on c.attrelid = r.oid
),
fkeys as (
  select json_agg(json_build_object(
    'name', con.conname,
    'table', src.relname,
    'foreignTable', dst.relname,
    'columns', (select json_agg(a.attname order by k.ord)
                  from unnest(con.conkey) with ordinality k(attnum, ord)
                  join pg_catalog.pg_attribute a on a.attrelid = con.conrelid and a.attnum = k.attnum),
    'foreignColumns', (select json_agg(a.attname order by k.ord)
                         from unnest(con.confkey) with ordinality k(attnum, ord)
                         join pg_catalog.pg_attribute a on a.attrelid = con.confrelid and a.attnum = k.attnum)
  )) as list
  from pg_catalog.pg_constraint con
  join rels src on src.oid = con.conrelid
  join rels dst on dst.oid = con.confrelid
  where con.contype = 'f'
),
viewcols as (
  -- Which base-table columns each view reads, from the view rule's dependencies.
  select json_agg(distinct jsonb_build_object('view', v.relname, 'table', t.relname, 'column', a.attname)) as list
  from pg_catalog.pg_rewrite r
  join rels v on v.oid = r.ev_class and v.relkind in ('v', 'm')
  join pg_catalog.pg_depend d on d.classid = 'pg_catalog.pg_rewrite'::regclass and d.objid = r.oid
    and d.refclassid = 'pg_catalog.pg_class'::regclass and d.refobjsubid > 0
  join rels t on t.oid = d.refobjid and t.oid <> v.oid
  join pg_catalog.pg_attribute a on a.attrelid = t.oid and a.attnum = d.refobjsubid
),
procs as (
  select json_agg(json_build_object(
    'name', p.proname,
    'volatility', p.provolatile,
    'returnsSet', p.proretset,
    'returnType', pg_catalog.format_type(p.prorettype, null),
    'returnTypeKind', rt.typtype,
    'returnRelation', (select r.relname from rels r where r.oid = rt.typrelid),
    'returnAttributes', (select json_agg(json_build_object(
                            'name', a.attname,
                            'type', pg_catalog.format_type(a.atttypid, a.atttypmod),
                            'nullable', not a.attnotnull,
                            'default', null) order by a.attnum)
                          from pg_catalog.pg_attribute a
                          where rt.typtype = 'c' and a.attrelid = rt.typrelid and a.attnum > 0 and not a.attisdropped),
    'defaults', p.pronargdefaults,
    'args', (select coalesce(json_agg(json_build_object(
                 'name', coalesce(p.proargnames[i], ''),
                 'type', pg_catalog.format_type(coalesce(p.proallargtypes[i], p.proargtypes[i - 1]), null),
                 'mode', coalesce(p.proargmodes[i], 'i')) order by i), '[]'::json)
             from generate_series(1, coalesce(array_length(p.proallargtypes, 1), p.pronargs)) i)
  )) as list
  from pg_catalog.pg_proc p
  join pg_catalog.pg_namespace n on n.oid = p.pronamespace
  join pg_catalog.pg_type rt on rt.oid = p.prorettype
  where n.nspname = $1 and p.prokind = 'f'
)
select json_build_object(
  'tables', coalesce((select list from tables), '[]'::json),
  'foreignKeys', coalesce((select list from fkeys), '[]'::json),
  'viewColumns', coalesce((select list from viewcols), '[]'::json),
  'routines', coalesce((select list from procs), '[]'::json)
)::text as cache
`;
