-- The floor board's server view (issue 12): each person's last reported presence, written by their own
-- workstation every 15 s and on every change (floor_heartbeat), read by managers and admins through
-- floor_board(), which adds calls and contacts today and whether the heartbeat is stale or gone.
-- Realtime presence is the live half of the board; this table is what a manager who (re)connects
-- sees at once, and what tells a silent workstation (a closed laptop) from a quiet one.

create table public.floor_status (
  -- One row per person; it goes with their profile.
  user_id uuid primary key references public.profiles (id) on delete cascade,
  state text not null,
  -- When the person entered the state (their workstation's clock, never later than the server's).
  since timestamptz not null,
  -- The lead on the call or in wrap-up; kept as reported, so a lead deleted meanwhile shows no name.
  lead_id uuid,
  pause_reason text,
  -- Outbox entries the workstation had not yet had accepted when it reported.
  pending_writes integer not null default 0,
  heartbeat_at timestamptz not null default now(),
  constraint floor_status_state_check
    check (state in ('ready', 'on_call', 'wrap_up', 'paused', 'offline_syncing')),
  constraint floor_status_pause_reason_check
    check (pause_reason is null or (state = 'paused' and char_length(pause_reason) <= 200)),
  constraint floor_status_lead_check check (lead_id is null or state in ('on_call', 'wrap_up')),
  constraint floor_status_pending_check check (pending_writes >= 0)
);
comment on table public.floor_status is
  'Each person''s last reported presence and heartbeat; written through floor_heartbeat(), read by staff.';

alter table public.floor_status enable row level security;

-- Staff read the floor; nobody writes it directly (floor_heartbeat is the one writer, as its caller).
create policy floor_status_staff_read on public.floor_status
  for select to authenticated
  using ((select private.is_staff()));

revoke all on table public.floor_status from anon, authenticated;
grant select on table public.floor_status to authenticated;

-- The caller's own presence, upserted; answers the server's time of the beat. Only active telecallers,
-- managers and admins are on the floor (42501 otherwise); a malformed report is INVALID_REQUEST.
create function public.floor_heartbeat(
  p_state text,
  p_since timestamptz,
  p_lead_id uuid default null,
  p_pause_reason text default null,
  p_pending_writes integer default 0
)
returns timestamptz
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_user uuid := auth.uid();
begin
  if not exists (
    select 1 from public.profiles p
     where p.id = v_user and p.is_active and p.role in ('telecaller', 'manager', 'admin')
  ) then
    raise exception 'only active telecallers, managers and admins report presence on the floor'
      using errcode = '42501';
  end if;
  if p_state is null
     or p_state not in ('ready', 'on_call', 'wrap_up', 'paused', 'offline_syncing')
     or p_since is null
     or (p_lead_id is not null and p_state not in ('on_call', 'wrap_up'))
     or (p_pause_reason is not null and (p_state <> 'paused' or char_length(p_pause_reason) > 200))
     or p_pending_writes is null or p_pending_writes < 0 then
    perform private.refuse('INVALID_REQUEST',
      'a presence report needs a known state, its start, a lead only on a call and a reason only in a pause');
  end if;
  insert into public.floor_status as f
    (user_id, state, since, lead_id, pause_reason, pending_writes, heartbeat_at)
  -- A workstation clock ahead of the server's would show a negative time in state.
  values (v_user, p_state, least(p_since, now()), p_lead_id, p_pause_reason, p_pending_writes, now())
  on conflict (user_id) do update
    set state = excluded.state,
        since = excluded.since,
        lead_id = excluded.lead_id,
        pause_reason = excluded.pause_reason,
        pending_writes = excluded.pending_writes,
        heartbeat_at = excluded.heartbeat_at;
  return now();
end;
$$;

-- Every active telecaller, manager and admin with their last report, calls and contacts since midnight
-- in p_time_zone (the manager's), and the heartbeat's freshness: stale past p_stale_after, offline past
-- p_offline_after or with no report at all. { as_of, people: [...] }, sorted by name; staff only.
-- The counts read interactions_created_by_idx (created_by, occurred_at) per person, not the whole table.
create function public.floor_board(
  p_time_zone text,
  p_stale_after interval default interval '30 seconds',
  p_offline_after interval default interval '2 minutes'
)
returns jsonb
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  v_today date;
  v_midnight timestamptz;
  v_next_midnight timestamptz;
begin
  perform private.require_staff('read the floor board');
  if not private.is_iana_time_zone(p_time_zone) then
    perform private.refuse('INVALID_TIME_ZONE', format('%s is not a time zone', p_time_zone));
  end if;
  if p_stale_after is null or p_offline_after is null
     or p_stale_after <= interval '0' or p_offline_after < p_stale_after then
    perform private.refuse('INVALID_REQUEST', 'a heartbeat goes stale before it goes offline');
  end if;
  v_today := pg_catalog.timezone(p_time_zone, now())::date;
  -- Both midnights in the zone, so a day with a clock change is as long as it is there.
  v_midnight := pg_catalog.timezone(p_time_zone, v_today::timestamp);
  v_next_midnight := pg_catalog.timezone(p_time_zone, (v_today + 1)::timestamp);
  return jsonb_build_object(
    'as_of', now(),
    'people', coalesce((
      select jsonb_agg(jsonb_build_object(
               'user_id', p.id,
               'full_name', p.full_name,
               'email', p.email,
               'role', p.role,
               'state', f.state,
               'since', f.since,
               'lead_id', f.lead_id,
               'lead_name', l.name,
               'pause_reason', f.pause_reason,
               'pending_writes', coalesce(f.pending_writes, 0),
               'heartbeat_at', f.heartbeat_at,
               'freshness', case
                 when f.heartbeat_at is null or f.heartbeat_at < now() - p_offline_after then 'offline'
                 when f.heartbeat_at < now() - p_stale_after then 'stale'
                 else 'live'
               end,
               'calls_today', t.calls,
               'contacts_today', t.contacts)
             order by p.full_name, p.id)
        from public.profiles p
        left join public.floor_status f on f.user_id = p.id
        left join public.leads l on l.id = f.lead_id
        cross join lateral (
          select count(*)::integer as calls,
                 (count(*) filter (where d.human_contact))::integer as contacts
            from public.interactions i
            left join public.dispositions d on d.code = i.disposition
           where i.created_by = p.id and i.type = 'call'
             and i.occurred_at >= v_midnight and i.occurred_at < v_next_midnight
        ) t
       where p.is_active and p.role in ('telecaller', 'manager', 'admin')
    ), '[]'::jsonb));
end;
$$;

revoke all on all functions in schema private from public;
revoke all on function public.floor_heartbeat(text, timestamptz, uuid, text, integer),
  public.floor_board(text, interval, interval)
  from public, anon;
grant execute on function public.floor_heartbeat(text, timestamptz, uuid, text, integer),
  public.floor_board(text, interval, interval)
  to authenticated, service_role;
