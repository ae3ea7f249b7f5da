-- Which database a workstation's cache belongs to (docs/sync-protocol.md, "Database identity"). A cache
-- holds a cursor into one database's transaction ids and an outbox numbered for one database's
-- sync.clients row; pointed at another database (a reset demo stack, another project with the same
-- users) its pulls would skip changes and its pushes stall on SYNC_SEQ_GAP. The workstation asks for this
-- id before it syncs and refuses a database other than the one its cache was filled from.
--
-- The id is made on first use, not by this migration, so that databases copied from one template
-- (the embedded stack's PGlite templates) still get one each.
create table sync.database_identity (
  singleton boolean primary key default true,
  id uuid not null default gen_random_uuid(),
  created_at timestamptz not null default now(),
  constraint database_identity_singleton_check check (singleton)
);
comment on table sync.database_identity is 'This database''s id for workstation caches, made on first use.';

create function public.sync_database()
returns uuid
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_id uuid;
begin
  if auth.uid() is null then
    raise exception 'sync_database needs a signed-in user' using errcode = '42501';
  end if;
  select d.id into v_id from sync.database_identity d where d.singleton;
  if v_id is null then
    insert into sync.database_identity (singleton) values (true) on conflict (singleton) do nothing;
    select d.id into v_id from sync.database_identity d where d.singleton;
  end if;
  return v_id;
end;
$$;

revoke all on table sync.database_identity from public, anon, authenticated;
revoke execute on function public.sync_database() from public, anon;
grant execute on function public.sync_database() to authenticated;
