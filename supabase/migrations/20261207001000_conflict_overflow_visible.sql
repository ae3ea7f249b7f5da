-- The summary rows of sync.conflict_overflow (a push's conflicts beyond the 100 it stores, see
-- 20261207000500_sync_flood_limits.sql) are visible to whom the stored conflicts are: staff read the
-- whole floor's, anyone else their own. Without this a manager reading sync_conflicts saw 100 conflicts
-- of a push that met thousands, and nothing saying so.
--
-- A function of its own rather than extra rows in sync_conflicts: the two tables number their rows from
-- different sequences, so one id cursor could not page both, and the rows have different shapes.

create function sync.conflict_overflow_page(p_after bigint, p_limit integer)
returns table (id bigint, occurred_at timestamptz, user_id uuid, client_id uuid, not_logged integer)
language sql
stable
security definer
set search_path = ''
as $$
  select o.id, o.occurred_at, o.user_id, o.client_id, o.not_logged
    from sync.conflict_overflow o
   where ((select private.is_staff()) or o.user_id = (select auth.uid()))
     and o.id > coalesce(p_after, 0)
   order by o.id
   limit least(greatest(coalesce(p_limit, 200), 1), 1000)
$$;
revoke all on function sync.conflict_overflow_page(bigint, integer) from public, anon, authenticated;

-- Spends from the caller's sync_conflicts bucket: both read the same conflict log.
create function public.sync_conflict_overflow(p_after bigint default null, p_limit integer default 200)
returns table (id bigint, occurred_at timestamptz, user_id uuid, client_id uuid, not_logged integer)
language plpgsql
security definer
set search_path = ''
as $$
begin
  perform sync.spend_call('sync_conflicts');
  return query select * from sync.conflict_overflow_page(p_after, p_limit);
end;
$$;
comment on function public.sync_conflict_overflow(bigint, integer) is
  'Pushes that met more conflicts than sync.conflicts keeps (not_logged: how many were not stored), after p_after by id, at most 1000: staff see all, others their own.';
revoke execute on function public.sync_conflict_overflow(bigint, integer) from public, anon;
grant execute on function public.sync_conflict_overflow(bigint, integer) to authenticated;
