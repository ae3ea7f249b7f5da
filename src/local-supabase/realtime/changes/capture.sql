-- Realtime change capture without logical replication (PGlite has none; PostgreSQL uses the same path).
-- Statement triggers on the tables of the supabase_realtime publication append each changed row to
-- realtime.changes and NOTIFY `<transaction id>:<table oid>`, never the row: NOTIFY is delivered only
-- at commit (rolled-back changes never reach anyone), identical payloads collapse to one per
-- transaction and table, and 8000 bytes would not hold a row anyway. Per statement, not per row: a
-- bulk write (a sync push) costs one trigger call, one INSERT and one NOTIFY, not one of each per row.
-- Idempotent: the Realtime service runs it on every start.

-- Unlogged: a change that a crash loses was never delivered, and Realtime is only a poke (DESIGN.md 6).
create unlogged table if not exists realtime.changes (
  id bigserial primary key,
  xid xid8 not null default pg_current_xact_id(),
  relid oid not null,
  type text not null,
  record jsonb,
  old_record jsonb,
  commit_timestamp timestamptz not null default clock_timestamp()
);
create index if not exists changes_xid_idx on realtime.changes (xid);
create index if not exists changes_commit_timestamp_idx on realtime.changes (commit_timestamp);
-- Nobody reads another user's changes through the API: only the service (the owner) touches this table.
revoke all on realtime.changes from public, anon, authenticated, service_role;

-- One AFTER ... FOR EACH STATEMENT trigger per event (transition tables allow only one event per
-- trigger). Rows keep the statement's order: they are numbered as the transition table is scanned
-- and inserted in that order, so realtime.changes.id follows it. Records are to_jsonb of the row, as
-- the former row trigger wrote them. Security definer: the writer may be anon or authenticated, who
-- have no rights on realtime.changes.
create or replace function realtime.capture_statement_changes() returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
  captured bigint;
begin
  if tg_op = 'INSERT' then
    insert into realtime.changes (relid, type, record)
    select tg_relid, tg_op, r.record
    from (select row_number() over () as n, to_jsonb(t) as record from talentg_new_rows t) r
    order by r.n;
  elsif tg_op = 'UPDATE' then
    -- The executor appends each updated row's old and new versions together, so position N of the old rows pairs with position N of the new.
    insert into realtime.changes (relid, type, record, old_record)
    select tg_relid, tg_op, r.record, o.record
    from (select row_number() over () as n, to_jsonb(t) as record from talentg_new_rows t) r
    join (select row_number() over () as n, to_jsonb(t) as record from talentg_old_rows t) o on o.n = r.n
    order by r.n;
  else
    insert into realtime.changes (relid, type, old_record)
    select tg_relid, tg_op, o.record
    from (select row_number() over () as n, to_jsonb(t) as record from talentg_old_rows t) o
    order by o.n;
  end if;
  get diagnostics captured = row_count;
  -- Statement triggers fire for statements that change nothing too; those must not wake anyone.
  if captured > 0 then
    perform pg_notify('talentg_realtime', pg_current_xact_id()::text || ':' || tg_relid::text);
  end if;
  return null;
end
$$;
revoke all on function realtime.capture_statement_changes() from public, anon, authenticated, service_role;

-- Attaches the three capture triggers to every published table that lacks them, detaches them from
-- tables that left the publication, and drops the row trigger (talentg_realtime_capture) that older
-- databases still carry. Another stack on the same database may race us: a duplicate is fine.
create or replace function realtime.sync_capture_triggers() returns void
language plpgsql
as $$
declare
  rel regclass;
  op text;
  trigger_name text;
begin
  -- Statement triggers fire only for the table a statement names, so on partitioned tables, partitions
  -- and inheritance children (written through a parent or a child) they would miss changes silently.
  for rel in
    select c.oid::regclass
    from pg_publication_tables p
    join pg_namespace n on n.nspname = p.schemaname
    join pg_class c on c.relnamespace = n.oid and c.relname = p.tablename
    where p.pubname = 'supabase_realtime'
      and p.schemaname <> 'realtime'
      and (c.relkind <> 'r' or c.relispartition or exists (select 1 from pg_inherits i where i.inhrelid = c.oid))
  loop
    raise exception 'realtime cannot capture changes of %: only plain tables may be in the supabase_realtime publication', rel
      using errcode = 'feature_not_supported',
            hint = 'Drop it from the publication: partitioned tables, partitions and inheritance children are not supported.';
  end loop;

  for rel, op in
    select format('%I.%I', p.schemaname, p.tablename)::regclass, e.op
    from pg_publication_tables p
    cross join (values ('insert'), ('update'), ('delete')) as e(op)
    where p.pubname = 'supabase_realtime'
      and p.schemaname <> 'realtime'
      and not exists (
        select 1 from pg_trigger t
        where t.tgrelid = format('%I.%I', p.schemaname, p.tablename)::regclass
          and t.tgname = 'talentg_realtime_capture_' || e.op
      )
  loop
    begin
      execute format(
        'create trigger %I after %s on %s referencing %s for each statement '
        'execute function realtime.capture_statement_changes()',
        'talentg_realtime_capture_' || op,
        op,
        rel,
        case op
          when 'insert' then 'new table as talentg_new_rows'
          when 'update' then 'old table as talentg_old_rows new table as talentg_new_rows'
          else 'old table as talentg_old_rows'
        end
      );
    exception when duplicate_object then
      null;
    end;
  end loop;

  for rel, trigger_name in
    select t.tgrelid::regclass, t.tgname
    from pg_trigger t
    where t.tgname in ('talentg_realtime_capture_insert', 'talentg_realtime_capture_update', 'talentg_realtime_capture_delete')
      and not exists (
        select 1 from pg_publication_tables p
        where p.pubname = 'supabase_realtime'
          and p.schemaname <> 'realtime'
          and format('%I.%I', p.schemaname, p.tablename)::regclass = t.tgrelid
      )
    union all
    select t.tgrelid::regclass, t.tgname
    from pg_trigger t
    where t.tgname = 'talentg_realtime_capture'
  loop
    execute format('drop trigger if exists %I on %s', trigger_name, rel);
  end loop;
end
$$;
revoke all on function realtime.sync_capture_triggers() from public, anon, authenticated, service_role;

-- The row trigger's function goes once no trigger uses it; a stack restarted on an old database gets here too.
select realtime.sync_capture_triggers();
drop function if exists realtime.capture_change();

-- Evaluates postgres_changes filters with PostgreSQL's own casts and operators, as Supabase does.
-- checks: [{"type": <type oid>, "op": "eq", "value": <filter text>, "row": <row value as text|null>, "negate": bool}]
-- Returns a JSON array of booleans in the same order; a value that does not cast is false.
create or replace function realtime.filter_results(checks jsonb) returns jsonb
language plpgsql
as $$
declare
  check_ jsonb;
  results jsonb := '[]'::jsonb;
  type_ text;
  op text;
  symbol text;
  ok boolean;
begin
  for check_ in select value from jsonb_array_elements(checks) loop
    ok := false;
    begin
      type_ := format_type((check_ ->> 'type')::oid, null);
      op := check_ ->> 'op';
      if op = 'is' then
        if check_ ->> 'value' not in ('null', 'true', 'false', 'unknown') then
          raise exception 'invalid value for is filter';
        end if;
        execute format('select %L::%s is %s', check_ ->> 'row', type_, upper(check_ ->> 'value')) into ok;
      elsif op = 'isdistinct' then
        execute format('select %L::%s is distinct from %L::%s', check_ ->> 'row', type_, check_ ->> 'value', type_)
          into ok;
      else
        symbol := case op
          when 'eq' then '=' when 'neq' then '<>' when 'lt' then '<' when 'lte' then '<='
          when 'gt' then '>' when 'gte' then '>=' when 'in' then '= any'
          when 'like' then 'like' when 'ilike' then 'ilike' when 'match' then '~' when 'imatch' then '~*'
        end;
        if symbol is null then
          raise exception 'unsupported filter operator %', op;
        end if;
        execute format(
          'select %L::%s %s (%L::%s)',
          check_ ->> 'row', type_, symbol, check_ ->> 'value',
          case when op = 'in' then type_ || '[]' else type_ end
        ) into ok;
      end if;
      if coalesce((check_ ->> 'negate')::boolean, false) then
        ok := not ok;
      end if;
    exception when others then
      ok := false;
    end;
    results := results || to_jsonb(coalesce(ok, false));
  end loop;
  return results;
end
$$;
revoke all on function realtime.filter_results(jsonb) from public, anon, authenticated, service_role;

-- Which changed rows each subscriber may see now: for every claims set, become its role with
-- request.jwt.claims set (exactly what a REST request does) and look the rows up by primary key,
-- so the table's RLS policies decide. One call covers a batch of changes and subscribers; the
-- lookups are prepared statements with generic plans, since planning dominates a primary-key probe.
-- groups: [{"role": "authenticated", "claims": {...}, "tables": [{"relid": <oid>, "rows": [{"talentg_i": 0, "id": 1}]}]}]
-- (each row: its index and its primary key columns). Returns a JSON array of the visible indexes. A policy that raises fails the whole call.
create or replace function realtime.visible_rows(groups jsonb) returns jsonb
language plpgsql
as $$
declare
  relid_ oid;
  statement_name text;
  statement_names jsonb := '{}'::jsonb;
  lookup text;
  allowed_roles jsonb := '{}'::jsonb;
  role_ text;
  current_role_ text;
  group_ jsonb;
  table_ jsonb;
  found_ jsonb;
  visible jsonb := '[]'::jsonb;
  plan_cache_mode_ text := current_setting('plan_cache_mode');
  jit_ text := current_setting('jit');
begin
  -- Prepare one lookup per table (per connection), named after its key's definition so a changed
  -- key gets a new statement.
  for relid_ in
    select distinct (t ->> 'relid')::oid
    from jsonb_array_elements(groups) g, jsonb_array_elements(g -> 'tables') t
  loop
    select 'talentg_realtime_visible_' || relid_ || '_' || left(md5(string_agg(a.attname || ':' || a.atttypid, ',' order by a.attnum)), 8),
           format(
             -- Typed key columns keep `t.key = r.key` leakproof, so it may run before the RLS policy as an
             -- index condition: one probe per row, where a cast inside the comparison would make the
             -- planner evaluate the policy on every row of the table first.
             'select coalesce(jsonb_agg(r.talentg_i), ''[]''::jsonb) '
             'from jsonb_to_recordset($1) as r(talentg_i int, %s) '
             'where (select true from %I.%I t where %s limit 1)',
             string_agg(format('%I %s', a.attname, format_type(a.atttypid, a.atttypmod)), ', '),
             n.nspname, c.relname,
             string_agg(format('t.%I = r.%I', a.attname, a.attname), ' and ')
           )
      into statement_name, lookup
      from pg_class c
      join pg_namespace n on n.oid = c.relnamespace
      join pg_index i on i.indrelid = c.oid and i.indisprimary
      join pg_attribute a on a.attrelid = c.oid and a.attnum = any (i.indkey)
     where c.oid = relid_
     group by n.nspname, c.relname;
    if statement_name is null then
      continue;
    end if;
    if not exists (select 1 from pg_prepared_statements where name = statement_name) then
      execute format('prepare %I(jsonb) as %s', statement_name, lookup);
    end if;
    statement_names := statement_names || jsonb_build_object(relid_::text, statement_name);
  end loop;

  -- Only the API roles, as PostgREST allows; anything else sees nothing.
  for role_ in select distinct g ->> 'role' from jsonb_array_elements(groups) g loop
    if exists (select 1 from pg_roles where rolname = role_) and pg_has_role('authenticator', role_, 'member') then
      allowed_roles := allowed_roles || jsonb_build_object(role_, true);
    end if;
  end loop;

  -- Planning costs more than a key probe, so plans are generic; and a probe never deserves JIT.
  perform set_config('plan_cache_mode', 'force_generic_plan', true),
          set_config('jit', 'off', true);
  for group_ in select value from jsonb_array_elements(groups) loop
    role_ := group_ ->> 'role';
    continue when not allowed_roles ? role_;
    if role_ is distinct from current_role_ then
      perform set_config('role', role_, true);
      current_role_ := role_;
    end if;
    perform set_config('request.jwt.claims', (group_ -> 'claims')::text, true);
    for table_ in select value from jsonb_array_elements(group_ -> 'tables') loop
      statement_name := statement_names ->> (table_ ->> 'relid');
      continue when statement_name is null;
      execute format('execute %I(%L)', statement_name, table_ -> 'rows') into found_;
      visible := visible || found_;
    end loop;
  end loop;
  perform set_config('role', 'none', true),
          set_config('request.jwt.claims', '', true),
          set_config('plan_cache_mode', plan_cache_mode_, true),
          set_config('jit', jit_, true);
  return visible;
end
$$;
revoke all on function realtime.visible_rows(jsonb) from public, anon, authenticated, service_role;
