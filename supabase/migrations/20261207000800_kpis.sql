-- Floor KPIs (issue 12): what the KPI screen and `kpis:get` read. Counted in the database, per
-- telecaller and per time bucket (an hour or a day in the manager's time zone), so a month of a
-- floor's calls never leaves the server as rows.
--
-- Only managers and admins may read them; a telecaller gets 42501 like a user: the answer carries the
-- whole floor's names and numbers, and no screen of a telecaller's shows KPIs.
--
-- Bad arguments are refused as P0001 with hint 'talentg:<CODE>' (private.refuse, a code of
-- src/domain/error-codes.ts): KPI_RANGE_INVALID for the range and bucket, INVALID_TIME_ZONE.

-- The calls of a range, read from the index alone: the month of a floor is one index range scan.
create index interactions_calls_occurred_at_idx on public.interactions (occurred_at)
  include (created_by, disposition, duration_seconds)
  where type = 'call';

-- Every callback by due time (the existing due_at index holds only pending ones).
create index callbacks_due_at_all_idx on public.callbacks (due_at)
  include (owner_id, created_by, state, closed_at);

-- Answers {"buckets": [start, ...], "people": [{user_id, email, full_name, role}],
--          "cells": [{user_id, bucket, calls, contacts, conversions, talk_seconds,
--                     callbacks_kept, callbacks_missed}]}
-- Buckets start at the local hour or midnight of p_time_zone and cover [p_from, p_to); a cell is one
-- person's non-empty bucket. People are the active telecallers plus anyone else with a cell.
create function public.floor_kpis(
  p_from timestamptz,
  p_to timestamptz,
  p_bucket text default 'hour',
  p_time_zone text default 'UTC'
)
returns jsonb
language plpgsql
stable
-- Definer: the role check below decides, so the scan skips the per-row RLS checks of a telecaller's view.
security definer
set search_path = ''
-- Compiling the month's aggregate costs more than it saves (measured: a third faster without).
set jit = off
as $$
declare
  v_step interval;
  v_contact_codes text[];
  v_sale_codes text[];
  v_buckets timestamptz[];
  v_result jsonb;
begin
  perform private.require_staff('read the floor''s KPIs');
  if p_from is null or p_to is null or p_to <= p_from then
    perform private.refuse('KPI_RANGE_INVALID', 'The KPI period must end after it starts.');
  end if;
  if p_to - p_from > interval '92 days' then
    perform private.refuse('KPI_RANGE_INVALID', 'The KPI period is at most 92 days.');
  end if;
  v_step := case p_bucket when 'hour' then interval '1 hour' when 'day' then interval '1 day' end;
  if v_step is null then
    perform private.refuse('KPI_RANGE_INVALID', format('Unknown KPI bucket %L: use hour or day.', p_bucket));
  end if;
  -- More than a week of hours is an unreadable chart (and 2,208 buckets per person for 92 days).
  if p_bucket = 'hour' and p_to - p_from > interval '7 days' then
    perform private.refuse('KPI_RANGE_INVALID', 'Hourly KPIs cover at most 7 days; use day buckets.');
  end if;
  if p_time_zone is null then
    perform private.refuse('INVALID_TIME_ZONE', 'A time zone is needed.');
  end if;
  -- An IANA name, as the floor board asks: an abbreviation ('IST') or offset would shift the buckets.
  if not private.is_iana_time_zone(p_time_zone) then
    perform private.refuse('INVALID_TIME_ZONE', format('Unknown time zone %L.', p_time_zone));
  end if;

  -- Hours step in absolute time (a local hour is always one hour long); days step in local dates,
  -- so a day bucket stays midnight to midnight across a DST change.
  select coalesce(array_agg(b.start order by b.start), '{}') into v_buckets
    from (
      select h as start
        from generate_series(date_trunc('hour', p_from, p_time_zone), p_to, v_step) h
       where p_bucket = 'hour'
      union all
      select d::timestamp at time zone p_time_zone
        from generate_series(date_trunc('day', p_from at time zone p_time_zone),
                             p_to at time zone p_time_zone, v_step) d
       where p_bucket = 'day'
    ) b
   where b.start < p_to;

  -- The catalogue's meanings as two short lists, so a month of calls is counted without a join.
  select coalesce(array_agg(d.code) filter (where d.human_contact), '{}'),
         coalesce(array_agg(d.code) filter (where d.sale), '{}')
    into v_contact_codes, v_sale_codes
    from public.dispositions d;

  -- width_bucket finds each row's bucket by binary search in v_buckets: a third cheaper than a
  -- time zone conversion per row on a month of calls.
  with calls as (
    select i.created_by as user_id,
           width_bucket(i.occurred_at, v_buckets) as bucket,
           count(*) as calls,
           count(*) filter (where i.disposition = any (v_contact_codes)) as contacts,
           count(*) filter (where i.disposition = any (v_sale_codes)) as conversions,
           coalesce(sum(i.duration_seconds), 0) as talk_seconds
      from public.interactions i
     where i.type = 'call' and i.occurred_at >= p_from and i.occurred_at < p_to
       and i.created_by is not null
     group by 1, 2
  ),
  -- A callback due in the range counts for its owner (its author when it is anyone's). It is kept when
  -- closed 'done' at most 15 minutes after it was due (src/domain/kpis.ts's grace), missed when marked
  -- missed, closed 'done' later, or still pending 15 minutes past due; cancelled or not yet late, neither.
  callbacks as (
    select coalesce(cb.owner_id, cb.created_by) as user_id,
           width_bucket(cb.due_at, v_buckets) as bucket,
           count(*) filter (where cb.state = 'done' and cb.closed_at <= cb.due_at + interval '15 minutes')
             as callbacks_kept,
           count(*) filter (where cb.state = 'missed'
                              or (cb.state = 'done' and cb.closed_at > cb.due_at + interval '15 minutes')
                              or (cb.state = 'pending' and cb.due_at + interval '15 minutes' < now()))
             as callbacks_missed
      from public.callbacks cb
     where cb.due_at >= p_from and cb.due_at < p_to
       and coalesce(cb.owner_id, cb.created_by) is not null
     group by 1, 2
  ),
  cells as (
    select coalesce(c.user_id, k.user_id) as user_id,
           coalesce(c.bucket, k.bucket) as bucket,
           coalesce(c.calls, 0) as calls,
           coalesce(c.contacts, 0) as contacts,
           coalesce(c.conversions, 0) as conversions,
           coalesce(c.talk_seconds, 0) as talk_seconds,
           coalesce(k.callbacks_kept, 0) as callbacks_kept,
           coalesce(k.callbacks_missed, 0) as callbacks_missed
      from calls c
      full join callbacks k on k.user_id = c.user_id and k.bucket = c.bucket
  ),
  people as (
    select p.id as user_id, p.email, p.full_name, p.role
      from public.profiles p
     where (p.role = 'telecaller' and p.is_active)
        or p.id in (select cells.user_id from cells)
  )
  select jsonb_build_object(
           'buckets', to_jsonb(v_buckets),
           'people', coalesce((select jsonb_agg(to_jsonb(p) order by p.full_name, p.email, p.user_id)
                                 from people p), '[]'),
           'cells', coalesce((select jsonb_agg(jsonb_build_object(
                                       'user_id', c.user_id, 'bucket', v_buckets[c.bucket],
                                       'calls', c.calls, 'contacts', c.contacts,
                                       'conversions', c.conversions, 'talk_seconds', c.talk_seconds,
                                       'callbacks_kept', c.callbacks_kept,
                                       'callbacks_missed', c.callbacks_missed)
                                     order by c.user_id, c.bucket)
                                from cells c
                               where c.calls > 0 or c.callbacks_kept > 0 or c.callbacks_missed > 0), '[]'))
    into v_result;
  return v_result;
end;
$$;

revoke all on function public.floor_kpis(timestamptz, timestamptz, text, text) from public, anon;
grant execute on function public.floor_kpis(timestamptz, timestamptz, text, text) to authenticated;
