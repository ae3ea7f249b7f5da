-- The floor's calling hours (migration floor_calling_hours): one row, 09:00–21:00 Mon–Sat until someone
-- changes it; every active signed-in person reads it; only managers and admins change it, through
-- set_calling_hours, which refuses hours the workstation could not use; each change is audited.
begin;
\ir _support/helpers.psql
select plan(22);

-- ---- The default row ----
select tests.act_as('tc1');
select results_eq(
  $$ select calling_start, calling_end, calling_days from public.floor_settings $$,
  $$ values ('09:00', '21:00', array['mon', 'tue', 'wed', 'thu', 'fri', 'sat']) $$,
  'a telecaller reads one row: the default 09:00–21:00 Monday to Saturday');
select tests.act_as('anon');
select is(tests.refusal('select count(*) from public.floor_settings'), '42501',
  'anon cannot read the calling hours');

-- ---- Who may change them ----
select tests.act_as('tc1');
select is(tests.refusal($$ select public.set_calling_hours('08:00', '20:00', array['mon']) $$), 'FORBIDDEN',
  'a telecaller cannot set the calling hours');
select is(tests.run($$ update public.floor_settings set calling_start = '00:00' $$), '42501',
  'nor update the row directly');
select is(tests.run($$ insert into public.floor_settings (singleton) values (true) $$), '42501',
  'nor add a row');
select tests.act_as('user');
select is(tests.refusal($$ select public.set_calling_hours('08:00', '20:00', array['mon']) $$), 'FORBIDDEN',
  'nor can a plain user');

select tests.act_as('manager');
select is(
  public.set_calling_hours('10:00', '20:00', array['sun', 'mon', 'mon', 'fri']) - 'updated_at',
  '{"calling_start": "10:00", "calling_end": "20:00", "calling_days": ["mon", "fri", "sun"]}'::jsonb,
  'a manager sets them; the days come back in week order, once each');
select tests.act_as('tc1');
select results_eq(
  $$ select calling_start, calling_end, calling_days from public.floor_settings $$,
  $$ values ('10:00', '20:00', array['mon', 'fri', 'sun']) $$,
  'and a telecaller reads the new hours');

select tests.act_as('postgres');
select results_eq(
  $$ select actor_id, actor_role, entity, old_value, new_value from public.audit_log
      where action = 'calling_hours_changed' $$,
  $$ values (tests.user_id('manager'), 'manager', 'floor_settings',
             '{"start": "09:00", "end": "21:00", "days": ["mon", "tue", "wed", "thu", "fri", "sat"]}'::jsonb,
             '{"start": "10:00", "end": "20:00", "days": ["mon", "fri", "sun"]}'::jsonb) $$,
  'the change is in the audit log with who made it, before and after');
select is((select updated_by from public.floor_settings), tests.user_id('manager'),
  'the row names who changed it last');

select tests.act_as('admin');
select is(public.set_calling_hours('00:00', '24:00', array['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'])
            ->> 'calling_end', '24:00',
  'an admin sets them too (at aal1, as managers'' writes go), 24:00 ending the day');
select tests.act_as('postgres');
select is((select count(*) from public.audit_log where action = 'calling_hours_changed'), 2::bigint,
  'each change is audited once');

-- ---- Hours the workstation could not use ----
select tests.act_as('manager');
select is(tests.refusal($$ select public.set_calling_hours('21:00', '09:00', array['mon']) $$),
  'CALLING_WINDOW_INVALID', 'an end before the start is refused');
select is(tests.refusal($$ select public.set_calling_hours('09:00', '09:00', array['mon']) $$),
  'CALLING_WINDOW_INVALID', 'an empty window is refused');
select is(tests.refusal($$ select public.set_calling_hours('9:00', '21:00', array['mon']) $$),
  'CALLING_WINDOW_INVALID', 'a time not written HH:MM is refused');
select is(tests.refusal($$ select public.set_calling_hours('24:00', '24:00', array['mon']) $$),
  'CALLING_WINDOW_INVALID', '24:00 is an end, never a start');
select is(tests.refusal($$ select public.set_calling_hours('09:00', '21:00', array[]::text[]) $$),
  'CALLING_WINDOW_INVALID', 'no calling day is refused');
select is(tests.refusal($$ select public.set_calling_hours('09:00', '21:00', array['monday']) $$),
  'CALLING_WINDOW_INVALID', 'a day that is not mon..sun is refused');

-- The table's constraints hold for writers that skip the function (the service role, a migration).
select tests.act_as('service_role');
select is(tests.violated_constraint($$ update public.floor_settings set calling_start = '21:00', calling_end = '09:00' $$),
  'floor_settings_calling_window_check', 'the table refuses an end before the start');
select is(tests.violated_constraint($$ update public.floor_settings set calling_days = '{}' $$),
  'floor_settings_calling_days_check', 'and no calling day');
select is(tests.violated_constraint($$ insert into public.floor_settings default values $$),
  'floor_settings_singleton_key', 'and a second row');

-- ---- A deactivated person reads nothing ----
select tests.act_as('postgres');
update public.profiles set is_active = false where id = tests.user_id('tc1');
select tests.act_as('tc1');
select is((select count(*) from public.floor_settings), 0::bigint,
  'a deactivated telecaller''s token reads no calling hours');

select * from finish();
rollback;
