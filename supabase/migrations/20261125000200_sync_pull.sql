-- Pull and bootstrap RPCs of the workstation sync (docs/sync-protocol.md).
-- Security definer because the caller has no access to schema sync; each function applies the
-- same visibility as the tables' RLS itself: staff see everything, everyone else the leads
-- assigned to them and those leads' interactions and callbacks.

-- The cursor answer that sends the client to sync_bootstrap.
create function sync.resync_answer(p_now pg_snapshot)
returns jsonb
language sql
immutable
set search_path = ''
as $$
  select jsonb_build_object('resync', true, 'changes', '[]'::jsonb, 'next', null, 'cursor', 'v1:' || p_now::text)
$$;

-- Cursor grammar (opaque to clients): 'v1:<snapshot>' is a stored cursor; a page of a pull in
-- progress is 'v1:<from snapshot>/<to snapshot>/<after xid>/<after id>'.
create function public.sync_pull(p_cursor text default null, p_limit integer default 1000)
returns jsonb
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  v_uid uuid := auth.uid();
  v_staff boolean;
  v_now pg_snapshot := pg_current_snapshot();
  v_from pg_snapshot;
  v_to pg_snapshot;
  v_after_xid xid8 := '0'::xid8;
  v_after_id bigint := 0;
  v_parts text[];
  v_horizon xid8;
  v_answer jsonb;
begin
  if v_uid is null then
    raise exception 'sync_pull needs a signed-in user' using errcode = '42501';
  end if;
  if p_limit is null or p_limit < 1 or p_limit > 10000 then
    raise exception 'p_limit must be between 1 and 10000' using errcode = '22023';
  end if;
  v_staff := private.is_staff();

  if p_cursor is null or left(p_cursor, 3) <> 'v1:' then
    return sync.resync_answer(v_now);
  end if;
  v_parts := string_to_array(substr(p_cursor, 4), '/');
  begin
    if cardinality(v_parts) = 1 then
      v_from := v_parts[1]::pg_snapshot;
      v_to := v_now;
    elsif cardinality(v_parts) = 4 then
      v_from := v_parts[1]::pg_snapshot;
      v_to := v_parts[2]::pg_snapshot;
      v_after_xid := v_parts[3]::xid8;
      v_after_id := v_parts[4]::bigint;
    else
      return sync.resync_answer(v_now);
    end if;
  exception
    when data_exception then
      return sync.resync_answer(v_now);
  end;

  -- A snapshot from the future (a restored database) or out of order cannot be trusted.
  if pg_snapshot_xmax(v_from) > pg_snapshot_xmax(v_now) or pg_snapshot_xmax(v_to) > pg_snapshot_xmax(v_now)
     or pg_snapshot_xmin(v_from) > pg_snapshot_xmin(v_to) or pg_snapshot_xmax(v_from) > pg_snapshot_xmax(v_to) then
    return sync.resync_answer(v_now);
  end if;
  v_horizon := sync.log_horizon_xid();
  if v_horizon is not null and pg_snapshot_xmin(v_from) <= v_horizon then
    return sync.resync_answer(v_now);
  end if;
  -- Start the keyset at the previous snapshot's xmin: older transactions are all in v_from, and
  -- a row-comparison start key lets the (xid, id) index scan begin there instead of at the front.
  if v_after_xid < pg_snapshot_xmin(v_from) then
    v_after_xid := pg_snapshot_xmin(v_from);
    v_after_id := 0;
  end if;

  -- One statement per page: entries of transactions visible in v_to but not in v_from, the
  -- caller's only, keyset-paged by (xid, id); each touched entity answered with its current row.
  with candidates as materialized (
    select c.id, c.xid, c.entity, c.entity_id, c.kind
      from sync.change_log c
     where (c.xid, c.id) > (v_after_xid, v_after_id)
       and c.xid < pg_snapshot_xmax(v_to)
       and pg_visible_in_snapshot(c.xid, v_to)
       and not pg_visible_in_snapshot(c.xid, v_from)
       and (v_staff or c.owner = v_uid or c.audience = v_uid)
     order by c.xid, c.id
     limit p_limit + 1
  ),
  page as (
    select p.* from candidates p order by p.xid, p.id limit p_limit
  ),
  last_entry as (
    select p.xid, p.id from page p order by p.xid desc, p.id desc limit 1
  ),
  touched as (
    select p.entity, p.entity_id, true as named from page p
    union all
    -- A grant brings the lead's history; after a revoke the same rows are simply not visible.
    select 'interaction', i.id, false
      from page p join public.interactions i on i.lead_id = p.entity_id
     where p.entity = 'lead' and p.kind in ('grant', 'revoke')
    union all
    select 'callback', cb.id, false
      from page p join public.callbacks cb on cb.lead_id = p.entity_id
     where p.entity = 'lead' and p.kind in ('grant', 'revoke')
  ),
  entities as (
    select t.entity, t.entity_id, bool_or(t.named) as named from touched t group by t.entity, t.entity_id
  ),
  answers as materialized (
    select e.entity, e.entity_id, e.named,
           case e.entity
             when 'lead' then (
               select to_jsonb(l) from public.leads l
                where l.id = e.entity_id and (v_staff or l.assigned_to = v_uid))
             when 'interaction' then (
               select to_jsonb(i) from public.interactions i
                where i.id = e.entity_id
                  and (v_staff or exists (select 1 from public.leads l where l.id = i.lead_id and l.assigned_to = v_uid)))
             else (
               select to_jsonb(cb) from public.callbacks cb
                where cb.id = e.entity_id
                  and (v_staff or exists (select 1 from public.leads l where l.id = cb.lead_id and l.assigned_to = v_uid)))
           end as row
      from entities e
  )
  select jsonb_build_object(
           'resync', false,
           'changes', coalesce((
             select jsonb_agg(
                      case when a.row is null
                        then jsonb_build_object('entity', a.entity, 'id', a.entity_id, 'op', 'remove')
                        else jsonb_build_object('entity', a.entity, 'id', a.entity_id, 'op', 'upsert', 'row', a.row)
                      end
                      order by array_position(array['lead', 'interaction', 'callback'], a.entity), a.entity_id)
               from answers a
              where a.row is not null or a.named
           ), '[]'::jsonb),
           'next', case when (select count(*) from candidates) > p_limit then
             (select 'v1:' || v_from::text || '/' || v_to::text || '/' || le.xid::text || '/' || le.id::text
                from last_entry le)
           end,
           'cursor', case when (select count(*) from candidates) > p_limit then null else 'v1:' || v_to::text end
         )
    into v_answer;
  return v_answer;
end;
$$;

-- Keyset pages of what the caller sees now; one statement builds each page's JSON. json, not
-- jsonb: a page is megabytes of rows that are only passed on, and json_agg just concatenates.
create function public.sync_bootstrap(p_entity text, p_after text default null, p_limit integer default 5000)
returns json
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  v_uid uuid := auth.uid();
  v_staff boolean;
  -- Uuids sort after the nil uuid; the first page starts there inclusive.
  v_after_id uuid;
  v_lower uuid;
  v_answer json;
begin
  if v_uid is null then
    raise exception 'sync_bootstrap needs a signed-in user' using errcode = '42501';
  end if;
  -- Large pages: the client writes each page in one SQLite transaction, and fewer, larger ones cost far less.
  if p_limit is null or p_limit < 1 or p_limit > 50000 then
    raise exception 'p_limit must be between 1 and 50000' using errcode = '22023';
  end if;
  if p_entity is null or p_entity not in ('lead', 'interaction', 'callback', 'disposition') then
    raise exception 'p_entity must be lead, interaction, callback or disposition' using errcode = '22023';
  end if;
  v_staff := private.is_staff();
  if p_entity <> 'disposition' then
    v_after_id := p_after::uuid;
    v_lower := coalesce(v_after_id, '00000000-0000-0000-0000-000000000000'::uuid);
  end if;

  if p_entity = 'lead' then
    select json_build_object(
             'rows', coalesce(json_agg(x order by x.id), '[]'::json),
             'next_after', case when count(*) = p_limit then (array_agg(x.id order by x.id desc))[1]::text end)
      into v_answer
      from (select l.* from public.leads l
             where l.id >= v_lower and (v_after_id is null or l.id <> v_after_id)
               and (v_staff or l.assigned_to = v_uid)
             order by l.id limit p_limit) x;
  elsif p_entity = 'interaction' then
    select json_build_object(
             'rows', coalesce(json_agg(x order by x.id), '[]'::json),
             'next_after', case when count(*) = p_limit then (array_agg(x.id order by x.id desc))[1]::text end)
      into v_answer
      from (select i.* from public.interactions i
             where i.id >= v_lower and (v_after_id is null or i.id <> v_after_id)
               and (v_staff or exists (select 1 from public.leads l where l.id = i.lead_id and l.assigned_to = v_uid))
             order by i.id limit p_limit) x;
  elsif p_entity = 'callback' then
    select json_build_object(
             'rows', coalesce(json_agg(x order by x.id), '[]'::json),
             'next_after', case when count(*) = p_limit then (array_agg(x.id order by x.id desc))[1]::text end)
      into v_answer
      from (select cb.* from public.callbacks cb
             where cb.id >= v_lower and (v_after_id is null or cb.id <> v_after_id)
               and (v_staff or exists (select 1 from public.leads l where l.id = cb.lead_id and l.assigned_to = v_uid))
             order by cb.id limit p_limit) x;
  else
    -- Every signed-in role reads the catalogue (dispositions_select is `using (true)`).
    select json_build_object(
             'rows', coalesce(json_agg(x order by x.code), '[]'::json),
             'next_after', case when count(*) = p_limit then (array_agg(x.code order by x.code desc))[1] end)
      into v_answer
      from (select d.* from public.dispositions d
             where d.code > coalesce(p_after, '')
             order by d.code limit p_limit) x;
  end if;
  return v_answer;
end;
$$;

revoke all on all functions in schema sync from public;
revoke execute on function public.sync_pull(text, integer), public.sync_bootstrap(text, text, integer) from public, anon;
grant execute on function public.sync_pull(text, integer), public.sync_bootstrap(text, text, integer) to authenticated;
