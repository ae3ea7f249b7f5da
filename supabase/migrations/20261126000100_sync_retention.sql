-- Retention of the sync tables (docs/sync-protocol.md, "Retention"): one function that prunes the
-- change log, the push store and the conflict log by age, scheduled daily by pg_cron where the
-- database has it (hosted Supabase) and by a timer in the embedded stack (src/local-supabase/retention.ts).

-- Each prune selects by age; without these every run would read the whole table.
create index change_log_created_at_idx on sync.change_log (created_at);
create index mutations_received_at_idx on sync.mutations (received_at);
create index conflicts_occurred_at_idx on sync.conflicts (occurred_at);

-- Pruning sync.mutations never lets a seq apply twice: sync_push compares a seq with
-- sync.clients.last_seq, which is never pruned, so a resent seq whose row is gone still answers
-- `duplicate`, only without the stored fields (no original_status, code, message, server_row, flag).
-- A client resends only the seqs its outbox still holds, and those all sit in one batch starting at
-- its oldest unacknowledged seq; a batch is at most 1000 mutations. So each client's 1000 highest
-- seqs are kept whatever their age: a workstation that lost a push's answer and was away for months
-- still gets the stored answers back (a refusal still lands in its dead letters, a reused seq is
-- still SYNC_SEQ_REUSED), and the store stays bounded at 1000 old rows per client.
create function sync.run_retention()
returns jsonb
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_change_log bigint;
  v_mutations bigint;
  v_conflicts bigint;
begin
  v_change_log := sync.prune_change_log(interval '30 days');

  with gone as (
    delete from sync.mutations m
     using sync.clients c
     where c.client_id = m.client_id
       and m.received_at < now() - interval '90 days'
       and m.seq <= c.last_seq - 1000
    returning 1
  )
  select count(*) into v_mutations from gone;

  with gone as (
    delete from sync.conflicts c where c.occurred_at < now() - interval '180 days' returning 1
  )
  select count(*) into v_conflicts from gone;

  return jsonb_build_object('change_log', v_change_log, 'mutations', v_mutations, 'conflicts', v_conflicts);
end;
$$;
comment on function sync.run_retention() is
  'Prunes sync.change_log (30 days), sync.mutations (90 days, each client''s last 1000 seqs kept) and sync.conflicts (180 days); returns the counts removed.';

revoke all on function sync.run_retention() from public, anon, authenticated;
grant execute on function sync.run_retention() to service_role;

-- Hosted Supabase: pg_cron runs it daily, set up as Supabase's Cron guide does. Scheduling by name
-- replaces a job of the same name, so re-running this block never adds a second job. Our PG15 test
-- cluster and PGlite have no pg_cron; a server that ships it without preloading it (or keeps its
-- jobs in another database) cannot create it, and gets a warning instead of a failed migration.
do $$
begin
  -- No notice here: the embedded stack applies this on every fresh database and runs the job itself.
  if not exists (select 1 from pg_catalog.pg_available_extensions where name = 'pg_cron') then
    return;
  end if;
  begin
    create extension if not exists pg_cron with schema pg_catalog;
  exception
    when others then
      raise warning 'pg_cron is available but could not be created (%): schedule sync.run_retention() another way', sqlerrm;
      return;
  end;
  grant usage on schema cron to postgres;
  grant all privileges on all tables in schema cron to postgres;
  perform cron.schedule('sync-retention', '17 3 * * *', 'select sync.run_retention()');
end;
$$;
