-- Sync change log (docs/sync-protocol.md): an append-only log written by statement triggers on
-- leads, interactions and callbacks, each entry stamped with its top-level transaction id so a pull
-- can select "committed after the previous snapshot" instead of trusting timestamps or sequences.
-- The schema is not in [api] schemas and no request role gets usage: only the security definer
-- sync RPCs and triggers read or write it.
create schema if not exists sync;
comment on schema sync is 'Change log, push bookkeeping and conflicts of the workstation sync; reached only through RPCs.';
revoke all on schema sync from public;

create table sync.change_log (
  id bigint generated always as identity primary key,
  -- pg_current_xact_id() is the top-level id even inside a subtransaction, as snapshots list it.
  xid xid8 not null default pg_current_xact_id(),
  entity text not null,
  entity_id uuid not null,
  -- The lead whose assignment decides who sees the entity.
  lead_id uuid not null,
  kind text not null,
  -- The lead's assigned_to when the entry was written (upsert, delete).
  owner uuid,
  -- The one telecaller a revoke or grant is for.
  audience uuid,
  created_at timestamptz not null default now(),
  constraint change_log_entity_check check (entity in ('lead', 'interaction', 'callback')),
  constraint change_log_kind_check check (kind in ('upsert', 'delete', 'revoke', 'grant'))
);
comment on table sync.change_log is 'Append-only log of changes to leads, interactions and callbacks, by transaction id.';
-- Pulls scan xid >= the previous snapshot's xmin and page by (xid, id).
create index change_log_xid_id_idx on sync.change_log (xid, id);

-- The newest transaction id whose entries prune_change_log removed: a cursor whose snapshot
-- could still need one of them (xmin <= xid) must resync.
create table sync.log_horizon (
  singleton boolean primary key default true,
  xid xid8 not null,
  pruned_at timestamptz not null default now(),
  constraint log_horizon_singleton_check check (singleton)
);
comment on table sync.log_horizon is 'Retention horizon of sync.change_log; older cursors get resync.';

-- Nothing outside the definer functions touches these; RLS without policies backs that up.
alter table sync.change_log enable row level security;
alter table sync.log_horizon enable row level security;
revoke all on all tables in schema sync from public, anon, authenticated;

-- ---- Triggers: statement level with transition tables, so a bulk import costs one insert ----

create function sync.log_lead_insert()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  insert into sync.change_log (entity, entity_id, lead_id, kind, owner)
  select 'lead', n.id, n.id, 'upsert', n.assigned_to from new_rows n;
  return null;
end;
$$;

-- A reassignment is also a revoke for the old holder and a grant for the new one.
create function sync.log_lead_update()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  insert into sync.change_log (entity, entity_id, lead_id, kind, owner, audience)
  select 'lead', n.id, n.id, 'upsert', n.assigned_to, null::uuid from new_rows n
  union all
  select 'lead', o.id, o.id, 'revoke', null, o.assigned_to
    from old_rows o join new_rows n on n.id = o.id
   where o.assigned_to is not null and o.assigned_to is distinct from n.assigned_to
  union all
  select 'lead', n.id, n.id, 'grant', null, n.assigned_to
    from old_rows o join new_rows n on n.id = o.id
   where n.assigned_to is not null and o.assigned_to is distinct from n.assigned_to
  union all
  -- Only a privileged update changes an id; the old id is gone for its holder.
  select 'lead', o.id, o.id, 'delete', o.assigned_to, null
    from old_rows o
   where not exists (select 1 from new_rows n where n.id = o.id);
  return null;
end;
$$;

create function sync.log_lead_delete()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  insert into sync.change_log (entity, entity_id, lead_id, kind, owner)
  select 'lead', o.id, o.id, 'delete', o.assigned_to from old_rows o;
  return null;
end;
$$;

create trigger leads_sync_log_insert
  after insert on public.leads
  referencing new table as new_rows
  for each statement execute function sync.log_lead_insert();

create trigger leads_sync_log_update
  after update on public.leads
  referencing old table as old_rows new table as new_rows
  for each statement execute function sync.log_lead_update();

create trigger leads_sync_log_delete
  after delete on public.leads
  referencing old table as old_rows
  for each statement execute function sync.log_lead_delete();

-- Interactions and callbacks share these: both have id and lead_id, and the table names the entity.
create function sync.log_child_insert()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_entity text := case tg_table_name when 'interactions' then 'interaction' else 'callback' end;
begin
  insert into sync.change_log (entity, entity_id, lead_id, kind, owner)
  select v_entity, n.id, n.lead_id, 'upsert', l.assigned_to
    from new_rows n left join public.leads l on l.id = n.lead_id;
  return null;
end;
$$;

-- A row moved to another lead is also an upsert for the old lead's holder, who then loses it.
create function sync.log_child_update()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_entity text := case tg_table_name when 'interactions' then 'interaction' else 'callback' end;
begin
  insert into sync.change_log (entity, entity_id, lead_id, kind, owner)
  select v_entity, n.id, n.lead_id, 'upsert', l.assigned_to
    from new_rows n left join public.leads l on l.id = n.lead_id
  union all
  select v_entity, o.id, o.lead_id, 'upsert', l.assigned_to
    from old_rows o
    join new_rows n on n.id = o.id
    left join public.leads l on l.id = o.lead_id
   where o.lead_id <> n.lead_id
  union all
  select v_entity, o.id, o.lead_id, 'delete', l.assigned_to
    from old_rows o left join public.leads l on l.id = o.lead_id
   where not exists (select 1 from new_rows n where n.id = o.id);
  return null;
end;
$$;

-- Rows deleted with their lead find no lead (owner null): the lead's own delete entry covers them.
create function sync.log_child_delete()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_entity text := case tg_table_name when 'interactions' then 'interaction' else 'callback' end;
begin
  insert into sync.change_log (entity, entity_id, lead_id, kind, owner)
  select v_entity, o.id, o.lead_id, 'delete', l.assigned_to
    from old_rows o left join public.leads l on l.id = o.lead_id;
  return null;
end;
$$;

create trigger interactions_sync_log_insert
  after insert on public.interactions
  referencing new table as new_rows
  for each statement execute function sync.log_child_insert();

create trigger interactions_sync_log_update
  after update on public.interactions
  referencing old table as old_rows new table as new_rows
  for each statement execute function sync.log_child_update();

create trigger interactions_sync_log_delete
  after delete on public.interactions
  referencing old table as old_rows
  for each statement execute function sync.log_child_delete();

create trigger callbacks_sync_log_insert
  after insert on public.callbacks
  referencing new table as new_rows
  for each statement execute function sync.log_child_insert();

create trigger callbacks_sync_log_update
  after update on public.callbacks
  referencing old table as old_rows new table as new_rows
  for each statement execute function sync.log_child_update();

create trigger callbacks_sync_log_delete
  after delete on public.callbacks
  referencing old table as old_rows
  for each statement execute function sync.log_child_delete();

-- ---- Retention ----

-- Removes entries older than `keep` and moves the horizon past them; returns how many went.
-- For a scheduled job (pg_cron or an edge function with the service key).
create function sync.prune_change_log(keep interval)
returns bigint
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_removed bigint;
  v_newest xid8;
begin
  if keep is null or keep < interval '0' then
    raise exception 'prune_change_log needs a non-negative interval to keep' using errcode = '22023';
  end if;
  with gone as (
    delete from sync.change_log c where c.created_at < now() - keep returning c.xid
  )
  select count(*), max(gone.xid) into v_removed, v_newest from gone;
  if v_newest is not null then
    insert into sync.log_horizon as h (singleton, xid) values (true, v_newest)
    on conflict (singleton) do update
      set xid = greatest(h.xid, excluded.xid), pruned_at = now();
  end if;
  return v_removed;
end;
$$;

-- The horizon a cursor is checked against; null until the first prune that removed something.
create function sync.log_horizon_xid()
returns xid8
language sql
stable
security definer
set search_path = ''
as $$
  select h.xid from sync.log_horizon h where h.singleton
$$;

revoke all on all functions in schema sync from public;
grant usage on schema sync to service_role;
grant execute on function sync.prune_change_log(interval) to service_role;
