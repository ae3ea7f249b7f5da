-- The floor's calling hours (issue H5): one row that every workstation caches and judges "callable now"
-- by, instead of the 09:00–21:00 Mon–Sat written into src/domain/calling-window.ts. The row starts as that
-- default, so nothing changes until a manager edits it. Hours are read on each lead's own clock.
-- Every active signed-in person reads it; managers and admins change it through set_calling_hours (as
-- they distribute leads: the role decides, no second factor), and each change is in the audit log.

create table public.floor_settings (
  -- Audit entries name a uuid; the row is one and stays one (singleton).
  id uuid primary key default gen_random_uuid(),
  singleton boolean not null default true,
  -- The same rules as callingWindowSchema: local HH:MM, start before end on the same day, 24:00 ends it.
  calling_start text not null default '09:00',
  calling_end text not null default '21:00',
  calling_days text[] not null default array['mon', 'tue', 'wed', 'thu', 'fri', 'sat'],
  updated_at timestamptz not null default now(),
  -- No foreign key: like the audit log, the row must outlive the person who last changed it.
  updated_by uuid,
  constraint floor_settings_singleton_key unique (singleton),
  constraint floor_settings_singleton_check check (singleton),
  constraint floor_settings_calling_start_check check (calling_start ~ '^([01][0-9]|2[0-3]):[0-5][0-9]$'),
  constraint floor_settings_calling_end_check
    check (calling_end ~ '^(([01][0-9]|2[0-3]):[0-5][0-9]|24:00)$'),
  -- Zero-padded HH:MM sorts as time does, and 24:00 after every other.
  constraint floor_settings_calling_window_check check (calling_start < calling_end),
  constraint floor_settings_calling_days_check check (
    cardinality(calling_days) between 1 and 7
    and calling_days <@ array['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun']
    and array_position(calling_days, null) is null)
);
comment on table public.floor_settings is
  'The floor''s calling hours (one row): local start, end and weekdays a lead may be called on its own clock.';

insert into public.floor_settings default values;

create trigger floor_settings_set_updated_at
  before update on public.floor_settings
  for each row execute function private.set_updated_at();

alter table public.floor_settings enable row level security;

create policy floor_settings_select on public.floor_settings
  for select to authenticated
  using (true);

create policy caller_is_active on public.floor_settings
  as restrictive for all to authenticated
  using ((select private.caller_is_active()))
  with check ((select private.caller_is_active()));

-- Written only through set_calling_hours (or by the service role); the one row is never added or removed.
revoke all on table public.floor_settings from anon;
revoke insert, update, delete, truncate, references, trigger on table public.floor_settings from authenticated;

-- Workstations follow changes as a doorbell (src/workstation/sync/realtime-poke.ts).
alter publication supabase_realtime add table public.floor_settings;

-- ---- The audit log learns the calling hours ----

-- Appended to whatever the lists hold now, in their order, so a migration of the same session that grew
-- them is kept.
do $$
declare
  v_actions text;
  v_entities text;
begin
  select string_agg(quote_literal(v.value), ', ' order by v.ord) into v_actions
    from (select m[1] as value, min(n) as ord
            from regexp_matches((select pg_get_constraintdef(c.oid) from pg_constraint c
                                  where c.conrelid = 'public.audit_log'::regclass
                                    and c.conname = 'audit_log_action_check'),
                                '''([^'']+)''', 'g') with ordinality as t (m, n)
           group by m[1]
          union all
          select 'calling_hours_changed', 1000) as v;
  select string_agg(quote_literal(v.value), ', ' order by v.ord) into v_entities
    from (select m[1] as value, min(n) as ord
            from regexp_matches((select pg_get_constraintdef(c.oid) from pg_constraint c
                                  where c.conrelid = 'public.audit_log'::regclass
                                    and c.conname = 'audit_log_entity_check'),
                                '''([^'']+)''', 'g') with ordinality as t (m, n)
           group by m[1]
          union all
          select 'floor_settings', 1000) as v;
  alter table public.audit_log drop constraint audit_log_action_check;
  execute format('alter table public.audit_log add constraint audit_log_action_check check (action in (%s))',
                 v_actions);
  alter table public.audit_log drop constraint audit_log_entity_check;
  execute format('alter table public.audit_log add constraint audit_log_entity_check check (entity in (%s))',
                 v_entities);
end;
$$;

-- Whoever changes the hours (a manager through the RPC, the service role in a script) is recorded.
create function private.audit_calling_hours_change()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  if (old.calling_start, old.calling_end, old.calling_days)
     is distinct from (new.calling_start, new.calling_end, new.calling_days) then
    perform private.write_audit(
      'calling_hours_changed', 'floor_settings', new.id,
      jsonb_build_object('start', old.calling_start, 'end', old.calling_end, 'days', to_jsonb(old.calling_days)),
      jsonb_build_object('start', new.calling_start, 'end', new.calling_end, 'days', to_jsonb(new.calling_days)));
  end if;
  return null;
end;
$$;

create trigger floor_settings_audit
  after update on public.floor_settings
  for each row execute function private.audit_calling_hours_change();

-- The hours as the workstation reads them (src/workstation/sync/wire.ts floorSettingsRowSchema).
create function private.calling_hours_json(p_row public.floor_settings)
returns jsonb
language sql
stable
set search_path = ''
as $$
  select jsonb_build_object(
    'calling_start', p_row.calling_start,
    'calling_end', p_row.calling_end,
    'calling_days', to_jsonb(p_row.calling_days),
    'updated_at', p_row.updated_at)
$$;

-- A manager or admin sets the floor's calling hours; days are kept in week order, once each. Refused:
-- FORBIDDEN for anyone else, CALLING_WINDOW_INVALID (hint talentg:) for hours the workstation could not use.
create function public.set_calling_hours(p_start text, p_end text, p_days text[])
returns jsonb
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_week constant text[] := array['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];
  v_days text[];
  v_row public.floor_settings;
begin
  if not private.is_staff() then
    perform private.refuse('FORBIDDEN', 'Only a manager or an admin sets the calling hours.');
  end if;
  if p_start is null or p_start !~ '^([01][0-9]|2[0-3]):[0-5][0-9]$' then
    perform private.refuse('CALLING_WINDOW_INVALID', 'The start must be a time such as 09:00.');
  end if;
  if p_end is null or p_end !~ '^(([01][0-9]|2[0-3]):[0-5][0-9]|24:00)$' then
    perform private.refuse('CALLING_WINDOW_INVALID', 'The end must be a time such as 21:00 (24:00 for midnight).');
  end if;
  if p_start >= p_end then
    perform private.refuse('CALLING_WINDOW_INVALID', 'The calling hours must end after they start, on the same day.');
  end if;
  if p_days is null or not (p_days <@ v_week) or array_position(p_days, null) is not null then
    perform private.refuse('CALLING_WINDOW_INVALID', 'Calling days are mon, tue, wed, thu, fri, sat and sun.');
  end if;
  select coalesce(array_agg(d order by array_position(v_week, d)), '{}') into v_days
    from (select distinct unnest(p_days) as d) as days;
  if cardinality(v_days) = 0 then
    perform private.refuse('CALLING_WINDOW_INVALID', 'Pick at least one calling day.');
  end if;

  update public.floor_settings s
     set calling_start = p_start, calling_end = p_end, calling_days = v_days, updated_by = auth.uid()
   where s.singleton
  returning s.* into v_row;
  return private.calling_hours_json(v_row);
end;
$$;
comment on function public.set_calling_hours(text, text, text[]) is
  'A manager or admin sets the floor''s calling hours (audited); FORBIDDEN for others, CALLING_WINDOW_INVALID for bad hours.';

revoke all on function private.audit_calling_hours_change(), private.calling_hours_json(public.floor_settings)
  from public, anon, authenticated;
revoke all on function public.set_calling_hours(text, text, text[]) from public, anon;
grant execute on function public.set_calling_hours(text, text, text[]) to authenticated;
