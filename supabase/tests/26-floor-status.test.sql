-- The floor board's server view (migration floor_status): each person writes only their own presence
-- through floor_heartbeat; only managers and admins read it (the table and floor_board); a heartbeat
-- goes stale past 30 s and offline past 2 min or when there is none; calls and contacts count from the
-- manager's midnight.
begin;
\ir _support/helpers.psql
select plan(27);

-- tc1's row in the board as the current actor sees it.
create function tests.board_row(p_who uuid, p_zone text default 'Asia/Kolkata')
returns jsonb
language sql
as $$
  select e from jsonb_array_elements(public.floor_board(p_zone) -> 'people') e
   where e ->> 'user_id' = p_who::text
$$;
grant execute on function tests.board_row(uuid, text) to authenticated;

-- A telecaller of this test alone, with calls around the manager's midnight, and a deactivated one.
insert into auth.users (id, email, aud, role, raw_app_meta_data, raw_user_meta_data) values
  ('00000000-0000-4000-8000-0000000000f1', 'floor1@talentg.test', 'authenticated', 'authenticated',
   '{"provider": "email", "role": "telecaller"}', '{"full_name": "Floor One"}'),
  ('00000000-0000-4000-8000-0000000000f2', 'floorgone@talentg.test', 'authenticated', 'authenticated',
   '{"provider": "email", "role": "telecaller"}', '{"full_name": "Floor Gone"}');
update public.profiles set is_active = false where email = 'floorgone@talentg.test';

-- ---- Writing: only one's own row, only through the RPC ----
select tests.act_as('tc1');
select isnt(public.floor_heartbeat('paused', now() - interval '3 minutes', null, 'Lunch', 2), null,
  'a telecaller reports their own presence');
select is(tests.refusal($$ insert into public.floor_status (user_id, state, since)
                                 values (tests.user_id('tc2'), 'ready', now()) $$),
  '42501', 'a telecaller cannot write a row for someone else');
select is(tests.refusal($$ update public.floor_status set state = 'ready' $$),
  '42501', 'a telecaller cannot rewrite the table directly');
select is(tests.refusal($$ select public.floor_heartbeat('lunch', now()) $$),
  'INVALID_REQUEST', 'an unknown state is refused with its code');
select is(tests.refusal($$ select public.floor_heartbeat('ready', now(), null, 'Lunch') $$),
  'INVALID_REQUEST', 'only a pause has a reason');
select is(tests.refusal($$ select public.floor_heartbeat('ready', now(), tests.lead_id(5)) $$),
  'INVALID_REQUEST', 'only a call or its wrap-up is about a lead');
select is(tests.refusal($$ select public.floor_heartbeat('ready', now(), null, null, -1) $$),
  'INVALID_REQUEST', 'pending writes are never negative');

select tests.act_as('user');
select is(tests.refusal($$ select public.floor_heartbeat('ready', now()) $$),
  '42501', 'an assessment-only user is not on the floor');
select tests.act_as('anon');
select is(tests.refusal($$ select public.floor_heartbeat('ready', now()) $$),
  '42501', 'anon cannot report presence');

-- ---- Reading: staff only ----
select tests.act_as('tc1');
select is((select count(*) from public.floor_status), 0::bigint,
  'a telecaller reads nobody''s row, not even their own');
select is(tests.refusal($$ select public.floor_board('Asia/Kolkata') $$),
  '42501', 'a telecaller cannot read the floor board');
select tests.act_as('anon');
select is(tests.refusal($$ select public.floor_board('Asia/Kolkata') $$),
  '42501', 'anon cannot read the floor board');

select tests.act_as('manager');
select is((select state from public.floor_status where user_id = tests.user_id('tc1')), 'paused',
  'a manager reads the table');
select is(tests.board_row(tests.user_id('tc1')) - 'heartbeat_at' - 'since' - 'calls_today' - 'contacts_today',
  jsonb_build_object('user_id', tests.user_id('tc1'), 'full_name', 'Priya Raman', 'email', 'tc1@talentg.test',
    'role', 'telecaller', 'state', 'paused', 'lead_id', null, 'lead_name', null, 'pause_reason', 'Lunch',
    'pending_writes', 2, 'freshness', 'live'),
  'the board shows the reported pause with its reason and pending writes, live');
select ok((tests.board_row(tests.user_id('tc1')) ->> 'since')::timestamptz <= now() - interval '3 minutes',
  'the board keeps when the state began');
select is(tests.refusal($$ select public.floor_board('IST') $$),
  'INVALID_TIME_ZONE', 'an ambiguous zone is refused with its code');
select is(tests.refusal($$ select public.floor_board('UTC', interval '1 minute', interval '10 seconds') $$),
  'INVALID_REQUEST', 'offline cannot come before stale');

select is(
  (select array_agg(e ->> 'full_name' order by e ->> 'full_name')
     from jsonb_array_elements(public.floor_board('UTC') -> 'people') e),
  array['Anita Desai', 'Arjun Khanna', 'Floor One', 'Priya Raman', 'Rajiv Menon'],
  'every active telecaller, manager and admin is on the board; users and the deactivated are not');
select is(tests.board_row(tests.user_id('tc2')) ->> 'freshness', 'offline',
  'a person who never reported is offline');

-- A workstation clock ahead of the server's does not give a negative time in state.
select tests.act_as('tc2');
select public.floor_heartbeat('on_call', now() + interval '1 hour', tests.lead_id(2));
select tests.act_as('admin');
select ok((tests.board_row(tests.user_id('tc2')) ->> 'since')::timestamptz <= now(),
  'a since in the future is taken as now');
select is(tests.board_row(tests.user_id('tc2')) ->> 'lead_name',
  (select name from public.leads where id = tests.lead_id(2)), 'an admin sees the lead on the call by name');

-- ---- Stale and offline ----
select tests.act_as('postgres');
update public.floor_status set heartbeat_at = now() - interval '45 seconds' where user_id = tests.user_id('tc1');
select tests.act_as('manager');
select is(tests.board_row(tests.user_id('tc1')) ->> 'freshness', 'stale',
  'a heartbeat older than 30 s is stale');
select is(tests.board_row(tests.user_id('tc1')) ->> 'state', 'paused',
  'a stale person keeps their last reported state');
select tests.act_as('postgres');
update public.floor_status set heartbeat_at = now() - interval '3 minutes' where user_id = tests.user_id('tc1');
select tests.act_as('manager');
select is(tests.board_row(tests.user_id('tc1')) ->> 'freshness', 'offline',
  'a heartbeat older than 2 minutes is offline');
select tests.act_as('tc1');
select public.floor_heartbeat('ready', now());
select tests.act_as('manager');
select is(tests.board_row(tests.user_id('tc1')) ->> 'freshness', 'live',
  'the next beat brings a person back');

-- ---- Calls and contacts since the manager's midnight ----
-- Around Kolkata's midnight: NA (no contact) and INT (contact) after it, SALE before it; a note and
-- another person's call never count.
select tests.act_as('postgres');
create temp table kolkata as
  select timezone('Asia/Kolkata', timezone('Asia/Kolkata', now())::date::timestamp) as midnight;
insert into public.interactions (lead_id, type, disposition, occurred_at, created_by)
select tests.lead_id(9), t.type, t.disposition, k.midnight + t.offset_by, t.who
  from kolkata k, (values
    ('call', 'NA', interval '1 second', '00000000-0000-4000-8000-0000000000f1'::uuid),
    ('call', 'INT', interval '2 seconds', '00000000-0000-4000-8000-0000000000f1'::uuid),
    ('call', 'SALE', interval '-1 second', '00000000-0000-4000-8000-0000000000f1'::uuid),
    ('note', null, interval '3 seconds', '00000000-0000-4000-8000-0000000000f1'::uuid),
    ('call', 'INT', interval '4 seconds', '00000000-0000-4000-8000-000000000002'::uuid)
  ) as t (type, disposition, offset_by, who);
select tests.act_as('manager');
select is(
  (select jsonb_build_object('calls', e -> 'calls_today', 'contacts', e -> 'contacts_today')
     from tests.board_row('00000000-0000-4000-8000-0000000000f1') e),
  '{"calls": 2, "contacts": 1}'::jsonb,
  'calls and contacts (dispositions with human contact) count from midnight in the manager''s zone');
select is(
  (select (e ->> 'calls_today')::integer
     from tests.board_row('00000000-0000-4000-8000-0000000000f1', 'America/Los_Angeles') e),
  (select count(*)::integer from public.interactions i
    where i.created_by = '00000000-0000-4000-8000-0000000000f1' and i.type = 'call'
      and i.occurred_at >= (date_trunc('day', now() at time zone 'America/Los_Angeles')
                            at time zone 'America/Los_Angeles')),
  'another zone counts the same calls from its own midnight');

select * from finish();
rollback;
